/*
 * sweep — design-space exploration: a sweep file (docs/sweeps.md) names one or more base
 * workloads, an optional base architecture, and parameters to vary (lists, linear/log ranges,
 * zip groups, seeded random samples) with constraints that prune combinations. Every design
 * point is the base YAML with the parameter values written into it in memory, loaded through
 * the normal strict loaders and mapped with the analytical model (map_run_op per op); results
 * go to SQLite (db.c), which a re-run resumes; the Pareto front is computed from the database.
 *
 * Points are numbered 0..total-1 in the full product of the groups (first group outermost);
 * pruned points keep their number, so numbers never depend on constraints or threads.
 * A loaded swp_spec is read-only and may be shared between threads; everything else is
 * per-thread. No global mutable state except the interrupt flag (run.c).
 */
#ifndef SWP_SWEEP_H
#define SWP_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "common/ydoc.h"
#include "mapper/options.h"

#define SWP_MAX_PARAMS 32
#define SWP_MAX_WORKLOADS 16
#define SWP_MAX_POINTS ((uint64_t)1 << 40)
#define SWP_VAL_MAX 64

typedef struct swp_expr swp_expr; /* a parsed constraint (expr.c) */

typedef enum { SWP_P_LIST, SWP_P_RANDOM } swp_pkind;

typedef struct swp_param {
  char name[48];
  const char *path;          /* "arch.compute[0].rows" or "workload.defaults.format" */
  bool in_arch;              /* path starts with "arch." */
  com_loc loc;               /* the parameter's entry in the sweep file */
  swp_pkind kind;
  uint64_t nvalues;          /* LIST: values given or generated */
  char (*values)[SWP_VAL_MAX]; /* LIST: value texts */
  bool numeric;              /* every value is a number */
  double lo, hi;             /* RANDOM: bounds */
  bool log, integer;         /* RANDOM: log-uniform, rounded to integers */
  int group;                 /* index of its group */
} swp_param;

typedef struct swp_group {
  uint64_t len;              /* values of the group (zip: common length; random: samples) */
  int nparams, first;        /* its params are params[first .. first+nparams-1] */
} swp_group;

typedef struct swp_workload {
  const char *path;          /* resolved relative to the sweep file */
  com_ydoc *wdoc;            /* the workload document */
  com_ydoc *adoc;            /* the base arch document (from the sweep's arch: or the workload's) */
  const com_ynode *aroot;    /* root of the arch tree */
} swp_workload;

typedef struct swp_spec {
  com_ydoc *doc;             /* the sweep file */
  com_ydoc *mdoc;            /* mapping: FILE (fixed mappings, no search) or NULL */
  char hash[17];             /* FNV-1a 64 of the sweep file's bytes, hex */
  const char *name;
  int nworkloads;
  swp_workload workloads[SWP_MAX_WORKLOADS];
  int nparams, ngroups;
  swp_param params[SWP_MAX_PARAMS];
  swp_group groups[SWP_MAX_PARAMS];
  uint64_t seed;             /* random samples */
  int nconstraints;
  swp_expr *constraints[16];
  uint64_t total;            /* points in the full product */
  com_arena arena;
} swp_spec;

/* One value of one parameter at one point. */
typedef struct swp_val {
  char text[SWP_VAL_MAX];
  double num;
  bool numeric;
} swp_val;

/* Loads and validates a sweep file (every path must exist in every base; constraint names must
 * be numeric parameters). Returns 0, or -1 with a located error; free with swp_spec_free. */
int swp_spec_load(const char *path, swp_spec **out, com_err *e);
void swp_spec_free(swp_spec *s);

/* The parameter values of point p (< s->total) into vals (s->nparams entries). Returns true
 * when every constraint holds (false: pruned). Thread-safe. */
bool swp_point_values(const swp_spec *s, uint64_t p, swp_val *vals);

/* Metrics of one point on one workload (sums over the ops). */
typedef struct swp_metrics {
  bool ok;
  char error[COM_ERR_MAX];   /* failed: why */
  uint64_t cycles, dram_bytes, macs;
  double latency_s, energy_pj, area_um2, edp, utilization;
} swp_metrics;

/* Evaluates point vals on workload w of s: applies the overrides, loads, maps every op with one
 * thread; when the point's workload says `simulate: {engine: cycle}`, simulates the mapped ops
 * (swp_sim_ops) and takes cycles, latency, energy, DRAM bytes and utilization from the
 * simulation. Never fails as a function: a bad point comes back with ok = false and the reason.
 * Thread-safe (s is read-only). */
void swp_point_eval(const swp_spec *s, int w, const swp_val *vals, swp_metrics *m);

/* ---- the cycle simulator as engine (simeng.c, child.c) ---- */
#define SWP_SIM_TIMEOUT_S 600.0 /* one point's simulation at most; then it is killed and failed */
/* Simulates runs[0..nops) (mapped, unfused) in a forked child with sim_run_ops, configured from
 * mo's simulate options as `accel-sim sim` is, and fills m's cycles, latency (at clock_hz),
 * energy_pj, dram_bytes and utilization. 0, or -1 with the reason (a fused op, a simulator
 * error, a crashed or timed-out child). Thread-safe. */
struct map_op_run;
int swp_sim_ops(const struct map_op_run *runs, int nops, const map_options *mo, double clock_hz,
                swp_metrics *m, com_err *e);

/* ---- constraints (expr.c) ---- */
/* Parses text (located at loc for messages); names must be parameters of s (numeric). */
int swp_expr_parse(const swp_spec *s, const char *text, com_loc loc, swp_expr **out, com_err *e);
/* Evaluates with the point's values: nonzero = true. Thread-safe. */
double swp_expr_eval(const swp_expr *x, const swp_val *vals);
void swp_expr_free(swp_expr *x);

/* ---- overrides (override.c) ---- */
/* Checks that path + skip (skip: 5 to pass over "arch.") names a scalar in root; messages show
 * the whole path. 0 or -1 located at loc. */
int swp_path_check(const com_ynode *root, const char *path, size_t skip, com_loc loc, com_err *e);
/* A copy of root with the scalar at path replaced by value (nodes along the path are copied
 * into arena, the rest shared). NULL on failure (out of memory or a missing path). */
com_ynode *swp_path_set(com_arena *arena, const com_ynode *root, const char *path,
                        const char *value, bool quoted, com_loc loc);
/* Writes the tree as block YAML into a malloc'd buffer (*out, *len). 0 or -1 (out of memory). */
int swp_yaml_emit(const com_ynode *root, char **out, size_t *len);

#endif
