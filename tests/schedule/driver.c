/* driver — runs `accel-sim schedule ARGS...` through cli_cmd_schedule, so the CLI tests do not
 * depend on the subcommand's registration in cli.c. */
#include "cli/commands.h"

int main(int argc, char **argv) {
  argv[0] = "schedule";
  return cli_cmd_schedule(argc, argv);
}
