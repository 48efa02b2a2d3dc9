/* schedule_lb — a lower bound on the non-compulsory bytes of every plan on every order.
 *
 * When op o runs its operands are resident, so at most room(o) = budget − op_bytes(o) bytes of
 * the other live tensors can be; the rest was written out and must come back: an intermediate
 * costs at least a spill and a retrieval (2 × bytes), a graph input a reload (bytes). With
 * y_t = 1 when t is absent at some op where it is live, two families of covering rows hold in
 * every plan of every order (one spill and retrieval may serve many ops, which only makes the
 * bound weaker):
 *  - forced rows: some tensors are live across o in any order — an intermediate whose producer
 *    is an ancestor of o and one of whose consumers is a descendant, or a graph input read by
 *    an ancestor and a descendant (never o's own operands); call them F(o):
 *    Σ_{F(o)} bytes_t·y_t ≥ Σ_{F(o)} bytes − room(o);
 *  - cut rows: whatever the order, the ops run before o form a closed set S (every ancestor
 *    in, no descendant), and the tensors live at o are those S made and has not finished with.
 *    The fewest such bytes over every S, L(o), is a minimum cut (mapper/flow.h); the tensors
 *    that can be live at o in some order, C(o), then satisfy Σ_{C(o)} bytes_t·y_t ≥ L(o) −
 *    room(o). This catches disjunctions the forced rows miss: a ResNet block's input must stay
 *    for the projection shortcut unless the shortcut ran first, whose output then stays.
 * min Σ cost_t·y_t over these rows is a small covering ILP (one binary per tensor that matters,
 * one or two rows per op that can overflow); its proven value minus GLPK's gap is the bound.
 * This is what makes ViT-B/16's residual spills and ResNet-50's shortcut spills provably
 * necessary in every order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapper/flow.h"
#include "mapper/schedule.h"

#define LB_MAX_OPS 4096     /* ancestor bitsets are nops^2 bits */
#define LB_CUT_MAX_OPS 512 /* no cut rows above: a max flow per op, and a covering ILP GLPK
                              no longer proves in seconds (1,000 random ops: 10 s vs 0.9 s) */

typedef struct lb_ctx {
  const map_graph *g;
  int W;              /* 64-bit words per bitset row */
  uint64_t *anc, *desc; /* per op: its ancestors, its descendants */
  int *cstart, *cons; /* per tensor: its consumer ops (CSR) */
} lb_ctx;

static bool lb_bit(const uint64_t *v, int W, int o, int i) { return v[(size_t)o * (size_t)W + (size_t)i / 64] >> (i % 64) & 1; }
static void lb_set(uint64_t *v, int W, int o, int i) { v[(size_t)o * (size_t)W + (size_t)i / 64] |= (uint64_t)1 << (i % 64); }

static int lb_init(lb_ctx *c, const map_graph *g) {
  int T = g->nops, nt = g->ntensors, W = (T + 63) / 64;
  c->g = g;
  c->W = W;
  c->anc = calloc((size_t)T * (size_t)W + 1, sizeof *c->anc);
  c->desc = calloc((size_t)T * (size_t)W + 1, sizeof *c->desc);
  c->cstart = calloc((size_t)nt + 2, sizeof *c->cstart);
  c->cons = malloc(((size_t)g->npool + 1) * sizeof *c->cons);
  int *fill = calloc((size_t)nt + 1, sizeof *fill);
  if (!c->anc || !c->desc || !c->cstart || !c->cons || !fill) { free(fill); return -1; }
  for (int o = 0; o < T; o++)
    for (int k = 0; k < g->ops[o].nin; k++) c->cstart[g->ops[o].in[k] + 1]++;
  for (int t = 0; t < nt; t++) c->cstart[t + 1] += c->cstart[t];
  for (int o = 0; o < T; o++)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int t = g->ops[o].in[k];
      c->cons[c->cstart[t] + fill[t]++] = o;
    }
  free(fill);
  /* the file order is topological: ancestors forward, descendants backward */
  for (int o = 0; o < T; o++)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int p = g->t[g->ops[o].in[k]].producer;
      if (p < 0) continue;
      for (int w = 0; w < W; w++) c->anc[(size_t)o * W + w] |= c->anc[(size_t)p * W + w];
      lb_set(c->anc, W, o, p);
    }
  for (int o = T - 1; o >= 0; o--)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int p = g->t[g->ops[o].in[k]].producer;
      if (p < 0) continue;
      for (int w = 0; w < W; w++) c->desc[(size_t)p * W + w] |= c->desc[(size_t)o * W + w];
      lb_set(c->desc, W, p, o);
    }
  return 0;
}

static void lb_done(lb_ctx *c) {
  free(c->anc);
  free(c->desc);
  free(c->cstart);
  free(c->cons);
}

static bool lb_operand(const map_gop *op, int t) {
  for (int k = 0; k < op->nin + op->nout; k++)
    if (op->in[k] == t) return true;
  return false;
}

/* Bytes live around op o (its operands aside) when the ops run in the file order: an upper
 * bound on L(o) that spares the cut where it cannot matter. */
static uint64_t lb_live_in_file_order(const lb_ctx *c, int o) {
  const map_graph *g = c->g;
  uint64_t live = 0;
  for (int t = 0; t < g->ntensors; t++) {
    int p = g->t[t].producer, first = g->nops, last = -1;
    for (int q = c->cstart[t]; q < c->cstart[t + 1]; q++) {
      if (c->cons[q] < first) first = c->cons[q];
      if (c->cons[q] > last) last = c->cons[q];
    }
    if ((p >= 0 ? p : first) < o && last > o && !lb_operand(&g->ops[o], t)) live += g->t[t].bytes;
  }
  return live;
}

/* L(o): the fewest bytes live around op o (operands aside) in any order, as a minimum cut.
 * Source side = the ops run before o. Nodes: ops, then per tensor b_t and a_t, then s, sink.
 * A consumer before o drags its producers along (infinite edge consumer -> producer); an
 * intermediate costs its bytes when its producer is before o and a consumer is not (producer
 * -> b_t -> consumers); a graph input when one consumer is before o and another is not
 * (consumers -> a_t -> b_t -> consumers). o's producers are before it, o is not. */
static int lb_min_live(const lb_ctx *c, int o, uint64_t *out) {
  const map_graph *g = c->g;
  int T = g->nops, nt = g->ntensors, s = T + 2 * nt, sink = s + 1, rc = -1;
  map_flow *f = map_flow_new(sink + 1);
  if (!f) return -1;
  for (int u = 0; u < T; u++)
    for (int k = 0; k < g->ops[u].nin; k++) {
      int p = g->t[g->ops[u].in[k]].producer;
      if (p >= 0 && map_flow_edge(f, u, p, MAP_FLOW_INF)) goto out;
      if (u == o && p >= 0 && map_flow_edge(f, s, p, MAP_FLOW_INF)) goto out;
    }
  if (map_flow_edge(f, o, sink, MAP_FLOW_INF)) goto out;
  for (int t = 0; t < nt; t++) {
    int p = g->t[t].producer, bt = T + t, at = T + nt + t;
    if (lb_operand(&g->ops[o], t) || c->cstart[t + 1] - c->cstart[t] < (p >= 0 ? 1 : 2)) continue;
    if (map_flow_edge(f, p >= 0 ? p : at, bt, g->t[t].bytes)) goto out;
    for (int q = c->cstart[t]; q < c->cstart[t + 1]; q++)
      if (map_flow_edge(f, bt, c->cons[q], MAP_FLOW_INF) || (p < 0 && map_flow_edge(f, c->cons[q], at, MAP_FLOW_INF)))
        goto out;
  }
  rc = map_flow_max(f, s, sink, out);
out:
  map_flow_free(f);
  return rc;
}

/* Adds column y_t on first use; its cost is what leaving and coming back costs at least. */
static int lb_col(ilp_model *m, const map_graph *g, int *col, int t) {
  char name[32];
  if (col[t] >= 0) return 0;
  snprintf(name, sizeof name, "y%d", t);
  col[t] = ilp_bin(m, name, (double)g->t[t].bytes * (g->t[t].producer >= 0 ? 2 : 1));
  return col[t] < 0 ? -1 : 0;
}

/* Bytes of F(o): the tensors live across op o in every order. */
static uint64_t lb_forced(const lb_ctx *c, int o, bool *in_f, bool *in_c) {
  const map_graph *g = c->g;
  uint64_t sum = 0;
  int W = c->W;
  for (int t = 0; t < g->ntensors; t++) {
    in_f[t] = in_c[t] = false;
    if (lb_operand(&g->ops[o], t)) continue;
    int p = g->t[t].producer;
    bool before = p >= 0 && lb_bit(c->anc, W, o, p), after = false;
    bool made = p >= 0 && !lb_bit(c->desc, W, o, p), pending = false; /* possible before / after o */
    for (int q = c->cstart[t]; q < c->cstart[t + 1]; q++) {
      int u = c->cons[q];
      if (p < 0 && lb_bit(c->anc, W, o, u)) before = true;
      if (lb_bit(c->desc, W, o, u)) after = true;
      if (p < 0 && !lb_bit(c->desc, W, o, u)) made = true;
      if (!lb_bit(c->anc, W, o, u)) pending = true;
    }
    if (p < 0 && c->cstart[t + 1] - c->cstart[t] < 2) made = false; /* read once: never live */
    in_f[t] = before && after;
    in_c[t] = made && pending;
    if (in_f[t]) sum += g->t[t].bytes;
  }
  return sum;
}

/* Builds the covering ILP: the forced rows, and the cut rows where cut[o] (L(o), or 0 when not
 * computed) says more than F(o) does. *ncut gets the number of cut rows. */
static int lb_model(const lb_ctx *c, uint64_t budget, const uint64_t *cut, bool with_cuts, ilp_model *m, int *ncut) {
  const map_graph *g = c->g;
  int nt = g->ntensors, rc = -1, n = 0;
  int *col = malloc(((size_t)nt + 1) * sizeof *col), *idx = malloc(((size_t)nt + 1) * sizeof *idx);
  double *coef = malloc(((size_t)nt + 1) * sizeof *coef);
  bool *in_f = malloc((size_t)nt + 1), *in_c = malloc((size_t)nt + 1);
  char name[32];
  *ncut = 0;
  if (!col || !idx || !coef || !in_f || !in_c) goto out;
  for (int t = 0; t < nt; t++) col[t] = -1;
  for (int o = 0; o < g->nops; o++) {
    uint64_t room = budget - map_graph_op_bytes(g, o); /* >= 0: the caller checked M_R */
    uint64_t fsum = lb_forced(c, o, in_f, in_c);
    for (int pass = 0; pass < 2; pass++) {
      bool row = pass == 0 ? fsum > room : with_cuts && cut[o] > fsum && cut[o] > room;
      if (!row) continue;
      n = 0;
      for (int t = 0; t < nt; t++) {
        if (!(pass == 0 ? in_f[t] : in_c[t])) continue;
        if (lb_col(m, g, col, t)) goto out;
        idx[n] = col[t];
        coef[n++] = (double)g->t[t].bytes;
      }
      snprintf(name, sizeof name, pass == 0 ? "op%d" : "cut%d", o);
      if (ilp_row(m, name, n, idx, coef, 'G', (double)((pass == 0 ? fsum : cut[o]) - room))) goto out;
      *ncut += pass;
    }
  }
  rc = 0;
out:
  free(col);
  free(idx);
  free(coef);
  free(in_f);
  free(in_c);
  return rc;
}

/* Solves the covering ILP; *bytes gets its proven value minus GLPK's gap, rounded up; *optimal
 * whether GLPK proved it. */
static int lb_solve(ilp_model *m, double time_limit_s, bool *known, bool *optimal, uint64_t *bytes, com_err *e) {
  *known = *optimal = false;
  *bytes = 0;
  if (ilp_nrows(m) == 0) { *known = *optimal = true; return 0; } /* nothing is forced out */
  ilp_result r;
  if (ilp_solve(m, time_limit_s, 0, NULL, &r, e)) return -1;
  if (r.status == ILP_OPTIMAL || (r.status == ILP_FEASIBLE && r.gap >= 0)) {
    double lb = r.objective * (1 - (r.gap > 0 ? r.gap : 0)) - 1e-6;
    *bytes = lb > 0 ? (uint64_t)lb : 0;
    if (lb > 0 && (double)*bytes < lb) (*bytes)++;
    *known = true;
    *optimal = r.status == ILP_OPTIMAL;
  }
  return 0;
}

int map_sched_any_order_bound(const map_graph *g, uint64_t budget, double time_limit_s, bool *known, uint64_t *bytes,
                              com_err *e) {
  *known = false;
  *bytes = 0;
  int T = g->nops, nt = g->ntensors, rc = -1, ncut = 0;
  if (map_schedule_budget_ok(g, budget, e)) return -1;
  if (T > LB_MAX_OPS) return 0;
  lb_ctx c = {0};
  uint64_t *cut = calloc((size_t)T + 1, sizeof *cut);
  bool *in_f = malloc((size_t)nt + 1), *in_c = malloc((size_t)nt + 1);
  ilp_model *m = ilp_new();
  if (!cut || !in_f || !in_c || !m || lb_init(&c, g)) { com_err_oom(e); goto out; }
  /* L(o) lies between F(o)'s bytes and the file order's live bytes: a cut only where those
   * differ and the live bytes overflow */
  for (int o = 0; o < T && T <= LB_CUT_MAX_OPS; o++) {
    uint64_t room = budget - map_graph_op_bytes(g, o), live = lb_live_in_file_order(&c, o);
    if (live > room && live > lb_forced(&c, o, in_f, in_c) && lb_min_live(&c, o, &cut[o])) { com_err_oom(e); goto out; }
  }
  bool optimal;
  if (lb_model(&c, budget, cut, true, m, &ncut)) { com_err_oom(e); goto out; }
  if (lb_solve(m, time_limit_s, known, &optimal, bytes, e)) goto out;
  if (ncut > 0 && !optimal) { /* GLPK left a gap: the forced rows alone may prove more */
    bool fknown;
    uint64_t fbytes;
    ilp_free(m);
    if (!(m = ilp_new()) || lb_model(&c, budget, cut, false, m, &ncut)) { com_err_oom(e); goto out; }
    if (lb_solve(m, time_limit_s, &fknown, &optimal, &fbytes, e)) goto out;
    if (fknown && (!*known || fbytes > *bytes)) { *known = true; *bytes = fbytes; }
  }
  rc = 0;
out:
  ilp_free(m);
  lb_done(&c);
  free(cut);
  free(in_f);
  free(in_c);
  return rc;
}
