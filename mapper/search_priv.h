/*
 * search_priv — internal to the search (search.c: enumeration and driver; search_orders.c: loop
 * orders and the best-so-far). Not part of the public API.
 */
#ifndef MAP_SEARCH_PRIV_H
#define MAP_SEARCH_PRIV_H

#include "mapper/search.h"

#define SR_MAX_REPS 64   /* distinct loop orders kept per set of non-unit loops */
#define SR_MAX_COMBOS 512 /* above this, orders are chosen level by level */
#define SR_MAX_DIVS 4096

typedef struct sr_reps { int n; int8_t p[SR_MAX_REPS][OPS_MAX_RANKS]; } sr_reps;
typedef struct sr_slot { int level, kind; } /* kind 0 temporal, 1 X, 2 Y */ sr_slot;

typedef struct sr_shared {
  const map_target *t;
  const map_options *o;
  int nthreads;
  double deadline;
  sr_slot slots[MAP_MAX_LEVELS * 3];
  int nslots;
  uint64_t divs[OPS_MAX_RANKS][SR_MAX_DIVS];
  int ndivs[OPS_MAX_RANKS];
  uint64_t cfgs[64]; /* bit 3j+s: slot s bypasses level j */
  int ncfgs;
} sr_shared;

typedef struct sr_thread {
  const sr_shared *sh;
  int tid;
  map_mapping m;
  map_result r;
  uint64_t rem[OPS_MAX_RANKS]; /* what is left of each rank for the outer levels */
  uint64_t seq;
  uint64_t nodes; /* DFS nodes visited, for the time checks between leaves */
  bool stop;
  sr_reps **reps; /* lazily built, by mask of non-unit ranks */
  /* best so far: least (cost, seq, order index) */
  bool found;
  double cost;
  uint64_t bseq, bidx;
  map_mapping best;
  map_result bestr;
  uint64_t evaluated, valid, tilings;
} sr_thread;

/* Monotonic seconds. */
double map_sr_now(void);
/* Evaluates every loop-order class of the thread's current tiling (level by level when the
 * product is too large) and keeps the best; sets th->stop when out of memory. */
void map_sr_orders(sr_thread *th);
/* The loop-order classes of the non-unit ranks in mask (built on first use, per thread). */
const sr_reps *map_sr_reps_for(sr_thread *th, unsigned mask);

#endif
