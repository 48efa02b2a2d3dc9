/*
 * cli — the accel-sim command line: argument parsing, subcommand dispatch, exit statuses
 * (0 ok, 1 failure, 2 usage or input error). Nothing but the CLI lives in cli/.
 */
#ifndef CLI_H
#define CLI_H

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Runs accel-sim with the given arguments; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
