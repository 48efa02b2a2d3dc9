/* schedule_ilp — the residency ILP on a fixed order (see docs/scheduling.md).
 *
 * Between two consecutive uses a < b of a tensor (b > a+1), keeping it resident costs
 * capacity at every step in between; dropping it costs a retrieval (and, for an intermediate,
 * one spill). Keeping it for part of a gap is never better (evict right after a, retrieve at
 * b), so one binary k per gap is exact: created/preserved/spilled/retrieved states follow from
 * the k's. Rows: per step, Σ bytes·k over the gaps spanning it <= budget - the op's own bytes;
 * per intermediate, sp + k >= 1 (spilled once if any gap is dropped). Objective: Σ bytes(1-k)
 * + Σ bytes·sp. Large graphs are split into windows of consecutive gaps; earlier decisions are
 * carried over as constants, and each window only commits capacity that later windows can
 * always honour (dropping every later gap is feasible), so every window is feasible. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule_int.h"

/* Builds and solves one window [g0, g1) of the gaps (sorted by start). */
static int ilp_window(sched_ctx *c, int g0, int g1, bool first, ilp_status *wst, com_err *e) {
  const map_graph *g = c->g;
  ilp_model *m = ilp_new();
  int nvar = g1 - g0, rc = -1, maxb = 0;
  int *spv = malloc(((size_t)g->ntensors + 1) * sizeof *spv);
  double *warm = calloc((size_t)2 * nvar + 2 + (size_t)g->ntensors, sizeof *warm);
  int *idx = malloc(((size_t)nvar + 2) * sizeof *idx);
  double *coef = malloc(((size_t)nvar + 2) * sizeof *coef);
  char name[64];
  if (!m || !spv || !warm || !idx || !coef) { com_err_oom(e); goto out; }
  double offset = 0;
  for (int i = g0; i < g1; i++) {
    const sched_gap *q = &c->gaps[i];
    double by = (double)g->t[q->tensor].bytes;
    snprintf(name, sizeof name, "k%d_%.40s", i, g->t[q->tensor].name);
    if (ilp_bin(m, name, -by) != i - g0) { com_err_oom(e); goto out; }
    warm[i - g0] = c->warm_keep[i];
    offset += by;
    if (q->b > maxb) maxb = q->b;
  }
  ilp_set_offset(m, offset);
  for (int t = 0; t < g->ntensors; t++) spv[t] = -1;
  for (int i = g0; i < g1; i++) {
    int t = c->gaps[i].tensor;
    if (g->t[t].producer < 0 || c->spilled[t]) continue;
    if (spv[t] < 0) {
      snprintf(name, sizeof name, "sp%d_%.40s", t, g->t[t].name);
      if ((spv[t] = ilp_var(m, name, 0, 1, false, (double)g->t[t].bytes)) < 0) { com_err_oom(e); goto out; }
    }
    int r[2] = {spv[t], i - g0};
    double one[2] = {1, 1};
    snprintf(name, sizeof name, "spill%d", i);
    if (ilp_row(m, name, 2, r, one, 'G', 1)) { com_err_oom(e); goto out; }
  }
  /* capacity rows: steps strictly inside some window gap */
  int s0 = c->gaps[g0].a + 1;
  for (int s = s0; s < maxb; s++) {
    int n = 0;
    double sum = 0;
    for (int i = g0; i < g1; i++)
      if (c->gaps[i].a < s && s < c->gaps[i].b) {
        idx[n] = i - g0;
        coef[n] = (double)g->t[c->gaps[i].tensor].bytes;
        sum += coef[n++];
      }
    double rhs = (double)c->capv[s] - (double)c->base[s] - (double)c->fixed[s];
    if (n == 0 || sum <= rhs) continue;
    snprintf(name, sizeof name, "cap%d", s);
    if (ilp_row(m, name, n, idx, coef, 'L', rhs)) { com_err_oom(e); goto out; }
    c->stats->rows++;
    /* repair the warm start: drop the incumbent's gaps spanning s, furthest end first */
    for (;;) {
      double w = 0;
      int worst = -1;
      for (int k = 0; k < n; k++) {
        w += coef[k] * warm[idx[k]];
        if (warm[idx[k]] > 0.5 && (worst < 0 || c->gaps[g0 + idx[k]].b > c->gaps[g0 + worst].b)) worst = idx[k];
      }
      if (w <= rhs || worst < 0) break;
      warm[worst] = 0;
    }
  }
  c->stats->binaries += nvar;
  for (int t = 0; t < g->ntensors; t++)
    if (spv[t] >= 0) warm[spv[t]] = 0;
  for (int i = g0; i < g1; i++) {
    int t = c->gaps[i].tensor;
    if (spv[t] >= 0 && warm[i - g0] < 0.5) warm[spv[t]] = 1;
  }
  if (first && c->opt->emit_lp && ilp_write_lp(m, c->opt->emit_lp, e)) goto out;
  if (first && c->opt->emit_mps && ilp_write_mps(m, c->opt->emit_mps, e)) goto out;
  ilp_params prm = ilp_params_default();
  prm.time_limit_s = c->time_limit_s;
  prm.mip_gap = c->opt->mip_gap;
  prm.warm = c->opt->warm_start ? warm : NULL;
  ilp_result r;
  if (ilp_solve_params(m, &prm, &r, e)) goto out;
  *wst = r.status;
  c->stats->seconds += r.seconds;
  c->stats->gap = r.gap;
  const double *x = r.status == ILP_OPTIMAL || r.status == ILP_FEASIBLE ? r.x : warm;
  if (r.status == ILP_INFEASIBLE || r.status == ILP_UNBOUNDED) {
    com_err_plain(e, COM_EFAIL, "schedule: window of steps %d..%d is %s (an internal error)", s0 - 1, maxb,
                  ilp_status_name(r.status));
    goto out;
  }
  for (int i = g0; i < g1; i++) {
    const sched_gap *q = &c->gaps[i];
    c->keep[i] = x[i - g0] > 0.5;
    if (c->keep[i])
      for (int s = q->a + 1; s < q->b; s++) c->fixed[s] += g->t[q->tensor].bytes;
    else if (g->t[q->tensor].producer >= 0) c->spilled[q->tensor] = 1;
  }
  rc = 0;
out:
  ilp_free(m);
  free(spv);
  free(warm);
  free(idx);
  free(coef);
  return rc;
}

int sched_solve_windows(sched_ctx *c, com_err *e) {
  int limit = c->opt->segment_binaries > 0 ? c->opt->segment_binaries : c->ngaps + 1;
  memset(c->fixed, 0, ((size_t)c->g->nops + 1) * sizeof *c->fixed);
  memset(c->spilled, 0, (size_t)c->g->ntensors + 1);
  c->stats->status = ILP_OPTIMAL;
  c->stats->windows = 0;
  c->stats->binaries = c->stats->rows = 0;
  for (int g0 = 0; g0 < c->ngaps;) {
    int g1 = g0 + limit < c->ngaps ? g0 + limit : c->ngaps;
    while (g1 < c->ngaps && c->gaps[g1].a == c->gaps[g1 - 1].a) g1++; /* whole steps */
    ilp_status st;
    if (ilp_window(c, g0, g1, g0 == 0, &st, e)) return -1;
    if (st == ILP_NO_SOLUTION || (st == ILP_FEASIBLE && c->stats->status == ILP_OPTIMAL)) c->stats->status = st;
    c->stats->windows++;
    g0 = g1;
  }
  if (c->stats->windows > 1) c->stats->gap = -1;
  return 0;
}
