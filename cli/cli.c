/* cli — the accel-sim entry: global options and subcommand dispatch; see cli.h. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "cli/cmd_format.h"
#include "cli/commands.h"

#ifndef ACCEL_VERSION
#define ACCEL_VERSION "0.0.0"
#endif

typedef struct cli_command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} cli_command;

static const cli_command commands[] = {
    {"run", cli_cmd_run, "map every op of a workload and report latency, energy and area"},
    {"map", cli_cmd_map, "search mappings for every op and report the mapspace and the best"},
    {"eval", cli_cmd_eval, "evaluate a workload with fixed mappings from a mapping file"},
    {"sim", cli_cmd_sim, "run the cycle-approximate simulator and compare with the model"},
    {"lower", cli_cmd_lower, "print the tile programs the simulator executes"},
    {"sweep", cli_cmd_sweep, "sweep architecture/workload parameters into an SQLite database"},
    {"pareto", cli_cmd_pareto, "print the Pareto front (latency, energy, area) of a sweep database"},
    {"report", cli_cmd_report, "write an HTML report with charts (and CSV) of a run JSON or a sweep database"},
    {"schedule", cli_cmd_schedule, "plan scratchpad residency and spills of an operator graph (ILP)"},
    {"check", cli_cmd_check, "validate a workload and print its einsums, tensors and MACs"},
    {"arch", cli_cmd_arch, "print a resolved architecture with every energy/area source"},
    {"cascade", cli_cmd_cascade, "validate an einsum cascade and count its passes over each rank"},
    {"format", cli_cmd_format, "quantize values into a number format, or print its code table"},
    {"golden", cli_cmd_golden, "run the golden GEMM or attention kernel on .npy tensors"},
    {"compare", cli_cmd_compare, "compare two .npy tensors (abs/rel error, ULP histogram)"},
    {"vectors", cli_cmd_vectors, "write RTL $readmemh test vectors of a golden GEMM"},
};

static void cli_help(FILE *out) {
  fprintf(out,
          "usage: accel-sim [run] WORKLOAD.yaml [options]\n"
          "       accel-sim COMMAND [options]   (accel-sim COMMAND --help for details)\n\n"
          "commands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\noptions:\n  --version  print the version\n  --help     print this help\n\n"
          "exit status: 0 ok, 1 failure, 2 usage or input error\n");
}

int cli_main(int argc, char **argv) {
  if (argc < 2) {
    cli_help(stderr);
    return CLI_USAGE;
  }
  const char *first = argv[1];
  if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0 || strcmp(first, "help") == 0) {
    cli_help(stdout);
    return CLI_OK;
  }
  if (strcmp(first, "--version") == 0) {
    printf("accel-sim %s\n", ACCEL_VERSION);
    return CLI_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(first, commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
  if (first[0] == '-') {
    fprintf(stderr, "accel-sim: unknown option '%s' (see accel-sim --help)\n", first);
    return CLI_USAGE;
  }
  if (strchr(first, '.') || strchr(first, '/')) /* a file: the default subcommand is run */
    return cli_cmd_run(argc, argv);
  fprintf(stderr, "accel-sim: unknown command '%s' (see accel-sim --help)\n", first);
  return CLI_USAGE;
}
