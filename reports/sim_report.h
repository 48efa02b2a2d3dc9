/*
 * sim_report — the cycle simulator's results (sim/sim.h) as text and JSON: the `sim` objects
 * of `accel-sim run --engine cycle` (per einsum and per op, docs/report-fields.md) and the
 * whole report of `accel-sim sim` (docs/simulator.md, "Breakdown"). Only reads sim_result
 * structs (no link dependency on the simulator). Pure writers; not thread-safe per stream.
 */
#ifndef REP_SIM_REPORT_H
#define REP_SIM_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "common/json.h"
#include "sim/sim.h"

/* Extra members of einsum `einsum`'s report (run order: ops[0]'s einsums, then ops[1]'s, ...),
 * written by a caller that knows more than the simulator's results, e.g. the functional mode's
 * comparison with golden (cli/func.h): as members of its JSON object, or as text lines under it. */
typedef void rep_einsum_json_hook(com_json *j, int einsum, void *ctx);
typedef void rep_einsum_text_hook(FILE *f, int einsum, const char *name, void *ctx);

/* Sums an op's einsum results (r[0..n), run one after the other) into *out: counts, cycles
 * and energies add up, bandwidths and utilization are recomputed over the summed cycles, peak
 * DRAM bandwidth is the largest, per-level counts are left out (nlevels = 0: einsums may map
 * different levels). False (out zeroed) when n is 0 or an entry is NULL (not simulated). */
bool rep_sim_sum(const sim_result *const *r, int n, sim_result *out);
/* One result as the object `key` (NULL inside an array): cycles, analytical cycles, breakdown,
 * tiles, bursts, DRAM and scratchpad traffic and bandwidth, bank conflicts, DRAM row hits and
 * misses, energies and, per engine, busy / stalled_on_input / stalled_on_output / idle; with t
 * (an einsum), the simulated counts and energy per level of t. */
void rep_sim_json(com_json *j, const char *key, const sim_result *r, const map_target *t);
/* The lines `accel-sim run --engine cycle` prints under an einsum or an op: "label: cycles
 * ...", then engines, traffic and energy, each starting with indent. */
void rep_sim_text(FILE *f, const char *indent, const char *label, const sim_result *r);
/* The table `accel-sim sim` prints: one line per einsum of runs[0..nops) (res in the same
 * order) and per fused op (fres[op index]; fres may be NULL when none is fused), then the
 * simulated cycles per second. ideal: compare with the model's compute. */
void rep_sim_table(FILE *f, const map_op_run *runs, int nops, const sim_result *res,
                   const sim_result *fres, const sim_stats *st, bool ideal);
/* The run-wide figures (simulated cycles, host seconds, cycles/s, quantum, ideal memory) as the
 * object `key`. */
void rep_sim_stats_json(com_json *j, const char *key, const sim_stats *st, bool ideal);
/* The whole `accel-sim sim --json` document: `einsums` (res), `fused_ops` (one per fused op,
 * from fres[op index]; fres may be NULL when none is fused); hook (NULL: none) adds members to
 * every einsum. */
void rep_sim_doc(FILE *f, const char *workload, const map_op_run *runs, int nops,
                 const sim_result *res, const sim_result *fres, const sim_stats *st, bool ideal,
                 rep_einsum_json_hook *hook, void *ctx);

#endif
