/*
 * ilp — a small solver-neutral MIP builder and its GLPK back end.
 *
 * Build a model with ilp_var / ilp_row (always a minimization), then ilp_solve_params: GLPK's
 * branch-and-cut with presolve, a time limit and a relative gap, an optional warm-start
 * solution handed to GLPK as a heuristic incumbent (GLP_IHEUR), and an error hook so that a
 * GLPK failure returns an error instead of aborting. Every model is validated before GLPK
 * sees it (indices, finite coefficients, bounds, unique names, no repeated column in a row).
 * ilp_write_lp / ilp_write_mps export CPLEX LP / free MPS so CBC, Gurobi or CPLEX can solve the
 * same model.
 *
 * Thread safety: a model belongs to one thread. ilp_solve*, ilp_write_* may be called from any
 * thread: every GLPK call is serialized by one process-wide mutex (the only global mutable
 * state of the module), because GLPK's API is not thread-safe.
 */
#ifndef ILP_ILP_H
#define ILP_ILP_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"

#define ILP_INF HUGE_VAL   /* an infinite bound: ilp_var(m, "x", -ILP_INF, ILP_INF, ...) */
#define ILP_NAME_MAX 64    /* longest variable or row name kept (longer ones are cut) */

typedef struct ilp_model ilp_model;

typedef enum {
  ILP_OPTIMAL,     /* proved optimal (within the relative gap asked) */
  ILP_FEASIBLE,    /* a solution, not proved optimal (time limit); see ilp_result.gap */
  ILP_INFEASIBLE,  /* proved infeasible */
  ILP_NO_SOLUTION, /* time limit reached without any solution */
  ILP_UNBOUNDED    /* the relaxation is unbounded (the objective can decrease forever) */
} ilp_status;

typedef struct ilp_result {
  ilp_status status;
  double objective;   /* of the solution (valid for OPTIMAL/FEASIBLE) */
  double gap;         /* relative gap (|obj - bound| / |obj|); 0 when optimal, -1 unknown */
  double seconds;     /* wall time of the solve, GLPK model building included */
  bool warm_used;     /* the warm start was accepted by GLPK as an incumbent */
  double *x;          /* values of the variables (owned by the model; valid until ilp_free
                         or the next solve) */
} ilp_result;

typedef struct ilp_params {
  double time_limit_s; /* > 0; GLPK's tm_lim */
  double mip_gap;      /* relative gap at which to stop (0 = prove optimal); GLPK's mip_gap */
  bool presolve;       /* GLPK's MIP presolver (without a warm start) or LP presolver (with) */
  const double *warm;  /* a full assignment (ilp_ncols values) or NULL */
} ilp_params;

/* Default parameters: 10 s, gap 1e-4, presolve on, no warm start. */
ilp_params ilp_params_default(void);

/* A new empty model, or NULL when out of memory. */
ilp_model *ilp_new(void);
void ilp_free(ilp_model *m);
/* Adds a variable with bounds [lo, hi] (±ILP_INF allowed), integer or continuous, and its
 * objective cost; returns its index, or -1 when out of memory. Invalid values are accepted
 * here and reported by ilp_validate (so callers need not check every call). */
int ilp_var(ilp_model *m, const char *name, double lo, double hi, bool integer, double cost);
/* A binary variable: ilp_var(m, name, 0, 1, true, cost). */
int ilp_bin(ilp_model *m, const char *name, double cost);
/* Adds the row sum coef[k] * x[idx[k]] (sense 'L' <=, 'G' >=, 'E' =) rhs; returns 0, or -1
 * when out of memory. */
int ilp_row(ilp_model *m, const char *name, int n, const int *idx, const double *coef, char sense,
            double rhs);
/* A constant added to the objective (reported in ilp_result.objective and exported). */
void ilp_set_offset(ilp_model *m, double offset);
int ilp_ncols(const ilp_model *m);
int ilp_nrows(const ilp_model *m);
/* Number of integer variables. */
int ilp_nints(const ilp_model *m);

/* Checks the model: indices in range, finite coefficients, lo <= hi, integral bounds of
 * integer variables, known senses, unique names, no column twice in a row, sizes GLPK accepts.
 * Returns 0, or -1 with an error naming the row or variable. */
int ilp_validate(const ilp_model *m, com_err *e);
/* Whether x satisfies bounds, integrality and every row within tol; on failure writes the
 * first violation into why (may be NULL). Pure. */
bool ilp_check(const ilp_model *m, const double *x, double tol, char *why, size_t cap);
/* The objective of x (offset included). Pure. */
double ilp_objective_of(const ilp_model *m, const double *x);

/* Solves with GLPK. Returns 0 (see r->status), or -1 with an error (invalid model, a warm
 * start that violates the model, GLPK failure, no memory). */
int ilp_solve_params(ilp_model *m, const ilp_params *p, ilp_result *r, com_err *e);
/* Shorthand: presolve on, the given limit, gap and warm start (may be NULL). */
int ilp_solve(ilp_model *m, double time_limit_s, double gap, const double *warm, ilp_result *r,
              com_err *e);
/* Writes the model in CPLEX LP / free MPS format. Returns 0, or -1 with an error. */
int ilp_write_lp(const ilp_model *m, const char *path, com_err *e);
int ilp_write_mps(const ilp_model *m, const char *path, com_err *e);
/* "optimal", "feasible", "infeasible", "timeout", "unbounded". */
const char *ilp_status_name(ilp_status s);

/* ---- for the back end (model.c <-> glpk_backend.c); not for callers ---- */
typedef struct ilp_colv { char name[ILP_NAME_MAX]; double lo, hi, cost; bool integer; } ilp_colv;
typedef struct ilp_rowv { char name[ILP_NAME_MAX]; int n; size_t first; char sense; double rhs; } ilp_rowv;
struct ilp_model {
  ilp_colv *cols;
  int ncols, capcols;
  ilp_rowv *rows;
  int nrows, caprows;
  int *idx;
  double *coef;
  size_t nnz, capnnz;
  double offset;
  double *x;
};

#endif
