/*
 * search_priv — internal to the search (search.c: enumeration and driver; search_orders.c: loop
 * orders and the best-so-far; search_bound.c: the lower bound that prunes). Not part of the
 * public API; map_sr_search is visible for the test that compares pruned and unpruned search.
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
  bool prune;        /* skip (partial) tilings whose lower bound exceeds the incumbent */
  uint64_t points;   /* product of the rank sizes, 0 when it overflows */
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
  uint64_t evaluated, valid, tilings, pruned;
  double e_floor, busy_floor; /* map_sr_floors of the current keep configuration */
} sr_thread;

/* Monotonic seconds. */
double map_sr_now(void);
/* Evaluates every loop-order class of the thread's current tiling (level by level when the
 * product is too large) and keeps the best; sets th->stop when out of memory. */
void map_sr_orders(sr_thread *th);
/* The loop-order classes of the non-unit ranks in mask (built on first use, per thread). */
const sr_reps *map_sr_reps_for(sr_thread *th, unsigned mask);

/* The search of map_search_einsum with the bound pruning on or off (off: the reference
 * exhaustive search; both give the same best mapping). */
int map_sr_search(const map_target *t, const map_options *o, int threads, bool prune, map_best *b,
                  com_err *e);
/* Fills sh->points (after sh->t is set). */
void map_sr_bound_setup(sr_shared *sh);
/* Floors of every mapping with m's keep masks (search_bound.c): *energy in pJ (0 when a
 * negative energy makes it unknown) and *busy, the cycles the busiest level's transfers take. */
void map_sr_floors(const map_target *t, const map_mapping *m, double *energy, double *busy);
/* True when no completion of th's partial mapping (levels j.. assigned, spatial factors of j
 * included, temporal factors of j not yet) can cost less than th's incumbent, so the subtree
 * can be skipped without changing the (cost, tiling, order) minimum. j = 0 at a leaf. */
bool map_sr_bound_prunes(const sr_thread *th, int j);

#endif
