/*
 * schedule_int — internals shared by schedule.c and schedule_ilp.c (not a public surface).
 * A sched_ctx belongs to one call of map_schedule_order.
 */
#ifndef MAP_SCHEDULE_INT_H
#define MAP_SCHEDULE_INT_H

#include "mapper/schedule.h"

/* Two consecutive uses a < b - 1 of a tensor: one residency decision. */
typedef struct sched_gap { int tensor, a, b; } sched_gap;

typedef struct sched_ctx {
  const map_graph *g;
  const int *order;
  const map_sched_options *opt;
  map_sched_stats *stats;
  uint64_t cap;        /* the budget (the Belady incumbent's capacity) */
  double time_limit_s;  /* per window, this attempt */
  uint64_t *capv;      /* per step: capacity of its row (lowered around allocation failures) */
  uint64_t *base;      /* per step: bytes of the op's own inputs and outputs */
  uint64_t *fixed;     /* per step: bytes of gaps kept by earlier windows */
  int ngaps;
  sched_gap *gaps;     /* sorted by a, then tensor */
  char *keep;          /* per gap: the decision */
  char *warm_keep;     /* per gap: the incumbent's decision */
  char *spilled;       /* per tensor: spilled by an earlier window's decision */
} sched_ctx;

/* Solves all windows; fills keep and the stats. Returns 0 or -1 with an error. */
int sched_solve_windows(sched_ctx *c, com_err *e);

#endif
