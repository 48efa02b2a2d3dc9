/*
 * model — the analytical cost model: one einsum, one mapping, one architecture (docs/mapper.md
 * gives every formula; docs/validation.md where it differs from Timeloop).
 *
 * Per level j and tensor slot s (element counts, summed over the level's instances):
 *   tile[s]    elements of s one instance holds (affine projections: a sliding-window input dim
 *              spans 1 + sum coef*(extent-1))
 *   reads[s]   elements read out of the level (to inner levels or the PEs; for outputs, the
 *              reads of read-modify-write: every update but the first write of an element)
 *   fills[s]   elements written into the level from its parent (tiles arriving; partial sums
 *              handed back to an inner level that accumulates them further)
 *   updates[s] partial-sum writes arriving from inner levels (read-modify-write of outputs)
 * Energy = reads x read pJ/element + (fills + updates) x write pJ/element + points x op pJ.
 * Cycles = max(compute, every level's per-instance traffic / bandwidth) + fill/drain.
 *
 * map_model_eval allocates nothing and is thread-safe (it reads t and m, writes *r only).
 */
#ifndef MAP_MODEL_H
#define MAP_MODEL_H

#include <stdbool.h>

#include "mapper/mapping.h"
#include "mapper/options.h"

typedef struct map_lresult {
  uint64_t tile[MAP_NT];
  uint64_t reads[MAP_NT], fills[MAP_NT], updates[MAP_NT];
  double energy[MAP_NT];        /* pJ per slot at this level */
  double energy_pj;             /* sum over slots */
  double used_bytes;            /* utilized capacity of one instance */
  uint64_t instances;           /* utilized instances */
  double read_bytes, write_bytes; /* totals over instances */
  double cycles;                /* transfer time of one (busiest) instance */
} map_lresult;

typedef struct map_result {
  bool fits;                    /* every kept tile fits its level */
  int over_level, over_slot;    /* the first level over capacity and its largest tensor */
  double over_bytes;            /* bytes needed beyond the level's size */
  double need_bytes;            /* bytes the over level would need */
  uint64_t cycles, compute_cycles, fill_drain;
  int bound_level;              /* level whose transfers set the time; -1 when compute does */
  arch_dataflow dataflow;       /* of a 2D array (inferred from the innermost loop) */
  double latency_s, energy_pj, compute_pj;
  double energy_slot[MAP_NT];   /* per tensor over all levels */
  double utilization;           /* points x II / (cycles x PEs) */
  double spatial_utilization;   /* PEs used / PEs */
  uint64_t pes_used, points;
  uint64_t dram_bytes;
  map_lresult lv[MAP_MAX_LEVELS];
} map_result;

/* Evaluates m (which must pass map_mapping_check) on t into *r. Returns r->fits. */
bool map_model_eval(const map_target *t, const map_mapping *m, map_result *r);
/* Prices level j's counts in *l (reads, fills, updates per slot) with the target's per-element
 * energies: l->energy[s] = reads x read pJ + (fills + updates) x write pJ, l->energy_pj their
 * sum. The model and the cycle simulator (its simulated counts) share this pricing. */
void map_model_price(const map_target *t, int j, map_lresult *l);
/* Elements of tensor x's tile when rank r spans ext[r] (affine projections, clamped). */
uint64_t map_model_tile(const ops_tensor *x, const uint64_t *ext);
/* "level L holds N bytes per instance, S more than its size (tensor T: B bytes)" for a result
 * that does not fit, into buf (cap bytes). */
void map_model_overflow_text(const map_target *t, const map_result *r, char *buf, size_t cap);
/* The objective's value of a result (lower is better). */
double map_model_cost(const map_result *r, map_objective obj);

#endif
