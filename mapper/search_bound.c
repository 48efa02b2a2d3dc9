/*
 * search_bound — a lower bound on the cost of every completion of a partial tiling, so the
 * search can skip subtrees that cannot hold the best mapping (see search_priv.h).
 *
 * Both parts are lower bounds of what map_model_eval computes, for any remaining factors and
 * any loop order (docs/mapper.md has the model's formulas):
 *   cycles >= max(compute_cycles, transfer time) + fill_drain, where compute_cycles >= ceil(P / S)
 *            x op_ii (P: the product of the rank sizes; S: the largest spatial product still
 *            possible, the assigned spatial factors times the fan-outs of the levels not yet
 *            assigned), a level's transfer time is at least that of the bytes below moving
 *            through it, spread over the most instances it can have, and fill/drain is model.c's
 *            (X + 2Y - 2 + depth for a 2D array) with the spatial factors X, Y of the level
 *            feeding the array, or with X = Y = 1 while they are not assigned yet;
 *   energy >= compute_pj + every element of a tensor indexed by plain ranks (one rank per
 *            dimension, coefficient 1, the rank's full size) moved once along each link of its
 *            keep chain (DRAM, the levels keeping it in this keep configuration, the PEs): read
 *            out of the parent and written into the child (inputs), or updated in the parent
 *            (the output), because the model's deliveries over a link are the child's tile
 *            times every loop above it over a rank that indexes the tensor, times the spatial
 *            instances, and multicast/reduction only divide out the non-indexing spatial ranks.
 *            Other tensors (sliding windows, strides) add nothing; all energies must be >= 0.
 * Only the latency and EDP objectives use the bound (energy and DRAM traffic have no
 * tiling-dependent part in it). A subtree is skipped only when the bound exceeds the incumbent
 * by a relative margin of 1e-9, far above the rounding of the sums, so a skipped mapping is
 * strictly worse than one already found and the (cost, tiling, order) minimum is unchanged.
 */
#include <math.h>

#include "mapper/search_priv.h"

/* Whether every dimension of slot s's tensor is its own rank with coefficient 1 spanning the
 * rank's size (so its tile is the product of the ranks' extents). */
static bool bd_plain(const map_target *t, int s) {
  const ops_tensor *x = t->tensor[s];
  unsigned seen = 0;
  for (int d = 0; d < x->ndims; d++) {
    const ops_affine *a = &x->dims[d];
    if (a->nterms != 1 || a->coef[0] != 1) return false;
    int r = a->rank[0];
    if (seen & (1u << r) || x->extent[d] != t->es->rank_size[r]) return false;
    seen |= 1u << r;
  }
  return seen == t->relevant[s];
}

void map_sr_bound_setup(sr_shared *sh) {
  const map_target *t = sh->t;
  sh->points = 1;
  for (int r = 0; r < t->nranks && sh->points; r++) {
    uint64_t n = t->es->rank_size[r];
    sh->points = n && sh->points > UINT64_MAX / n ? 0 : sh->points * n;
  }
}

/* Adds n elements of slot s moved over the link parent -> c of the keep chain to the floors:
 * energy (read out of the parent and written into the child for an input, updated in the parent
 * for the output) and bytes through each level (rd, wr). */
static void bd_link(const map_target *t, int s, int parent, int c, double n, double *e, double *rd,
                    double *wr) {
  double b = n * t->bytes_elem[s];
  if (s == t->slot_of_out) {
    *e += n * t->lv[parent].wr_pj[s];
    wr[parent] += b;
    return;
  }
  *e += n * t->lv[parent].rd_pj[s];
  rd[parent] += b;
  if (c < t->nlevels) {
    *e += n * t->lv[c].wr_pj[s];
    wr[c] += b;
  }
}

void map_sr_floors(const map_target *t, const map_mapping *m, double *energy, double *busy) {
  uint64_t pts = t->es->points_effective ? t->es->points_effective : t->es->points;
  double e = (double)pts * t->op_pj, rd[MAP_MAX_LEVELS] = {0}, wr[MAP_MAX_LEVELS] = {0};
  bool ok = t->op_pj >= 0;
  for (int s = 0; s < MAP_NT; s++) {
    if (!t->tensor[s]) continue;
    for (int j = 0; j < t->nlevels; j++) ok &= t->lv[j].rd_pj[s] >= 0 && t->lv[j].wr_pj[s] >= 0;
    if (!bd_plain(t, s)) continue;
    /* the model's chain of s: DRAM, every level keeping s, then the PEs */
    int parent = 0;
    for (int c = 1; c <= t->nlevels; c++) {
      if (c < t->nlevels && !(m->lv[c].keep & (1u << s))) continue;
      bd_link(t, s, parent, c, (double)t->tensor[s]->elems, &e, rd, wr);
      parent = c;
    }
  }
  *energy = ok ? e : 0;
  /* a level's transfer time is its busiest instance's, at least the average over the most
   * instances the fan-outs above it can make */
  double inst = 1;
  *busy = 0;
  for (int j = 0; j < t->nlevels; j++) {
    const arch_level *lv = t->lv[j].lv;
    double r = rd[j] / inst, w = wr[j] / inst, c;
    if (lv->bw_shared) c = lv->read_bw > 0 ? (r + w) / lv->read_bw : 0;
    else c = fmax(lv->read_bw > 0 ? r / lv->read_bw : 0, lv->write_bw > 0 ? w / lv->write_bw : 0);
    *busy = fmax(*busy, c);
    inst *= (double)t->lv[j].fx * (double)t->lv[j].fy;
  }
}

/* Fill/drain cycles (model.c's formula) once the spatial factors of the level feeding a 2D
 * array are assigned (levels j.. are); before that, the least it can be. */
static double bd_fill_drain(const map_target *t, const map_mapping *m, int j) {
  if (t->array->kind != ARCH_ARRAY_2D) return (double)t->depth;
  int a = t->array->has_local ? m->nlevels - 2 : m->nlevels - 1;
  double x = 1, y = 1;
  for (int r = 0; a >= j && r < t->nranks; r++) {
    x *= (double)m->lv[a].sx[r];
    y *= (double)m->lv[a].sy[r];
  }
  return x + 2 * y - 2 + (double)t->depth;
}

bool map_sr_bound_prunes(const sr_thread *th, int j) {
  const sr_shared *sh = th->sh;
  const map_target *t = sh->t;
  map_objective obj = sh->o->objective;
  if (!sh->prune || !th->found || !sh->points || (obj != MAP_OBJ_LATENCY && obj != MAP_OBJ_EDP))
    return false;
  double spatial = 1;
  for (int k = 0; k < t->nlevels; k++) {
    if (k < j) {
      spatial *= (double)t->lv[k].fx * (double)t->lv[k].fy;
      continue;
    }
    for (int r = 0; r < t->nranks; r++) spatial *= (double)th->m.lv[k].sx[r] * (double)th->m.lv[k].sy[r];
  }
  /* temporal is an integer >= P / spatial; the floor of the double quotient is a safe bound */
  double temporal = (double)sh->points / spatial;
  temporal = temporal >= 1 ? (double)(uint64_t)temporal : 1;
  double cycles = fmax(temporal * (double)t->op_ii, ceil(th->busy_floor)) + bd_fill_drain(t, &th->m, j);
  double lb = obj == MAP_OBJ_LATENCY ? cycles : th->e_floor * cycles;
  return lb * (1 - 1e-9) > th->cost;
}
