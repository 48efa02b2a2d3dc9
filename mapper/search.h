/*
 * search — the per-einsum mapper: exhaustive enumeration of the declared mapspace (docs/mapper.md)
 * with pruning, multi-threaded, deterministic.
 *
 * Declared mapspace (docs/mapper.md), enumerated level by level from the innermost outward:
 * one rank per fan-out axis with the largest divisor of what is left of it that fits; temporal
 * factors that keep every tile within its level and every outer one, capacity-maximal for the
 * ranks that index a kept tile (all-or-nothing for the others, none at a level keeping nothing);
 * keep/bypass at levels that may hold two or more of the einsum's tensors; one loop order per
 * class of orders with identical counts; DRAM takes what is left. Partial tilings that overflow
 * a level are pruned (tiles only grow as factors are added). For the latency and EDP objectives,
 * (partial) tilings whose cost lower bound (search_bound.c) exceeds the best mapping found so far
 * are skipped too; that never changes the result.
 *
 * Threads split the tilings round-robin by their enumeration index; the best mapping is the
 * least (cost, tiling index, order index), so the result does not depend on the thread count
 * whenever the space is exhausted within the time limit.
 */
#ifndef MAP_SEARCH_H
#define MAP_SEARCH_H

#include <stdbool.h>

#include "mapper/model.h"
#include "mapper/options.h"

typedef struct map_search_stats {
  double mapspace;       /* size of the declared space before pruning */
  uint64_t tilings;      /* tilings that passed the pruning (and reached a leaf) */
  uint64_t pruned;       /* subtrees (one thread) or tilings skipped by the cost lower bound */
  uint64_t evaluated;    /* model evaluations */
  uint64_t valid;        /* evaluations whose tiles fit */
  double seconds;
  bool exhausted;        /* false when the time limit stopped the search */
  int threads;
} map_search_stats;

typedef struct map_best {
  bool found;
  map_mapping m;
  map_result r;
  double cost;
  map_search_stats st;
} map_best;

/* Searches the mapspace of t for the best mapping under o (objective, time_limit_s, threads).
 * threads_override > 0 replaces o->threads. Returns 0 with *b filled, or -1 when no mapping
 * fits: the error names the level and tensor that are the obstacle and the smallest capacity
 * that would fit (COM_EINPUT), or says the time limit ran out first (COM_EFAIL). */
int map_search_einsum(const map_target *t, const map_options *o, int threads_override, map_best *b,
               com_err *e);

#endif
