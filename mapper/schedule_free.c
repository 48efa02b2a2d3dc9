/* schedule_free — the free-schedule ILP (COSMA with the order chosen too), for small graphs:
 * x[o,t] places op o at step t (t within its ASAP..ALAP window), r[a,t] keeps tensor a
 * resident at step t (within its users' windows), ld[a,t] brings it in (a load or a
 * retrieval), sp[a] spills an intermediate once. Rows: one op per step and one step per op,
 * precedence, inputs and outputs resident when their op runs, residency only after creation or
 * a load, retrieval only after production, spill before any retrieval, capacity per step.
 * Objective: non-compulsory bytes, or (minpeak) the peak footprint with no spills at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule.h"

typedef struct free_ctx {
  const map_graph *g;
  ilp_model *m;
  int T;
  int *asap, *alap, *lo, *hi; /* per op; per tensor */
  int *xb, *rb, *lb, *sp;     /* first column of x[o,*], r[a,*], ld[a,*]; sp[a] or -1 */
  int peak;                   /* the P column (minpeak) */
} free_ctx;

static int X(const free_ctx *c, int o, int t) { return t < c->asap[o] || t > c->alap[o] ? -1 : c->xb[o] + t - c->asap[o]; }
static int R(const free_ctx *c, int a, int t) { return t < c->lo[a] || t > c->hi[a] ? -1 : c->rb[a] + t - c->lo[a]; }
static int L(const free_ctx *c, int a, int t) { return t < c->lo[a] || t > c->hi[a] ? -1 : c->lb[a] + t - c->lo[a]; }

/* ASAP/ALAP windows of ops (longest chains) and tensors (their users' hull). */
static void free_windows(free_ctx *c) {
  const map_graph *g = c->g;
  for (int o = 0; o < g->nops; o++) {
    c->asap[o] = 0;
    for (int k = 0; k < g->ops[o].nin; k++) {
      int p = g->t[g->ops[o].in[k]].producer;
      if (p >= 0 && c->asap[p] + 1 > c->asap[o]) c->asap[o] = c->asap[p] + 1;
    }
  }
  for (int o = g->nops - 1; o >= 0; o--) c->alap[o] = c->T - 1;
  for (int o = g->nops - 1; o >= 0; o--)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int p = g->t[g->ops[o].in[k]].producer;
      if (p >= 0 && c->alap[o] - 1 < c->alap[p]) c->alap[p] = c->alap[o] - 1;
    }
  for (int a = 0; a < g->ntensors; a++) { c->lo[a] = c->T; c->hi[a] = -1; }
  for (int o = 0; o < g->nops; o++)
    for (int k = 0; k < g->ops[o].nin + g->ops[o].nout; k++) {
      int a = g->ops[o].in[k];
      if (c->asap[o] < c->lo[a]) c->lo[a] = c->asap[o];
      if (c->alap[o] > c->hi[a]) c->hi[a] = c->alap[o];
    }
}

/* Adds a row from up to 4 (column, coefficient) pairs, skipping columns < 0. */
static int free_row(free_ctx *c, const char *name, char sense, double rhs, int n, const int *col, const double *co) {
  int idx[4];
  double v[4];
  int k = 0;
  for (int i = 0; i < n; i++) if (col[i] >= 0) { idx[k] = col[i]; v[k++] = co[i]; }
  return ilp_row(c->m, name, k, idx, v, sense, rhs);
}

static int free_build(free_ctx *c, uint64_t budget, bool minpeak) {
  const map_graph *g = c->g;
  char name[64];
  int T = c->T, nt = g->ntensors;
  double off = 0;
  for (int o = 0; o < g->nops; o++) {
    c->xb[o] = ilp_ncols(c->m);
    for (int t = c->asap[o]; t <= c->alap[o]; t++) {
      snprintf(name, sizeof name, "x%d_%d", o, t);
      if (ilp_bin(c->m, name, 0) < 0) return -1;
    }
  }
  for (int a = 0; a < nt; a++) {
    bool inter = g->t[a].producer >= 0;
    double by = (double)g->t[a].bytes;
    c->rb[a] = ilp_ncols(c->m);
    for (int t = c->lo[a]; t <= c->hi[a]; t++) {
      snprintf(name, sizeof name, "r%d_%d", a, t);
      if (ilp_bin(c->m, name, 0) < 0) return -1;
    }
    c->lb[a] = ilp_ncols(c->m);
    for (int t = c->lo[a]; t <= c->hi[a]; t++) {
      snprintf(name, sizeof name, "ld%d_%d", a, t);
      bool none = inter && minpeak; /* min-peak: intermediates are never retrieved */
      if (ilp_var(c->m, name, 0, none ? 0 : 1, false, minpeak ? 0 : by) < 0) return -1;
    }
    if (!inter && c->hi[a] >= c->lo[a]) off -= by; /* the first load is compulsory */
    c->sp[a] = -1;
    if (inter && !minpeak && c->hi[a] >= c->lo[a]) {
      snprintf(name, sizeof name, "sp%d", a);
      if ((c->sp[a] = ilp_var(c->m, name, 0, 1, false, by)) < 0) return -1;
    }
  }
  if (minpeak && (c->peak = ilp_var(c->m, "peak", 0, ILP_INF, false, 1)) < 0) return -1;
  ilp_set_offset(c->m, minpeak ? 0 : off);
  int *idx = malloc(((size_t)g->nops + nt + 2) * sizeof *idx);
  double *v = malloc(((size_t)g->nops + nt + 2) * sizeof *v);
  if (!idx || !v) { free(idx); free(v); return -1; }
  int rc = -1;
  for (int o = 0; o < g->nops; o++) { /* each op once; at most... */
    int n = 0;
    for (int t = c->asap[o]; t <= c->alap[o]; t++) { idx[n] = X(c, o, t); v[n++] = 1; }
    snprintf(name, sizeof name, "once%d", o);
    if (ilp_row(c->m, name, n, idx, v, 'E', 1)) goto out;
  }
  for (int t = 0; t < T; t++) { /* ... one op per step */
    int n = 0;
    for (int o = 0; o < g->nops; o++) if (X(c, o, t) >= 0) { idx[n] = X(c, o, t); v[n++] = 1; }
    snprintf(name, sizeof name, "step%d", t);
    if (ilp_row(c->m, name, n, idx, v, 'E', 1)) goto out;
  }
  for (int o = 0; o < g->nops; o++) /* precedence: t(consumer) >= t(producer) + 1 */
    for (int k = 0; k < g->ops[o].nin; k++) {
      int p = g->t[g->ops[o].in[k]].producer, n = 0;
      if (p < 0) continue;
      for (int t = c->asap[o]; t <= c->alap[o]; t++) { idx[n] = X(c, o, t); v[n++] = t; }
      for (int t = c->asap[p]; t <= c->alap[p]; t++) { idx[n] = X(c, p, t); v[n++] = -t; }
      snprintf(name, sizeof name, "prec%d_%d", p, o);
      if (ilp_row(c->m, name, n, idx, v, 'G', 1)) goto out;
    }
  for (int o = 0; o < g->nops; o++) /* operands resident when the op runs */
    for (int k = 0; k < g->ops[o].nin + g->ops[o].nout; k++)
      for (int t = c->asap[o]; t <= c->alap[o]; t++) {
        int a = g->ops[o].in[k], col[2] = {R(c, a, t), X(c, o, t)};
        const double co[2] = {1, -1};
        snprintf(name, sizeof name, "use%d_%d_%d", a, o, t);
        if (free_row(c, name, 'G', 0, 2, col, co)) goto out;
      }
  for (int a = 0; a < nt; a++) {
    int p = g->t[a].producer;
    for (int t = c->lo[a]; t <= c->hi[a]; t++) {
      /* r[t] <= r[t-1] + x[p,t] + ld[t] */
      int col[4] = {R(c, a, t), R(c, a, t - 1), p >= 0 ? X(c, p, t) : -1, L(c, a, t)};
      const double co[4] = {1, -1, -1, -1};
      snprintf(name, sizeof name, "arr%d_%d", a, t);
      if (free_row(c, name, 'L', 0, 4, col, co)) goto out;
      if (p >= 0) { /* ld[t] <= sum_{t'<t} x[p,t'] and sp >= ld[t] */
        int n = 0;
        idx[n] = L(c, a, t);
        v[n++] = 1;
        for (int u = c->asap[p]; u < t && u <= c->alap[p]; u++) { idx[n] = X(c, p, u); v[n++] = -1; }
        snprintf(name, sizeof name, "made%d_%d", a, t);
        if (ilp_row(c->m, name, n, idx, v, 'L', 0)) goto out;
        if (c->sp[a] >= 0) {
          int col2[2] = {c->sp[a], L(c, a, t)};
          const double co2[2] = {1, -1};
          snprintf(name, sizeof name, "spill%d_%d", a, t);
          if (free_row(c, name, 'G', 0, 2, col2, co2)) goto out;
        }
      }
    }
    if (minpeak && p < 0 && c->hi[a] >= c->lo[a]) { /* graph inputs: loaded once */
      int n = 0;
      for (int t = c->lo[a]; t <= c->hi[a]; t++) { idx[n] = L(c, a, t); v[n++] = 1; }
      snprintf(name, sizeof name, "once_ld%d", a);
      if (ilp_row(c->m, name, n, idx, v, 'L', 1)) goto out;
    }
  }
  for (int t = 0; t < T; t++) { /* capacity, or the peak */
    int n = 0;
    for (int a = 0; a < nt; a++) if (R(c, a, t) >= 0) { idx[n] = R(c, a, t); v[n++] = (double)g->t[a].bytes; }
    if (minpeak) { idx[n] = c->peak; v[n++] = -1; }
    snprintf(name, sizeof name, "cap%d", t);
    if (ilp_row(c->m, name, n, idx, v, 'L', minpeak ? 0 : (double)budget)) goto out;
  }
  rc = 0;
out:
  free(idx);
  free(v);
  return rc;
}

#define W(i, val) do { int w_i = (i); if (w_i >= 0) w[w_i] = (val); } while (0)

/* The warm start of an order (and, for the traffic objective, its plan). */
static void free_warm(const free_ctx *c, const int *order, const map_plan *plan, bool minpeak, double *w) {
  const map_graph *g = c->g;
  for (int s = 0; s < c->T; s++) W(X(c, order[s], s), 1);
  if (minpeak || !plan) { /* live from the first to the last use, no spills */
    int *first = malloc(((size_t)g->ntensors + 1) * sizeof *first), *last = malloc(((size_t)g->ntensors + 1) * sizeof *last);
    if (!first || !last) { free(first); free(last); return; }
    for (int a = 0; a < g->ntensors; a++) { first[a] = c->T; last[a] = -1; }
    for (int s = 0; s < c->T; s++)
      for (int k = 0; k < g->ops[order[s]].nin + g->ops[order[s]].nout; k++) {
        int a = g->ops[order[s]].in[k];
        if (s < first[a]) first[a] = s;
        if (s > last[a]) last[a] = s;
      }
    double peak = 0;
    for (int s = 0; s < c->T; s++) {
      double used = 0;
      for (int a = 0; a < g->ntensors; a++)
        if (first[a] <= s && s <= last[a]) { W(R(c, a, s), 1); used += (double)g->t[a].bytes; }
      if (used > peak) peak = used;
    }
    for (int a = 0; a < g->ntensors; a++) if (g->t[a].producer < 0 && last[a] >= 0) W(L(c, a, first[a]), 1);
    if (minpeak) w[c->peak] = peak;
    free(first);
    free(last);
    return;
  }
  for (int i = 0; i < plan->n; i++) {
    const map_interval *v = &plan->iv[i];
    for (int s = v->start; s <= v->end; s++) W(R(c, v->tensor, s), 1);
    if (v->arrive != MAP_ARRIVE_CREATE) W(L(c, v->tensor, v->start), 1);
    if (v->spill) W(c->sp[v->tensor], 1);
  }
}

int map_schedule_free(const map_graph *g, uint64_t budget, bool minpeak, const int *warm_order,
                      const map_plan *warm_plan, double time_limit_s, int *order, ilp_status *status,
                      double *objective, com_err *e) {
  free_ctx c = {.g = g, .T = g->nops};
  int nt = g->ntensors, rc = -1;
  c.asap = malloc(((size_t)g->nops + 1) * sizeof(int));
  c.alap = malloc(((size_t)g->nops + 1) * sizeof(int));
  c.xb = malloc(((size_t)g->nops + 1) * sizeof(int));
  c.lo = malloc(((size_t)nt + 1) * sizeof(int));
  c.hi = malloc(((size_t)nt + 1) * sizeof(int));
  c.rb = malloc(((size_t)nt + 1) * sizeof(int));
  c.lb = malloc(((size_t)nt + 1) * sizeof(int));
  c.sp = malloc(((size_t)nt + 1) * sizeof(int));
  c.m = ilp_new();
  double *w = NULL;
  if (!c.asap || !c.alap || !c.xb || !c.lo || !c.hi || !c.rb || !c.lb || !c.sp || !c.m) { com_err_oom(e); goto out; }
  free_windows(&c);
  if (free_build(&c, budget, minpeak)) { com_err_oom(e); goto out; }
  if (!(w = calloc((size_t)ilp_ncols(c.m) + 1, sizeof *w))) { com_err_oom(e); goto out; }
  free_warm(&c, warm_order, warm_plan, minpeak, w);
  ilp_params prm = ilp_params_default();
  prm.time_limit_s = time_limit_s;
  prm.warm = w;
  ilp_result r;
  if (ilp_solve_params(c.m, &prm, &r, e)) goto out;
  *status = r.status;
  if (r.status == ILP_OPTIMAL || r.status == ILP_FEASIBLE) {
    *objective = r.objective;
    for (int s = 0; s < c.T; s++)
      for (int o = 0; o < g->nops; o++) if (X(&c, o, s) >= 0 && r.x[X(&c, o, s)] > 0.5) order[s] = o;
  }
  rc = 0;
out:
  free(c.asap); free(c.alap); free(c.xb); free(c.lo); free(c.hi); free(c.rb); free(c.lb); free(c.sp);
  free(w);
  ilp_free(c.m);
  return rc;
}
