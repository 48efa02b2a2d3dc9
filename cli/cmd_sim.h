/*
 * cmd_sim — `accel-sim lower WORKLOAD.yaml` (print the tile programs of the mapper's chosen
 * mappings) and `accel-sim sim WORKLOAD.yaml` (run the cycle simulator on them and print the
 * simulated cycles next to the analytical ones). docs/simulator.md.
 */
#ifndef CLI_CMD_SIM_H
#define CLI_CMD_SIM_H

#include "mapper/run.h"
#include "ops/workload.h"
#include "sim/sim.h"

int cli_cmd_lower(int argc, char **argv);
int cli_cmd_sim(int argc, char **argv);
/* Applies the workload's `simulate:` options (memory: ideal, dram rows) to cfg. */
void cli_sim_options(const map_options *o, sim_config *cfg);

#endif
