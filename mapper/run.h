/*
 * run — maps and evaluates one operator: every einsum of its cascade in order, each searched
 * (or given a fixed mapping), unfused: intermediates go through DRAM, one einsum after the
 * other, so the op's cycles, energy and DRAM bytes are the sums over its einsums.
 * An attention op with a fused `schedule:` (flat, cascade, architecture, fusemax, flash, auto) is
 * evaluated by mapper/fuse.h instead: no einsum is searched (n = 0) and `fuse` holds the result.
 * Also the op's lower bounds (bound.h). Not thread-safe per result; the search inside is
 * multi-threaded.
 */
#ifndef MAP_RUN_H
#define MAP_RUN_H

#include "mapper/bound.h"
#include "mapper/fuse.h"
#include "mapper/ilp_map.h"
#include "mapper/search.h"

typedef struct map_einsum_run {
  map_target t;
  map_mapping m;
  map_result r;
  bool searched;            /* false: the mapping came from a mapping file */
  map_search_stats st;      /* valid when searched */
  bool has_ilp;             /* search: ilp ran the MIP after the search */
  map_ilp_info ilp;
} map_einsum_run;

typedef struct map_op_run {
  const ops_op *op;
  int n;
  map_einsum_run *es;       /* n entries (owned) */
  uint64_t cycles, dram_bytes, macs, points;
  double latency_s, energy_pj, utilization;
  map_bound bound;
  bool fused;               /* evaluated as a fused attention schedule; see fuse */
  map_fuse_result fuse;
} map_op_run;

/* Finds the directive list for einsum es of op in a mapping file's root node: a sequence (for
 * every einsum) or {mappings: [{op, einsum (optional), mapping: [...]}]}. NULL when none. */
const com_ynode *map_run_fixed_for(const com_ynode *root, const ops_op *op, const ops_einsum *es);

/* Checks a mapping file's root: a directive list, or {mappings: [{op, einsum, mapping}]} whose
 * every entry names an op of ops and (when given) one of its einsums. 0 or -1 (located). */
int map_run_fixed_check(const com_ynode *root, const ops_op *ops, int nops, com_err *e);

/* Maps and evaluates op on a. fixed: a mapping file's root node or NULL (search everything).
 * threads > 0 overrides o->threads. Returns 0, or -1 with an error naming the op and einsum. */
int map_run_op(const ops_op *op, const arch_spec *a, const map_options *o, int threads,
               const com_ynode *fixed, map_op_run *run, com_err *e);
void map_run_free(map_op_run *run);

#endif
