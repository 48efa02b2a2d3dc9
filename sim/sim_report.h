/*
 * sim_report — the simulator's results as text and JSON, for `accel-sim sim` and for
 * `accel-sim run` with `simulate: {engine: cycle}` (docs/simulator.md, "Breakdown").
 * Pure writers; not thread-safe per stream.
 */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "common/json.h"
#include "sim/sim.h"

/* Writes one einsum's result as the object `key` (NULL inside an array): analytical and
 * simulated cycles, the breakdown, tiles, bursts, DRAM and scratchpad traffic, bandwidth,
 * utilization and, per engine, busy / stalled_on_input / stalled_on_output / idle. */
void sim_result_json(com_json *j, const char *key, const sim_result *r);
/* The table `accel-sim sim` prints: one line per einsum of runs[0..nops) (res in the same
 * order), then the simulated cycles per second. ideal: compare with the model's compute. */
void sim_report_text(FILE *f, const map_op_run *runs, int nops, const sim_result *res,
                     const sim_stats *st, bool ideal);
/* The whole `accel-sim sim --json` document. */
void sim_report_json(FILE *f, const char *workload, const map_op_run *runs, int nops,
                     const sim_result *res, const sim_stats *st, bool ideal);

#endif
