/* cmd_arch — `accel-sim arch ARCH.yaml [--json]`: print a resolved architecture with the value
 * and source of every energy and area number. */
#include <stdio.h>

#include "arch/arch.h"
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/json.h"
#include "reports/arch_report.h"

static const char arch_help[] =
    "usage: accel-sim arch ARCH.yaml [--json]\n\n"
    "Validates an architecture file and prints it resolved: memory levels with sizes,\n"
    "bandwidths and instances, compute arrays and units, and every energy (pJ) and area (um^2)\n"
    "value with its source (the YAML line, or the built-in table entry and its scaling).\n\n"
    "  --json  print the architecture as JSON on stdout\n"
    "  --help  print this help\n";

int cli_cmd_arch(int argc, char **argv) {
  const char *json = NULL, *pos[1];
  cli_opt opts[] = {{"--json", false, &json}};
  int npos, st = cli_args_parse("arch", argc, argv, opts, 1, pos, 1, &npos);
  if (st == 1) { fputs(arch_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 1) return cli_usage_error("arch", "expected one architecture file");
  arch_spec *a = NULL;
  com_err e = {0};
  if (arch_load_file(pos[0], &a, &e)) return cli_report_error(e.msg, e.kind);
  if (json) {
    com_json j;
    com_json_init(&j, stdout);
    rep_arch_json(a, &j);
    com_json_finish(&j);
  } else {
    rep_arch_text(a, stdout);
  }
  arch_free(a);
  return CLI_OK;
}
