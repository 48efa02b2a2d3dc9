/* cli — subcommand dispatch (placeholder until the subcommands land). */
#include "cli/cli.h"

#include <stdio.h>

int cli_main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "accel-sim: not implemented yet\n");
  return CLI_FAIL;
}
