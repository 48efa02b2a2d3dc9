/* cmd_check — `accel-sim check WORKLOAD.yaml [--arch FILE] [--json]`: validate everything the
 * workload names (ops, formats, arch, options) and print the IR. */
#include <stdio.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/load.h"
#include "common/json.h"
#include "reports/ir_report.h"

static const char check_help[] =
    "usage: accel-sim check WORKLOAD.yaml [--arch FILE] [--json]\n\n"
    "Validates the workload, its architecture and its options, and prints every op as einsums:\n"
    "ranks and sizes, tensors with extents, formats and bytes, MACs and other operations.\n\n"
    "  --arch FILE  use this architecture instead of the workload's `arch:`\n"
    "  --json       print the IR as JSON on stdout\n"
    "  --help       print this help\n";

int cli_cmd_check(int argc, char **argv) {
  const char *arch = NULL, *json = NULL, *pos[1];
  cli_opt opts[] = {{"--arch", true, &arch}, {"--json", false, &json}};
  int npos, st = cli_args_parse("check", argc, argv, opts, 2, pos, 1, &npos);
  if (st == 1) { fputs(check_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 1) return cli_usage_error("check", "expected one workload file");
  cli_session s;
  com_err e = {0};
  if (cli_session_load(pos[0], arch, &s, &e)) return cli_report_error(e.msg, e.kind);
  if (json) {
    com_json j;
    com_json_init(&j, stdout);
    com_json_obj_begin(&j, NULL);
    com_json_u64(&j, "version", 1);
    rep_ir_json(s.workload, &j);
    com_json_obj_begin(&j, "arch");
    com_json_str(&j, "name", s.arch->name);
    com_json_str(&j, "file", s.arch_file);
    com_json_obj_end(&j);
    com_json_obj_end(&j);
    com_json_finish(&j);
  } else {
    rep_ir_text(s.workload, stdout);
    printf("arch: %s (%s)\n", s.arch->name, s.arch_file);
  }
  cli_session_free(&s);
  return CLI_OK;
}
