/* main — the accel-sim entry point; every subcommand lives in cli.c and its siblings. */
#include "cli/cli.h"

int main(int argc, char **argv) { return cli_main(argc, argv); }
