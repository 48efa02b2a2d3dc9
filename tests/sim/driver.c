/*
 * driver — `sim_cli lower|sim ARGS...`: calls cli_cmd_lower / cli_cmd_sim directly, so the
 * simulator's CLI tests run whether or not cli/cli.c registers the subcommands yet.
 * Each invocation is its own process (one SystemC elaboration per process).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd_sim.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sim_cli lower|sim ARGS...\n");
    return 2;
  }
  if (strcmp(argv[1], "lower") == 0) return cli_cmd_lower(argc - 1, argv + 1);
  if (strcmp(argv[1], "sim") == 0) return cli_cmd_sim(argc - 1, argv + 1);
  fprintf(stderr, "sim_cli: unknown command '%s'\n", argv[1]);
  return 2;
}
