/* args — option parsing for subcommands; see args.h for the contract. */
#include "cli/args.h"

#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"
#include "common/num.h"

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  fprintf(stderr, "accel-sim %s: ", cmd);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, " (see accel-sim %s --help)\n", cmd);
  return CLI_USAGE;
}

int cli_parse_search_limits(const char *cmd, const char *jobs, const char *limit,
                            uint64_t *threads, double *seconds) {
  if (jobs && (com_parse_u64(jobs, threads) != COM_NUM_OK || *threads > 256))
    return cli_usage_error(cmd, "-j needs a thread count from 0 to 256, got '%s'", jobs);
  if (limit && (com_parse_f64(limit, seconds) != COM_NUM_OK || !(*seconds > 0)))
    return cli_usage_error(cmd, "--time-limit needs a positive number of seconds, got '%s'", limit);
  return 0;
}

int cli_report_error(const char *msg, int kind) {
  fprintf(stderr, "%s\n", msg);
  return kind == CLI_FAIL ? CLI_FAIL : CLI_USAGE;
}

int cli_args_parse(const char *cmd, int argc, char **argv, cli_opt *opts, int nopts,
                   const char **pos, int max_pos, int *npos) {
  *npos = 0;
  bool only_positionals = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_positionals || a[0] != '-' || strcmp(a, "-") == 0) {
      if (*npos == max_pos) return cli_usage_error(cmd, "unexpected argument '%s'", a);
      pos[(*npos)++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) { only_positionals = true; continue; }
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return 1;
    const char *eq = strchr(a, '=');
    size_t len = eq ? (size_t)(eq - a) : strlen(a);
    cli_opt *o = NULL;
    for (int k = 0; k < nopts; k++)
      if (strlen(opts[k].name) == len && strncmp(opts[k].name, a, len) == 0) o = &opts[k];
    if (!o) return cli_usage_error(cmd, "unknown option '%.*s'", (int)len, a);
    if (!o->takes_value) {
      if (eq) return cli_usage_error(cmd, "option '%s' takes no value", o->name);
      *o->value = o->name;
    } else if (eq) {
      *o->value = eq + 1;
    } else {
      if (i + 1 >= argc) return cli_usage_error(cmd, "option '%s' needs a value", o->name);
      *o->value = argv[++i];
    }
  }
  return 0;
}
