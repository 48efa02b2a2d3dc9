/* func_order — the hardware's reduction order from the tile program's loop nest, and one output
 * element accumulated in it (func.h gives the model, func_int.h the structures). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/core/func_int.h"

static bool sf_is_red(const sf_data *d, int r) {
  for (int i = 0; i < d->nr[SF_K]; i++)
    if (d->rk[SF_K][i] == r) return true;
  return false;
}

/* Appends the reduction loop (rank r, factor f) when it iterates. */
static void sf_push(sf_plan *pl, int *rank, const sf_data *d, int r, uint64_t f, bool spatial) {
  if (f <= 1 || !sf_is_red(d, r)) return;
  rank[pl->nloops] = r;
  pl->loop[pl->nloops++] = (sf_loop){f, 0, spatial};
}

/* The nest outermost first: per level its temporal loops (above the array level: the tile
 * program's; at and below it: the permutation's), then its Y and X spatial loops. */
static void sf_nest(const sim_prog *p, const sf_data *d, sf_plan *pl, int *rank) {
  const map_mapping *m = p->m;
  int q = 0;
  for (int j = 0; j < m->nlevels; j++) {
    const map_level *lv = &m->lv[j];
    if (j < p->sp) {
      for (; q < p->nloops && p->loops[q].level == j; q++)
        sf_push(pl, rank, d, p->loops[q].rank, p->loops[q].factor, false);
    } else {
      for (int i = m->nranks - 1; i >= 0; i--) sf_push(pl, rank, d, lv->perm[i], lv->t[lv->perm[i]], false);
    }
    for (int i = m->nranks - 1; i >= 0; i--) sf_push(pl, rank, d, lv->perm[i], lv->sy[lv->perm[i]], true);
    for (int i = m->nranks - 1; i >= 0; i--) sf_push(pl, rank, d, lv->perm[i], lv->sx[lv->perm[i]], true);
  }
}

int sf_plan_build(const sim_prog *p, const sf_data *d, sim_func_tree tree, const gold_acc *acc,
                  sf_plan *pl, com_err *e) {
  memset(pl, 0, sizeof *pl);
  int rank[SF_MAX_LOOPS];
  uint64_t rstride[SF_MAX_LOOPS]; /* index step of one digit within its rank */
  sf_nest(p, d, pl, rank);
  pl->tree = tree;
  pl->terms = d->ext[SF_K];
  pl->cfg = (gold_dot_cfg){(int)acc->kind, acc->width, acc->frac, 0, pl->terms, 0, 0};
  uint64_t inner = 1, per_rank[OPS_MAX_RANKS];
  for (int r = 0; r < OPS_MAX_RANKS; r++) per_rank[r] = 1;
  for (int l = pl->nloops - 1; l >= 0; l--) {
    pl->loop[l].stride = inner;
    inner *= pl->loop[l].factor;
    rstride[l] = per_rank[rank[l]];
    per_rank[rank[l]] *= pl->loop[l].factor;
    if (pl->loop[l].spatial) {
      pl->nspatial++;
      for (uint64_t f = 1; f < pl->loop[l].factor; f *= 2) pl->rounds++;
      pl->rounds++;
      pl->pv[l] = malloc(pl->loop[l].factor * sizeof(double));
      pl->pq[l] = malloc(pl->loop[l].factor * sizeof(int64_t));
      if (!pl->pv[l] || !pl->pq[l]) { sf_plan_free(pl); return com_err_oom(e); }
    }
  }
  pl->rounds += pl->terms + 1;
  if (!(pl->perm = malloc(pl->terms * sizeof(uint64_t) + 1))) { sf_plan_free(pl); return com_err_oom(e); }
  uint64_t dig[SF_MAX_LOOPS] = {0};
  pl->identity = true;
  for (uint64_t t = 0; t < pl->terms; t++) {
    uint64_t v[OPS_MAX_RANKS] = {0}, k = 0;
    for (int l = 0; l < pl->nloops; l++) v[rank[l]] += dig[l] * rstride[l];
    for (int i = 0; i < d->nr[SF_K]; i++) k = k * d->es->rank_size[d->rk[SF_K][i]] + v[d->rk[SF_K][i]];
    pl->perm[t] = k;
    pl->identity = pl->identity && k == t;
    for (int l = pl->nloops - 1; l >= 0 && ++dig[l] == pl->loop[l].factor; l--) dig[l] = 0;
  }
  return 0;
}

void sf_plan_free(sf_plan *pl) {
  free(pl->perm);
  for (int l = 0; l < SF_MAX_LOOPS; l++) {
    free(pl->pv[l]);
    free(pl->pq[l]);
  }
  memset(pl, 0, sizeof *pl);
}

bool sf_plan_golden(const sf_plan *pl, char *buf, unsigned cap) {
  if (!pl->identity) return false;
  const sf_loop *last = pl->nloops ? &pl->loop[pl->nloops - 1] : NULL;
  bool seq = pl->nspatial == 0 || (pl->nspatial == 1 && pl->tree == SIM_FUNC_TREE_LINEAR && pl->loop[0].spatial);
  if (seq) {
    snprintf(buf, cap, "k-sequential");
    return true;
  }
  if (pl->nspatial == 1 && pl->tree == SIM_FUNC_TREE_PAIRWISE && last->spatial && last->factor <= GOLD_TILE_MAX) {
    snprintf(buf, cap, "k-tiled:%llu", (unsigned long long)last->factor);
    return true;
  }
  return false;
}

/* acc + v with one rounding, v a partial sum in the accumulator format. */
static void sf_add(const gold_dot_cfg *c, gold_dot_state *s, double v, int64_t q) {
  if (c->acc == GOLD_ACC_FP32) s->f = s->f + (float)v;
  else if (c->acc == GOLD_ACC_FP64) s->d = s->d + v;
  else s->q = gold_fixed_add(s->q, q, c->width, &s->ovf);
}

static void sf_run(sf_plan *pl, int l, uint64_t t0, const float *a, const float *b, uint64_t n,
                   gold_dot_state *s);

/* A spatial loop: each instance's own partial sum from 0, reduced by the tree, added to s. */
static void sf_spatial(sf_plan *pl, int l, uint64_t t0, const float *a, const float *b, uint64_t n,
                       gold_dot_state *s) {
  const sf_loop *L = &pl->loop[l];
  const gold_dot_cfg *c = &pl->cfg;
  gold_dot_state ps;
  memset(&ps, 0, sizeof ps);
  if (pl->tree == SIM_FUNC_TREE_LINEAR && l == 0) { /* the chain writes the element's accumulator */
    for (uint64_t i = 0; i < L->factor; i++) sf_run(pl, 1, t0 + i * L->stride, a, b, n, s);
    return;
  }
  if (pl->tree == SIM_FUNC_TREE_LINEAR) { /* the partial sum passes through every instance */
    for (uint64_t i = 0; i < L->factor; i++) sf_run(pl, l + 1, t0 + i * L->stride, a, b, n, &ps);
    s->ovf += ps.ovf;
    sf_add(c, s, c->acc == GOLD_ACC_FP32 ? (double)ps.f : ps.d, ps.q);
    return;
  }
  double *pv = pl->pv[l];
  int64_t *pq = pl->pq[l];
  for (uint64_t i = 0; i < L->factor; i++) {
    memset(&ps, 0, sizeof ps);
    sf_run(pl, l + 1, t0 + i * L->stride, a, b, n, &ps);
    pv[i] = c->acc == GOLD_ACC_FP32 ? (double)ps.f : ps.d;
    pq[i] = ps.q;
    s->ovf += ps.ovf;
  }
  for (uint64_t len = L->factor; len > 1; len = (len + 1) / 2)
    for (uint64_t i = 0; 2 * i < len; i++) {
      bool odd = 2 * i + 1 >= len;
      if (c->acc == GOLD_ACC_FIXED) pq[i] = odd ? pq[2 * i] : gold_fixed_add(pq[2 * i], pq[2 * i + 1], c->width, &s->ovf);
      else if (c->acc == GOLD_ACC_FP32) pv[i] = odd ? pv[2 * i] : (double)((float)pv[2 * i] + (float)pv[2 * i + 1]);
      else pv[i] = odd ? pv[2 * i] : pv[2 * i] + pv[2 * i + 1];
    }
  sf_add(c, s, pv[0], pq[0]);
}

static void sf_run(sf_plan *pl, int l, uint64_t t0, const float *a, const float *b, uint64_t n,
                   gold_dot_state *s) {
  if (l == pl->nloops) {
    uint64_t k = pl->perm[t0];
    gold_dot_step(&pl->cfg, s, (double)a[k] * (double)b[k * n]);
    return;
  }
  const sf_loop *L = &pl->loop[l];
  if (L->spatial && pl->cfg.acc != GOLD_ACC_EXACT) { /* exact sums do not depend on the order */
    sf_spatial(pl, l, t0, a, b, n, s);
    return;
  }
  for (uint64_t i = 0; i < L->factor; i++) sf_run(pl, l + 1, t0 + i * L->stride, a, b, n, s);
}

gold_dot_out sf_plan_element(sf_plan *pl, const float *a, const float *b, uint64_t n) {
  gold_dot_state s;
  memset(&s, 0, sizeof s);
  gold_kul_clear(&s.kul);
  sf_run(pl, 0, 0, a, b, n, &s);
  gold_dot_out o = {0, 0, s.ovf};
  const gold_dot_cfg *c = &pl->cfg;
  if (c->acc == GOLD_ACC_FP32) o.value = s.f;
  else if (c->acc == GOLD_ACC_FP64) o.value = s.d;
  else if (c->acc == GOLD_ACC_FIXED) o.raw = s.q, o.value = ldexp((double)s.q, -c->frac);
  else o.value = gold_kul_to_f64(&s.kul, 1), o.ovf += s.kul.lost;
  return o;
}
