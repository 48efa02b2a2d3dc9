/*
 * schedule — graph-level scratchpad planning (COSMA): which tensors stay resident in a
 * scratchpad of a given budget, which are spilled to DRAM and retrieved, and where each lives.
 *
 * A plan is an operator order plus residency intervals: tensor T occupies [addr, addr+bytes)
 * during steps start..end; it arrives by creation (its producer runs at start), a load (a graph
 * input read from DRAM) or a retrieval (an intermediate spilled earlier), and may be spilled
 * to DRAM after end. Compulsory traffic: the first load of each graph input and the write of
 * each graph output. Everything else (spills, retrievals, reloads of graph inputs) is
 * non-compulsory: the number the planner minimizes.
 *
 * The planner: a residency ILP on the given order (one binary per tensor and gap between two
 * consecutive uses, one capacity row per step), segmented into windows for large graphs, with
 * a Belady incumbent as warm start; then addresses by a best-fit allocator (a placement
 * search, an address ILP, or a re-solve at a smaller budget, when it fails). The residency
 * optimum bounds every placed plan on the order from below (reported; a plan reaching it is
 * optimal). Baselines: a linear first-fit allocator with
 * Belady or greedy (largest first) replacement. map_plan_check replays any plan independently.
 * Functions are reentrant (GLPK calls are serialized inside ilp/).
 */
#ifndef MAP_SCHEDULE_H
#define MAP_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "ilp/ilp.h"
#include "mapper/graph.h"

typedef enum { MAP_ARRIVE_CREATE, MAP_ARRIVE_LOAD, MAP_ARRIVE_RETRIEVE } map_arrive;

typedef struct map_interval {
  int tensor;
  int start, end;     /* steps, inclusive */
  uint64_t addr;      /* byte offset in the scratchpad */
  map_arrive arrive;
  bool spill;         /* written to DRAM after step end (non-compulsory) */
} map_interval;

typedef struct map_plan {
  int nsteps;
  int *order;         /* op run at each step */
  int n, cap;
  map_interval *iv;   /* sorted by start, then tensor */
  uint64_t budget;
  uint64_t noncompulsory; /* bytes, as the producer of the plan claims */
} map_plan;

void map_plan_free(map_plan *p);
/* Appends an interval; returns 0 or -1 (out of memory). */
int map_plan_add(map_plan *p, map_interval iv);
/* Sorts the intervals by start step (then tensor). */
void map_plan_sort(map_plan *p);

/* Replays p on g: order valid; every op's inputs and outputs resident when it runs; creation
 * only by the producer at its step; retrievals only after a spill; spills only of intermediates;
 * no tensor twice at once; per-step bytes <= budget; addresses inside the budget and live
 * tensors never overlapping. Computes the non-compulsory bytes into *noncomp (may be NULL)
 * and fails if they differ from p->noncompulsory. Returns 0, or -1 with the first violation
 * (step, op, tensor). Pure. */
int map_plan_check(const map_graph *g, const map_plan *p, uint64_t *noncomp, com_err *e);

/* ---- allocation ---- */
/* Assigns addresses to p's intervals (best fit by decreasing size, conflicts = overlapping
 * steps). Returns 0, 1 when the budget is too small for the placement found, -1 no memory. */
int map_alloc_best_fit(map_plan *p, const map_graph *g);
/* Assigns addresses by a backtracking search (start order; candidates 0, the top and the edges
 * of conflicting placed intervals; conflict-directed backjumping; three value orders), bounded
 * by node_limit assignments so the result is deterministic. Returns 0 placed, 1 not found
 * within the limit (addresses unchanged), -1 no memory. */
int map_alloc_search(map_plan *p, const map_graph *g, long node_limit);
/* Assigns addresses with an ILP (address variables, pairwise non-overlap), warm-started from
 * nothing; for small plans only. Returns 0, 1 when no placement was found, -1 error. */
int map_alloc_ilp(map_plan *p, const map_graph *g, double time_limit_s, com_err *e);

/* Repairs a failed placement window by window: at the first step where an interval lies
 * beyond the budget or overlaps another, the intervals touching a few steps around it are
 * re-placed by an address ILP against the fixed others (widening the window up to ±8 steps).
 * *windows counts the ILPs solved; *bad_step gets the step that could not be repaired.
 * Returns 0 placed, 1 not placed, -1 error. */
int map_alloc_repair(map_plan *p, const map_graph *g, double time_limit_s, int *windows, int *bad_step,
                     com_err *e);

/* Places p's intervals in start order and, where a tensor finds no hole, splits older
 * residents (evict after their last use so far, retrieve at their next use); always succeeds
 * when every step's resident bytes fit the budget. Recounts the traffic. Returns 0, -1 when out
 * of memory or a step exceeds the budget. */
int map_alloc_split(map_plan *p, const map_graph *g);
/* Normalizes spill flags (the first interval of an intermediate with a successor spills) and
 * recounts p->noncompulsory; p must be sorted. */
void map_plan_recount(map_plan *p, const map_graph *g);

/* ---- baselines ---- */
typedef enum { MAP_REPL_BELADY, MAP_REPL_GREEDY } map_repl;
/* Linear (TFLite-style) first-fit allocation on order with the given replacement; addresses
 * included. Needs budget >= the largest op working set. Returns 0, -1 (no memory). */
int map_baseline(const map_graph *g, const int *order, uint64_t budget, map_repl repl,
                 map_plan *out, com_err *e);
/* Belady replacement with capacity only (no addresses): the ILP's incumbent. */
int map_belady_capacity(const map_graph *g, const int *order, uint64_t budget, map_plan *out,
                        com_err *e);

/* ---- the ILP planner ---- */
typedef struct map_sched_options {
  double time_limit_s;    /* per window */
  double mip_gap;
  int segment_binaries;   /* binaries per window before the graph is split (0: never) */
  const char *emit_lp, *emit_mps; /* export the (first window's) model; NULL: no */
  bool warm_start;
  int order_search_moves; /* local-search moves over orders, graphs above MAP_SCHED_FREE_MAX_OPS
                             ops, unless the order is fixed (0: no search) */
  uint64_t order_search_seed;
} map_sched_options;
/* The order search stops at this many time limits (time_limit_s) even before its moves are
 * done: a safety cap that the default moves stay well below on this machine. */
#define MAP_SCHED_SEARCH_CAP 6

typedef struct map_sched_stats {
  ilp_status status;      /* worst window status; with a bound (bound_known): OPTIMAL when the
                             placed plan reaches it, FEASIBLE when it stays above */
  int windows;            /* 1: solved as a whole */
  int binaries, rows;     /* over all windows */
  double gap;             /* relative gap of the single window; -1 unknown or segmented */
  double seconds;          /* in GLPK (residency windows, every attempt) */
  double first_seconds;    /* in GLPK for the first residency solve (before address retries) */
  double total_seconds;    /* the whole map_schedule_order call: ILP, addresses, check */
  uint64_t warm_bytes;    /* non-compulsory bytes of the incumbent */
  int alloc_retries;      /* residency re-solves with less capacity around a step whose
                             addresses could not be placed; -1: fell back to the baseline */
  bool alloc_ilp;         /* addresses came from the address ILP */
  int alloc_windows;      /* address-ILP windows solved to repair best fit */
  bool alloc_split;       /* addresses needed splits (extra spills/retrievals) */
  bool bound_known;       /* bound_bytes holds (one window solved, optimal or with a known gap) */
  uint64_t bound_bytes;   /* lower bound on the non-compulsory bytes of any plan on this order:
                             the residency ILP's optimum (it ignores addresses, a relaxation) */
} map_sched_stats;

map_sched_options map_sched_defaults(void);
/* Plans g on order at budget: residency ILP (segmented when large), its lower bound,
 * addresses (best fit, placement search, address ILPs, capacity re-solves), then
 * map_plan_check. Returns 0, or -1 with an error (budget below M_R names the op). */
int map_schedule_order(const map_graph *g, const int *order, uint64_t budget,
                       const map_sched_options *o, map_plan *out, map_sched_stats *st, com_err *e);
/* Fails with "budget B is below the working set of op X (N bytes); the smallest feasible
 * budget is M_R = N" when budget < M_R. */
int map_schedule_budget_ok(const map_graph *g, uint64_t budget, com_err *e);

/* ---- the free-schedule ILP (schedule_free.c), for small graphs ---- */
#define MAP_SCHED_FREE_MAX_OPS 24
/* Chooses the order too: minimizes non-compulsory bytes at budget (minpeak false) or the peak
 * footprint without any spill (minpeak true). warm_order (and warm_plan, its checked plan, for
 * the traffic objective; may be NULL) seed GLPK. On OPTIMAL/FEASIBLE writes the order and the
 * objective. Returns 0 (see *status) or -1 with an error. */
int map_schedule_free(const map_graph *g, uint64_t budget, bool minpeak, const int *warm_order,
                      const map_plan *warm_plan, double time_limit_s, int *order, ilp_status *status,
                      double *objective, com_err *e);

/* ---- order search for graphs too large for the free-schedule ILP (schedule_lsearch.c) ---- */
/* Local search over topological orders from start: moves of one op inside its dependency
 * window, kept when the Belady (capacity-only) bytes at budget, then the overflow of the
 * no-spill live set over the budget, do not get worse. Stops after moves moves, time_cap_s
 * seconds, or when the Belady bytes reach floor_bytes (a lower bound; at 0, when nothing
 * overflows either); deterministic for a seed when the cap is not reached. Writes the best
 * order found (nops entries) and its Belady bytes. Returns 0 or -1 with an error (no memory). */
int map_sched_order_search(const map_graph *g, const int *start, uint64_t budget, uint64_t floor_bytes, int moves,
                           uint64_t seed, double time_cap_s, int *best, uint64_t *best_bytes, com_err *e);

/* The order search's score of order at budget: the bytes Belady replacement (capacity only)
 * spills and retrieves, and the overflow (bytes by which the no-spill live set exceeds the
 * budget, summed over the steps). Returns 0 or -1 with an error (no memory). */
int map_sched_order_score(const map_graph *g, const int *order, uint64_t budget, uint64_t *bytes, uint64_t *over,
                          com_err *e);

/* ---- window refinement after the order search (schedule_window.c) ---- */
#define MAP_SCHED_WINDOW_MAX 16    /* ops per window at most (the DP has 2^width states) */
#define MAP_SCHED_WINDOW 10        /* the width map_sched_run uses */
#define MAP_SCHED_WINDOW_LEAVES 1000 /* orders of a window it enumerates at most */
/* Slides windows of width consecutive steps (stride width/2) over order; each window's ops are
 * re-ordered among themselves, by a DP over the window's downsets (two costs of the live
 * bytes) and by enumerating up to leaves of its topological orders, and a re-ordering is kept
 * only when the whole order's score (map_sched_order_score: Belady bytes, then overflow) gets
 * strictly better. Passes repeat until one keeps nothing (at most 8), the Belady bytes reach
 * floor_bytes (as in the order search), or time_cap_s (a safety cap). order is rewritten in
 * place and stays a valid topological order; *bytes gets its Belady bytes, *kept the
 * re-orderings kept. Deterministic when the cap is not reached. Returns 0 or -1 with an error
 * (no memory). */
int map_sched_window_refine(const map_graph *g, int *order, uint64_t budget, uint64_t floor_bytes, int width,
                            long leaves, double time_cap_s, uint64_t *bytes, int *kept, com_err *e);

/* ---- a bound for every order (schedule_lb.c) ---- */
/* A lower bound on the non-compulsory bytes of every plan on every order at budget (>= M_R):
 * the bytes live around an op that do not fit beside its operands must leave and come back —
 * the tensors live there in every order (produced by an ancestor, read by a descendant), and on
 * graphs of <= 512 ops also the fewest bytes live there in any order (a minimum cut); a
 * covering ILP over them. *known is false when the graph has more than 4096 ops or GLPK proves
 * nothing in time_limit_s. Returns 0 or -1 with an error. */
int map_sched_any_order_bound(const map_graph *g, uint64_t budget, double time_limit_s, bool *known, uint64_t *bytes,
                              com_err *e);

/* ---- whole runs: budgets, candidate orders, baselines (schedule_run.c) ---- */
typedef struct map_sched_budgets {
  uint64_t m_r, m_p, m_h;  /* M_R, M_P (min peak over the candidate orders), (M_R + M_P) / 2 */
  int norders;             /* 1 (--fixed-order), 2 (+ greedy min-peak), 3 (+ min-peak ILP) */
  int *orders[3];          /* [0] default, [1] greedy min-peak, [2] min-peak ILP */
  uint64_t peaks[3];
  bool m_p_exact;          /* M_P proved minimal by the min-peak ILP */
  ilp_status m_p_status;   /* of the min-peak ILP when it ran */
} map_sched_budgets;

/* Computes the candidate orders and the budgets. Returns 0 or -1 (no memory). */
int map_sched_budgets_of(const map_graph *g, bool fixed_order, map_sched_budgets *b, com_err *e);
void map_sched_budgets_free(map_sched_budgets *b);
/* Resolves "M_R" | "M_P" | "M_H" | a byte size ("512 KiB") into bytes. Returns 0 or -1. */
int map_sched_budget_parse(const char *text, const map_sched_budgets *b, uint64_t *out, com_err *e);

#define MAP_SCHED_MAX_BASELINES 4
typedef struct map_sched_result {
  uint64_t budget;
  map_plan plan;           /* the ILP plan (checked) */
  map_sched_stats stats;
  int order_index;         /* the plan's order: 0..2 a candidate, 3 the free-schedule ILP's,
                              4 the order search's */
  double search_seconds;   /* in the order search (0 when it did not run) */
  bool any_bound_known;    /* any_bound_bytes holds */
  uint64_t any_bound_bytes; /* lower bound for every order (map_sched_any_order_bound) */
  ilp_status free_status;  /* of the free-schedule ILP; ILP_NO_SOLUTION when it did not run */
  int nbase;
  char base_name[MAP_SCHED_MAX_BASELINES][48];
  uint64_t base_bytes[MAP_SCHED_MAX_BASELINES];
  uint64_t best_base;      /* the lowest baseline */
  double reduction;        /* % of the best baseline's non-compulsory bytes removed; -1: n/a */
} map_sched_result;

/* A name for an order index: "default", "min-peak", "min-peak-ilp", "free-ilp", "search". */
const char *map_sched_order_name(int index);
/* Plans g at budget on every candidate order and, without --fixed-order, on the free-schedule
 * ILP's order (small graphs) or the order search's refined by windows (larger ones), keeping
 * the cheapest plan; runs and checks the baselines. Returns 0 or -1 with an error. */
int map_sched_run(const map_graph *g, const map_sched_budgets *b, uint64_t budget,
                  const map_sched_options *o, map_sched_result *r, com_err *e);
void map_sched_result_free(map_sched_result *r);
/* "optimal", "feasible", "timeout", "segmented" (any multi-window result), "fallback". */
const char *map_sched_status_name(const map_sched_stats *st);

#endif
