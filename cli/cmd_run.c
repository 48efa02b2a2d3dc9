/* cmd_run — `accel-sim [run] WORKLOAD.yaml`: until the cost model lands, run validates the
 * workload like check and says plainly that evaluation is not available; it never prints
 * invented numbers. */
#include <stdio.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/load.h"

static const char run_help[] =
    "usage: accel-sim [run] WORKLOAD.yaml [--arch FILE] [--json]\n\n"
    "Maps every op of the workload onto its architecture and reports latency, energy and area.\n\n"
    "  --arch FILE  use this architecture instead of the workload's `arch:`\n"
    "  --json       machine-readable report on stdout\n"
    "  --help       print this help\n";

int cli_cmd_run(int argc, char **argv) {
  const char *arch = NULL, *json = NULL, *pos[1];
  cli_opt opts[] = {{"--arch", true, &arch}, {"--json", false, &json}};
  int npos, st = cli_args_parse("run", argc, argv, opts, 2, pos, 1, &npos);
  if (st == 1) { fputs(run_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 1) return cli_usage_error("run", "expected one workload file");
  cli_session s;
  com_err e = {0};
  if (cli_session_load(pos[0], arch, &s, &e)) return cli_report_error(e.msg, e.kind);
  fprintf(stderr,
          "accel-sim run: %s is valid (%d ops, %llu MACs on %s), but evaluation is not available "
          "yet: the analytical cost model has not landed. Use `accel-sim check` to see the IR.\n",
          pos[0], s.workload->nops, (unsigned long long)s.workload->macs, s.arch->name);
  cli_session_free(&s);
  return CLI_FAIL;
}
