/* cmd_cascade — `accel-sim cascade FILE | --builtin NAME [--rank R=SIZE]... [--json]`: validate
 * an einsum cascade and print its pass analysis. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/num.h"
#include "ops/cascade.h"
#include "reports/cascade_report.h"

static const char cascade_help[] =
    "usage: accel-sim cascade FILE.yaml [--json]\n"
    "       accel-sim cascade --builtin NAME [--rank R=SIZE]... [--json]\n\n"
    "Validates an einsum cascade (docs/cascades.md) and derives how many passes over each rank\n"
    "it needs, which einsum runs in which pass, and what must stay on chip between passes.\n\n"
    "  --builtin NAME  a built-in cascade: attention-3-pass, attention-2-pass, attention-1-pass, ...\n"
    "  --rank R=SIZE   override a rank size of a built-in cascade (repeatable, at most 12)\n"
    "  --json          print the analysis as JSON\n"
    "  --help          print this help\n";

/* Collects --rank options; returns 0, or a usage error status. */
static int cascade_rank_args(int argc, char **argv, ops_rank_decl *sizes, char names[][OPS_NAME_MAX],
                             int *n, int *rest_argc, char **rest) {
  *n = 0;
  *rest_argc = 0;
  for (int i = 0; i < argc; i++) {
    const char *val = NULL;
    if (strcmp(argv[i], "--rank") == 0 && i + 1 < argc) val = argv[++i];
    else if (strncmp(argv[i], "--rank=", 7) == 0) val = argv[i] + 7;
    if (!val) {
      rest[(*rest_argc)++] = argv[i];
      continue;
    }
    const char *eq = strchr(val, '=');
    if (!eq || eq == val || (size_t)(eq - val) >= OPS_NAME_MAX || *n == OPS_MAX_RANKS)
      return cli_usage_error("cascade", "--rank takes NAME=SIZE, got '%s'", val);
    memcpy(names[*n], val, (size_t)(eq - val));
    names[*n][eq - val] = '\0';
    if (com_parse_u64(eq + 1, &sizes[*n].size) != COM_NUM_OK || sizes[*n].size == 0 ||
        sizes[*n].size > OPS_MAX_SIZE)
      return cli_usage_error("cascade", "--rank %s: the size must be an integer in [1, 2^53]", names[*n]);
    sizes[*n].name = names[*n];
    (*n)++;
  }
  return 0;
}

int cli_cmd_cascade(int argc, char **argv) {
  ops_rank_decl sizes[OPS_MAX_RANKS] = {{0}};
  char names[OPS_MAX_RANKS][OPS_NAME_MAX];
  char **rest = calloc((size_t)argc + 1, sizeof *rest);
  if (!rest) return CLI_FAIL;
  int nsizes, rest_argc;
  int st = cascade_rank_args(argc, argv, sizes, names, &nsizes, &rest_argc, rest);
  const char *json = NULL, *builtin = NULL, *pos[1];
  cli_opt opts[] = {{"--json", false, &json}, {"--builtin", true, &builtin}};
  int npos = 0;
  if (st == 0) st = cli_args_parse("cascade", rest_argc, rest, opts, 2, pos, 1, &npos);
  free(rest);
  if (st == 1) { fputs(cascade_help, stdout); return CLI_OK; }
  if (st) return st;
  if ((builtin != NULL) == (npos == 1))
    return cli_usage_error("cascade", "give either one cascade file or --builtin NAME");
  if (nsizes && !builtin) return cli_usage_error("cascade", "--rank applies to --builtin cascades only");
  ops_cascade *c = NULL;
  com_err e = {0};
  if (builtin ? ops_cascade_builtin(builtin, sizes, nsizes, &c, &e) : ops_cascade_load_file(pos[0], &c, &e))
    return cli_report_error(e.msg, e.kind);
  ops_cascade_analysis *a = malloc(sizeof *a);
  if (!a) {
    ops_cascade_free(c);
    return CLI_FAIL;
  }
  ops_cascade_passes(c, a);
  if (json) {
    com_json j;
    com_json_init(&j, stdout);
    rep_cascade_json(c, a, &j);
    com_json_finish(&j);
  } else {
    rep_cascade_text(c, a, stdout);
  }
  free(a);
  ops_cascade_free(c);
  return CLI_OK;
}
