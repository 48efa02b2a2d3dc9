/*
 * run_report — the report of `accel-sim run`, `map` and `eval`: per op the mapping (Timeloop
 * directive form), cycles, latency, energy by level and by action, utilization, DRAM bytes
 * against the lower bounds; as text, as JSON (docs/report-fields.md lists every field and its
 * unit), and as a mapping file that `accel-sim eval --mapping` reads back.
 * Writes only to the given stream; thread-compatible.
 */
#ifndef REP_RUN_REPORT_H
#define REP_RUN_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "mapper/network.h"
#include "mapper/run.h"
#include "reports/sim_report.h"
#include "sim/sim.h"

#define REP_RUN_VERSION 1

typedef struct rep_run {
  const char *workload;     /* name */
  const char *workload_file;
  const char *arch_file;
  const arch_spec *arch;
  int nops;
  const map_op_run *ops;
  const map_network *net;   /* the whole-network plan (spills/reloads); NULL: not reported */
  /* Cycle simulator (`--engine cycle`): one pointer per einsum in run order (ops[0]'s einsums,
   * then ops[1]'s, ...), NULL for an einsum that was not simulated (a fused op); sim itself is
   * NULL when only the analytical model ran. */
  const sim_result *const *sim;
  const sim_result *fused_sim; /* per op (index of ops): a fused op's simulation; NULL: none */
  const sim_stats *sim_stats;
  bool sim_ideal;           /* simulated with ideal memory */
  /* Extra per-einsum members and lines (the functional mode's), NULL: none. */
  rep_einsum_json_hook *einsum_json;
  rep_einsum_text_hook *einsum_text;
  void *einsum_ctx;
} rep_run;

/* Human-readable report; search statistics per einsum when search_stats; the network section
 * (before the total line, which stays the per-op sum) when r->net; the simulated figures under
 * every einsum and op when r->sim. */
void rep_run_text(FILE *f, const rep_run *r, bool search_stats);
/* The JSON document (top level: version, workload, arch, engine, total, network when r->net,
 * simulation when r->sim, ops; with r->sim every op and einsum has a `sim` object or null);
 * total.dram_bytes stays the per-op sum, total.dram_bytes_with_spills adds the plan's
 * non-compulsory bytes (null when there is no plan). */
void rep_run_json(FILE *f, const rep_run *r);
/* A mapping file ({mappings: [{op, einsum, mapping}]}) with the search figures as comments. */
void rep_run_mapfile(FILE *f, const rep_run *r);

#endif
