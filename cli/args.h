/*
 * args — the small option parser every subcommand uses: flags (--json), options with a value
 * (--arch FILE or --arch=FILE) and positional arguments, with usage errors that name the
 * subcommand ("accel-sim check: unknown option '--x' (see accel-sim check --help)").
 */
#ifndef CLI_ARGS_H
#define CLI_ARGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct cli_opt {
  const char *name;   /* "--json" */
  bool takes_value;
  const char **value; /* set to the value (takes_value) or to the name (flags) when given */
} cli_opt;

/* Parses argv[1..argc) of subcommand cmd. Positionals go to pos (at most max_pos).
 * Returns 0 ok, 1 when --help/-h was given (print help, exit 0), 2 on a usage error
 * (already printed to stderr). */
int cli_args_parse(const char *cmd, int argc, char **argv, cli_opt *opts, int nopts,
                   const char **pos, int max_pos, int *npos);
/* Parses the values of -j (0..256 threads) and --time-limit (seconds > 0); NULL values leave
 * the outputs alone. Returns 0, or 2 after printing a usage error. */
int cli_parse_search_limits(const char *cmd, const char *jobs, const char *limit,
                            uint64_t *threads, double *seconds);
/* Prints "accel-sim CMD: MESSAGE (see accel-sim CMD --help)" and returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints an error message from a com_err and returns its exit status. */
int cli_report_error(const char *msg, int kind);

#endif
