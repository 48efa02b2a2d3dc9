/* ilp_map — CoSA-style MIP for one einsum's tiling (see ilp_map.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mapper/ilp_map.h"

#define IM_MAX_PRIMES 512
#define IM_MAX_SLOTS (MAP_MAX_LEVELS * 3)

typedef struct im_ctx {
  const map_target *t;
  int nf, ns;
  int frank[IM_MAX_PRIMES];
  uint64_t fprime[IM_MAX_PRIMES];
  int slevel[IM_MAX_SLOTS], skind[IM_MAX_SLOTS]; /* kind 0 temporal, 1 X, 2 Y */
} im_ctx;

static int im_var(const im_ctx *c, int i, int k) { return i * c->ns + k; }

static void im_setup(im_ctx *c, const map_target *t) {
  memset(c, 0, sizeof *c);
  c->t = t;
  for (int r = 0; r < t->nranks; r++) {
    uint64_t n = t->es->rank_size[r];
    for (uint64_t p = 2; n > 1 && c->nf < IM_MAX_PRIMES; p++) {
      if (p * p > n) p = n;
      while (n % p == 0 && c->nf < IM_MAX_PRIMES) {
        c->frank[c->nf] = r;
        c->fprime[c->nf++] = p;
        n /= p;
      }
    }
  }
  for (int j = 0; j < t->nlevels; j++) {
    c->slevel[c->ns] = j; c->skind[c->ns++] = 0;
    if (t->lv[j].fx > 1) { c->slevel[c->ns] = j; c->skind[c->ns++] = 1; }
    if (t->lv[j].fy > 1) { c->slevel[c->ns] = j; c->skind[c->ns++] = 2; }
  }
}

/* The warm start: prime factors of each rank handed to the slots holding them. */
static void im_warm(const im_ctx *c, const map_mapping *m, double *x) {
  uint64_t left[IM_MAX_SLOTS][OPS_MAX_RANKS];
  for (int k = 0; k < c->ns; k++)
    for (int r = 0; r < c->t->nranks; r++) {
      const map_level *l = &m->lv[c->slevel[k]];
      left[k][r] = c->skind[k] == 0 ? l->t[r] : c->skind[k] == 1 ? l->sx[r] : l->sy[r];
    }
  for (int i = 0; i < c->nf; i++)
    for (int k = 0; k < c->ns; k++)
      if (left[k][c->frank[i]] % c->fprime[i] == 0) {
        left[k][c->frank[i]] /= c->fprime[i];
        x[im_var(c, i, k)] = 1;
        break;
      }
  int z = c->nf * c->ns; /* the axis variables, in the order im_build creates them */
  for (int k = 0; k + 1 < c->ns; k++)
    if (c->skind[k] == 1 && c->skind[k + 1] == 2)
      for (int r = 0; r < c->t->nranks; r++) x[z++] = m->lv[c->slevel[k]].sx[r] > 1 ? 1 : 0;
}

static int im_build(const im_ctx *c, const map_options *o, const map_mapping *keep, ilp_model *mdl) {
  const map_target *t = c->t;
  double wc = o->objective == MAP_OBJ_ENERGY || o->objective == MAP_OBJ_DRAM ? 0.01 : 1;
  double wt = o->objective == MAP_OBJ_LATENCY ? 0.01 : 1;
  char name[48];
  for (int i = 0; i < c->nf; i++)
    for (int k = 0; k < c->ns; k++) {
      double lp = log((double)c->fprime[i]), cost = 0;
      if (c->skind[k] == 0) cost += wc * lp;
      if (c->skind[k] == 0 && c->slevel[k] == 0)
        for (int s = 0; s < MAP_NT; s++)
          if (t->tensor[s] && !(t->relevant[s] & (1u << c->frank[i]))) cost += wt * lp;
      snprintf(name, sizeof name, "x_%d_%d", i, k);
      if (ilp_var(mdl, name, 0, 1, true, cost) < 0) return -1;
    }
  int zbase = c->nf * c->ns, nz = 0;
  int idx[IM_MAX_PRIMES * IM_MAX_SLOTS > 4096 ? 4096 : IM_MAX_PRIMES * IM_MAX_SLOTS];
  double coef[sizeof idx / sizeof idx[0]];
  const int cap = (int)(sizeof idx / sizeof idx[0]);
  for (int i = 0; i < c->nf; i++) { /* every factor in exactly one slot */
    for (int k = 0; k < c->ns; k++) { idx[k] = im_var(c, i, k); coef[k] = 1; }
    snprintf(name, sizeof name, "assign_%d", i);
    if (ilp_row(mdl, name, c->ns, idx, coef, 'E', 1)) return -1;
  }
  for (int k = 0; k < c->ns; k++) { /* fan-outs */
    if (!c->skind[k]) continue;
    const map_tlevel *l = &t->lv[c->slevel[k]];
    for (int i = 0; i < c->nf; i++) { idx[i] = im_var(c, i, k); coef[i] = log((double)c->fprime[i]); }
    snprintf(name, sizeof name, "fan_%d", k);
    if (ilp_row(mdl, name, c->nf, idx, coef, 'L', log((double)(c->skind[k] == 1 ? l->fx : l->fy)) + 1e-9))
      return -1;
  }
  for (int k = 0; k + 1 < c->ns; k++) /* a rank on one axis of a level: z = 1 puts it on X */
    if (c->skind[k] == 1 && c->skind[k + 1] == 2)
      for (int r = 0; r < t->nranks; r++) {
        snprintf(name, sizeof name, "z_%d_%d", k, r);
        int z = ilp_var(mdl, name, 0, 1, true, 0);
        if (z < 0) return -1;
        nz++;
        for (int i = 0; i < c->nf; i++) {
          if (c->frank[i] != r) continue;
          int a[2] = {im_var(c, i, k), z}, b[2] = {im_var(c, i, k + 1), z};
          double ca[2] = {1, -1}, cb[2] = {1, 1};
          snprintf(name, sizeof name, "ax_%d_%d", k, i);
          if (ilp_row(mdl, name, 2, a, ca, 'L', 0)) return -1;
          snprintf(name, sizeof name, "ay_%d_%d", k, i);
          if (ilp_row(mdl, name, 2, b, cb, 'L', 1)) return -1;
        }
      }
  (void)zbase;
  (void)nz;
  for (int j = 1; j < t->nlevels; j++) { /* capacity, an equal share per kept tensor */
    uint64_t size = t->lv[j].lv->size_bytes;
    int kept = __builtin_popcount(keep->lv[j].keep);
    if (!size || !kept) continue;
    for (int s = 0; s < MAP_NT; s++) {
      if (!t->tensor[s] || !(keep->lv[j].keep & (1u << s))) continue;
      int n = 0;
      for (int i = 0; i < c->nf; i++)
        for (int k = 0; k < c->ns && n < cap; k++)
          if (c->slevel[k] >= j && (t->relevant[s] & (1u << c->frank[i]))) {
            idx[n] = im_var(c, i, k);
            coef[n++] = log((double)c->fprime[i]);
          }
      double elems = (double)size / kept / t->bytes_elem[s];
      snprintf(name, sizeof name, "cap_%d_%d", j, s);
      if (ilp_row(mdl, name, n, idx, coef, 'L', log(elems > 1e-12 ? elems : 1e-12) + 1e-9)) return -1;
    }
  }
  return 0;
}

/* Loop orders for a fixed tiling: each rank innermost in turn, level by level, two sweeps. */
static bool im_orders(const map_target *t, const map_options *o, map_mapping *m, map_result *r) {
  double best = INFINITY;
  bool any = false;
  for (int sweep = 0; sweep < 2; sweep++)
    for (int j = 0; j < m->nlevels; j++) {
      int8_t keep[OPS_MAX_RANKS];
      memcpy(keep, m->lv[j].perm, sizeof keep);
      for (int first = 0; first < t->nranks; first++) {
        int8_t p[OPS_MAX_RANKS] = {0};
        int n = 0;
        p[n++] = (int8_t)first;
        for (int q = 0; q < t->nranks; q++)
          if (q != first) p[n++] = (int8_t)q;
        memcpy(m->lv[j].perm, p, sizeof p);
        if (map_model_eval(t, m, r) && map_model_cost(r, o->objective) < best) {
          best = map_model_cost(r, o->objective);
          memcpy(keep, p, sizeof keep);
          any = true;
        }
      }
      memcpy(m->lv[j].perm, keep, sizeof keep);
    }
  return any && map_model_eval(t, m, r);
}

int map_ilp_einsum(const map_target *t, const map_options *o, const map_best *warm, map_mapping *m,
                   map_result *r, map_ilp_info *info, com_err *e) {
  memset(info, 0, sizeof *info);
  im_ctx *c = malloc(sizeof *c);
  ilp_model *mdl = ilp_new();
  double *x0 = NULL;
  int st = -1;
  if (!c || !mdl) { com_err_oom(e); goto done; }
  im_setup(c, t);
  if (c->nf >= IM_MAX_PRIMES) { com_err_plain(e, COM_EFAIL, "ilp: too many prime factors"); goto done; }
  if (im_build(c, o, &warm->m, mdl)) { com_err_oom(e); goto done; }
  int nv = c->nf * c->ns + 64 * OPS_MAX_RANKS;
  if (!(x0 = calloc((size_t)nv, sizeof *x0))) { com_err_oom(e); goto done; }
  im_warm(c, &warm->m, x0);
  ilp_result res;
  /* the search's mapping seeds the MIP only when it respects the MIP's capacity shares */
  const double *seed = ilp_check(mdl, x0, 1e-7, NULL, 0) ? x0 : NULL;
  if (ilp_solve(mdl, o->time_limit_s > 0 ? o->time_limit_s : 30, 0, seed, &res, e)) goto done;
  info->status = res.status;
  info->gap = res.gap;
  info->seconds = res.seconds;
  info->objective = res.objective;
  info->vars = c->nf * c->ns;
  info->warm_used = res.warm_used;
  st = 0;
  if (res.status != ILP_OPTIMAL && res.status != ILP_FEASIBLE) goto done;
  map_mapping_init(t, m);
  for (int j = 0; j < t->nlevels; j++) {
    m->lv[j].keep = warm->m.lv[j].keep;
    for (int rr = 0; rr < t->nranks; rr++) m->lv[j].t[rr] = 1;
  }
  for (int i = 0; i < c->nf; i++)
    for (int k = 0; k < c->ns; k++)
      if (res.x[im_var(c, i, k)] > 0.5) {
        map_level *l = &m->lv[c->slevel[k]];
        uint64_t *f = c->skind[k] == 0 ? l->t : c->skind[k] == 1 ? l->sx : l->sy;
        f[c->frank[i]] *= c->fprime[i];
      }
  com_err ce = {0};
  if (map_mapping_check(t, m, &ce) == 0 && im_orders(t, o, m, r)) {
    info->fits = true;
    info->cost = map_model_cost(r, o->objective);
  }
done:
  free(x0);
  free(c);
  ilp_free(mdl);
  return st;
}
