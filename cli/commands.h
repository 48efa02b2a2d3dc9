/*
 * commands — the subcommands of accel-sim. Each takes argv with argv[0] = the subcommand name,
 * prints its own --help, and returns the exit status (0 ok, 1 failure, 2 usage/input error).
 */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

int cli_cmd_run(int argc, char **argv);    /* cmd_run.c: map + evaluate + report */
int cli_cmd_check(int argc, char **argv);  /* cmd_check.c: validate and print the IR */
int cli_cmd_arch(int argc, char **argv);   /* cmd_arch.c: print a resolved architecture */
int cli_cmd_cascade(int argc, char **argv); /* cmd_cascade.c: validate a cascade, count passes */
int cli_cmd_map(int argc, char **argv);    /* cmd_run.c: search report and best mappings */
int cli_cmd_eval(int argc, char **argv);   /* cmd_run.c: evaluate fixed mappings */
int cli_cmd_golden(int argc, char **argv);  /* cmd_golden.c: golden gemm|attention on .npy */
int cli_cmd_compare(int argc, char **argv); /* cmd_golden.c: compare two .npy tensors */
int cli_cmd_vectors(int argc, char **argv); /* cmd_golden.c: RTL test vectors of a GEMM */
int cli_cmd_schedule(int argc, char **argv); /* cmd_schedule.c: graph scratchpad planning (COSMA ILP) */
int cli_cmd_lower(int argc, char **argv);   /* cmd_sim.c: print the tile programs */
int cli_cmd_sim(int argc, char **argv);     /* cmd_sim.c: cycle simulator vs analytical */
int cli_cmd_sweep(int argc, char **argv);   /* cmd_sweep.c: design-space sweep into SQLite */
int cli_cmd_pareto(int argc, char **argv);  /* cmd_sweep.c: Pareto front of a sweep database */
int cli_cmd_report(int argc, char **argv);  /* cmd_report.c: HTML/CSV report of a run JSON or sweep DB */

#endif
