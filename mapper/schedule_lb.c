/* schedule_lb — a lower bound on the non-compulsory bytes of every plan on every order.
 *
 * Some tensors are live across an op in any order: an intermediate whose producer is an
 * ancestor of op o and one of whose consumers is a descendant of o, or a graph input read by
 * both an ancestor and a descendant of o (never o's own operands). Call them F(o). When o runs,
 * o's operands are resident, so at most budget − op_bytes(o) of F(o) can be; the rest was
 * written out and must come back: an intermediate costs at least a spill and a retrieval
 * (2 × bytes), a graph input a reload (bytes). With y_t = 1 when t is absent at some op o with
 * t in F(o), min Σ cost_t·y_t s.t. Σ_{t∈F(o)} bytes_t·y_t ≥ Σ_{F(o)} bytes − (budget −
 * op_bytes(o)) for every op o, is a relaxation of every plan (one spill and retrieval may serve
 * many ops, which only makes the bound weaker). It is a small covering ILP (one binary per
 * tensor that matters, one row per op that overflows); its proven value minus GLPK's gap is the
 * bound. This is what makes ViT-B/16's residual spills provably necessary in every order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule.h"

#define LB_MAX_OPS 4096 /* ancestor bitsets are nops^2 bits */

int map_sched_any_order_bound(const map_graph *g, uint64_t budget, double time_limit_s, bool *known, uint64_t *bytes,
                              com_err *e) {
  *known = false;
  *bytes = 0;
  int T = g->nops, nt = g->ntensors, W = (T + 63) / 64, rc = -1;
  if (map_schedule_budget_ok(g, budget, e)) return -1;
  if (T > LB_MAX_OPS) return 0;
  uint64_t *anc = calloc((size_t)T * (size_t)W + 1, sizeof *anc), *desc = calloc((size_t)T * (size_t)W + 1, sizeof *desc);
  int *col = malloc(((size_t)nt + 1) * sizeof *col), *idx = malloc(((size_t)nt + 1) * sizeof *idx);
  int *cstart = calloc((size_t)nt + 2, sizeof *cstart), *cons = malloc(((size_t)g->npool + 1) * sizeof *cons);
  int *fill = calloc((size_t)nt + 1, sizeof *fill);
  char name[32];
  double *coef = malloc(((size_t)nt + 1) * sizeof *coef);
  ilp_model *m = ilp_new();
  if (!anc || !desc || !col || !idx || !coef || !m || !cstart || !cons || !fill) { com_err_oom(e); goto out; }
  for (int o = 0; o < T; o++)
    for (int k = 0; k < g->ops[o].nin; k++) cstart[g->ops[o].in[k] + 1]++;
  for (int t = 0; t < nt; t++) cstart[t + 1] += cstart[t];
  for (int o = 0; o < T; o++)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int t = g->ops[o].in[k];
      cons[cstart[t] + fill[t]++] = o;
    }
#define BIT(v, o, i) ((v)[(size_t)(o) * (size_t)W + (size_t)(i) / 64] >> ((i) % 64) & 1)
#define SET(v, o, i) ((v)[(size_t)(o) * (size_t)W + (size_t)(i) / 64] |= (uint64_t)1 << ((i) % 64))
  /* the file order is topological: ancestors forward, descendants backward */
  for (int o = 0; o < T; o++)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int p = g->t[g->ops[o].in[k]].producer;
      if (p < 0) continue;
      for (int w = 0; w < W; w++) anc[(size_t)o * W + w] |= anc[(size_t)p * W + w];
      SET(anc, o, p);
    }
  for (int o = T - 1; o >= 0; o--)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int p = g->t[g->ops[o].in[k]].producer;
      if (p < 0) continue;
      for (int w = 0; w < W; w++) desc[(size_t)p * W + w] |= desc[(size_t)o * W + w];
      SET(desc, p, o);
    }
  for (int t = 0; t < nt; t++) col[t] = -1;
  for (int o = 0; o < T; o++) {
    const map_gop *op = &g->ops[o];
    uint64_t room = budget - map_graph_op_bytes(g, o); /* >= 0: the caller checked M_R */
    double sum = 0;
    int n = 0;
    for (int t = 0; t < nt; t++) {
      bool own = false, before = false, after = false;
      for (int k = 0; k < op->nin + op->nout && !own; k++) own = op->in[k] == t;
      if (own) continue;
      int p = g->t[t].producer;
      if (p >= 0) before = BIT(anc, o, p);
      for (int q = cstart[t]; q < cstart[t + 1] && (!after || !before); q++) {
        if (p < 0 && BIT(anc, o, cons[q])) before = true;
        if (BIT(desc, o, cons[q])) after = true;
      }
      if (!before || !after) continue;
      if (col[t] < 0) {
        double cost = (double)g->t[t].bytes * (p >= 0 ? 2 : 1);
        snprintf(name, sizeof name, "y%d", t);
        if ((col[t] = ilp_bin(m, name, cost)) < 0) { com_err_oom(e); goto out; }
      }
      idx[n] = col[t];
      coef[n++] = (double)g->t[t].bytes;
      sum += (double)g->t[t].bytes;
    }
    if (sum <= (double)room) continue;
    snprintf(name, sizeof name, "op%d", o);
    if (ilp_row(m, name, n, idx, coef, 'G', sum - (double)room)) { com_err_oom(e); goto out; }
  }
#undef BIT
#undef SET
  rc = 0;
  if (ilp_nrows(m) == 0) { *known = true; goto out; } /* nothing is forced out */
  ilp_result r;
  if (ilp_solve(m, time_limit_s, 0, NULL, &r, e)) { rc = -1; goto out; }
  if (r.status == ILP_OPTIMAL || (r.status == ILP_FEASIBLE && r.gap >= 0)) {
    double lb = r.objective * (1 - (r.gap > 0 ? r.gap : 0)) - 1e-6;
    *bytes = lb > 0 ? (uint64_t)lb : 0;
    if (lb > 0 && (double)*bytes < lb) (*bytes)++;
    *known = true;
  }
out:
  ilp_free(m);
  free(anc);
  free(desc);
  free(col);
  free(idx);
  free(coef);
  free(cstart);
  free(cons);
  free(fill);
  return rc;
}
