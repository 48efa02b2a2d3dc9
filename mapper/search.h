/*
 * search — the per-einsum mapper: exhaustive enumeration of the declared mapspace (docs/mapper.md)
 * with pruning, multi-threaded, deterministic.
 *
 * Mapspace: for every rank, every ordered factorization of its size (all divisors) over the
 * temporal slots of the on-chip levels and the X or Y spatial slot of every level with a fan-out
 * (DRAM takes what is left); per level the loop orders of its non-unit loops, one per class of
 * orders that give identical counts; keep/bypass at levels the arch lets hold two or more of the
 * einsum's tensors (a level dedicated to one tensor keeps it). Partial tilings that overflow a
 * buffer or a fan-out are pruned (tiles only grow as factors are added).
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
  uint64_t tilings;      /* tilings that passed the pruning */
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
