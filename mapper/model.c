/*
 * model — the analytical cost model (see model.h; formulas in docs/mapper.md).
 * No allocation; every loop is bounded by MAP_MAX_LEVELS x OPS_MAX_RANKS x MAP_NT.
 */
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "mapper/model.h"

/* Elements of slot s's tile when rank r spans ext[r]. */
uint64_t map_model_tile(const ops_tensor *x, const uint64_t *ext) {
  uint64_t n = 1;
  for (int d = 0; d < x->ndims; d++) {
    const ops_affine *a = &x->dims[d];
    uint64_t span = 1;
    for (int k = 0; k < a->nterms; k++) span += a->coef[k] * (ext[a->rank[k]] - 1);
    if (span > x->extent[d]) span = x->extent[d];
    n *= span;
  }
  return n;
}

/* Tile refreshes of a level below `j` levels of temporal loops: the product of the loops
 * outside it, less the innermost run of loops that do not index the tensor (reuse). */
static uint64_t mdl_iter(const map_mapping *m, int j, unsigned rel) {
  uint64_t it = 1;
  bool seen = false;
  for (int k = j - 1; k >= 0; k--)
    for (int i = 0; i < m->nranks; i++) {
      int r = m->lv[k].perm[i];
      uint64_t f = m->lv[k].t[r];
      if (f == 1) continue;
      if (rel & (1u << r)) seen = true;
      if (seen) it *= f;
    }
  return it;
}

/* Product of the spatial factors of ranks not in rel at levels [from, to) whose flag holds. */
static uint64_t mdl_irr_spatial(const map_target *t, const map_mapping *m, int from, int to,
                                unsigned rel, int flag) {
  uint64_t p = 1;
  for (int k = from; k < to; k++) {
    const arch_level *lv = t->lv[k].lv;
    if (flag == 1 && !lv->multicast) continue;
    if (flag == 2 && !lv->spatial_reduction) continue;
    for (int r = 0; r < m->nranks; r++)
      if (!(rel & (1u << r))) p *= m->lv[k].sx[r] * m->lv[k].sy[r];
  }
  return p;
}

static arch_dataflow mdl_dataflow(const map_target *t, const map_mapping *m) {
  unsigned mask = t->array->dataflows;
  arch_dataflow want = ARCH_DF_OS;
  bool found = false;
  for (int k = m->nlevels - 1; k >= 0 && !found; k--)
    for (int i = 0; i < m->nranks && !found; i++) {
      int r = m->lv[k].perm[i];
      if (m->lv[k].t[r] == 1) continue;
      found = true;
      if (!(t->relevant[2] & (1u << r))) want = ARCH_DF_OS;
      else if (!(t->relevant[1] & (1u << r))) want = ARCH_DF_WS;
      else if (!(t->relevant[0] & (1u << r))) want = ARCH_DF_IS;
    }
  if (mask & (1u << want) || !mask) return want;
  for (int d = 0; d < ARCH_DF_COUNT; d++)
    if (mask & (1u << d)) return (arch_dataflow)d;
  return want;
}

/* Pipeline fill and drain of the array (docs/mapper.md): a 2D array skews operands over
 * X + Y - 2 cycles and its unit pipeline adds depth; os drains Y rows of outputs, ws/is
 * preload Y rows of the stationary operand. A 1D array adds its pipeline depth only. */
static uint64_t mdl_fill_drain(const map_target *t, const map_mapping *m) {
  if (t->array->kind != ARCH_ARRAY_2D) return t->depth;
  int a = t->array->has_local ? m->nlevels - 2 : m->nlevels - 1;
  uint64_t x = 1, y = 1;
  for (int r = 0; r < m->nranks; r++) {
    x *= m->lv[a].sx[r];
    y *= m->lv[a].sy[r];
  }
  return x + y - 2 + t->depth + y;
}

void map_model_price(const map_target *t, int j, map_lresult *l) {
  const map_tlevel *tl = &t->lv[j];
  l->energy_pj = 0;
  for (int s = 0; s < MAP_NT; s++) {
    l->energy[s] = 0;
    if (!t->tensor[s]) continue;
    l->energy[s] = (double)l->reads[s] * tl->rd_pj[s] +
                   (double)(l->fills[s] + l->updates[s]) * tl->wr_pj[s];
    l->energy_pj += l->energy[s];
  }
}

bool map_model_eval(const map_target *t, const map_mapping *m, map_result *r) {
  const int J = m->nlevels, R = m->nranks;
  memset(r, 0, offsetof(map_result, lv));
  memset(r->lv, 0, sizeof r->lv[0] * (size_t)J);
  r->fits = true;
  r->over_level = r->over_slot = r->bound_level = -1;
  uint64_t ext[MAP_MAX_LEVELS + 1][OPS_MAX_RANKS], inst[MAP_MAX_LEVELS + 1];
  for (int rr = 0; rr < R; rr++) ext[J][rr] = 1;
  for (int j = J - 1; j >= 0; j--)
    for (int rr = 0; rr < R; rr++)
      ext[j][rr] = ext[j + 1][rr] * m->lv[j].t[rr] * m->lv[j].sx[rr] * m->lv[j].sy[rr];
  inst[0] = 1;
  for (int j = 0; j < J; j++) {
    uint64_t p = 1;
    for (int rr = 0; rr < R; rr++) p *= m->lv[j].sx[rr] * m->lv[j].sy[rr];
    inst[j + 1] = inst[j] * p;
  }
  uint64_t temporal = 1;
  for (int j = 0; j < J; j++)
    for (int rr = 0; rr < R; rr++) temporal *= m->lv[j].t[rr];

  for (int s = 0; s < MAP_NT; s++) {
    const ops_tensor *x = t->tensor[s];
    if (!x) continue;
    unsigned rel = t->relevant[s];
    int parent = 0;
    for (int c = 1; c <= J; c++) {
      if (c < J && !(m->lv[c].keep & (1u << s))) continue;
      uint64_t tile = c < J ? map_model_tile(x, ext[c]) : 1;
      uint64_t deliveries = tile * mdl_iter(m, c, rel) * inst[c];
      map_lresult *p = &r->lv[parent];
      if (s != t->slot_of_out) {
        p->reads[s] += deliveries / mdl_irr_spatial(t, m, parent, c, rel, 1);
        if (c < J) r->lv[c].fills[s] += deliveries;
      } else {
        uint64_t red = mdl_irr_spatial(t, m, parent, c, rel, 2);
        uint64_t firsts = x->elems * mdl_irr_spatial(t, m, 0, c, rel, 0);
        uint64_t back = deliveries > firsts ? deliveries - firsts : 0;
        uint64_t up = deliveries / red, pfirst = x->elems * mdl_irr_spatial(t, m, 0, parent, rel, 0);
        p->updates[s] += up;
        p->reads[s] += up > pfirst ? up - pfirst : 0; /* read-modify-write of a held partial */
        if (c < J) r->lv[c].fills[s] += back;
      }
      if (c < J) r->lv[c].tile[s] = tile;
      parent = c;
    }
    r->lv[0].tile[s] = x->elems;
  }

  for (int j = 0; j < J; j++) {
    map_lresult *l = &r->lv[j];
    const map_tlevel *tl = &t->lv[j];
    l->instances = inst[j];
    double big = 0;
    int bigs = -1;
    map_model_price(t, j, l);
    for (int s = 0; s < MAP_NT; s++) {
      if (!t->tensor[s]) continue;
      double rb = (double)l->reads[s] * t->bytes_elem[s];
      double wb = (double)(l->fills[s] + l->updates[s]) * t->bytes_elem[s];
      l->read_bytes += rb;
      l->write_bytes += wb;
      r->energy_slot[s] += l->energy[s];
      if (j > 0 && (m->lv[j].keep & (1u << s))) {
        double b = (double)l->tile[s] * t->bytes_elem[s];
        l->used_bytes += b;
        if (b > big) { big = b; bigs = s; }
      }
    }
    if (j > 0 && tl->lv->size_bytes && l->used_bytes > (double)tl->lv->size_bytes && r->fits) {
      r->fits = false;
      r->over_level = j;
      r->over_slot = bigs;
      r->need_bytes = l->used_bytes;
      r->over_bytes = l->used_bytes - (double)tl->lv->size_bytes;
    }
    double rb = l->read_bytes / (double)inst[j], wb = l->write_bytes / (double)inst[j];
    double rbw = tl->lv->read_bw, wbw = tl->lv->write_bw;
    if (tl->lv->bw_shared) l->cycles = rbw > 0 ? (rb + wb) / rbw : 0;
    else l->cycles = fmax(rbw > 0 ? rb / rbw : 0, wbw > 0 ? wb / wbw : 0);
    r->energy_pj += l->energy_pj;
  }

  r->points = t->es->points_effective ? t->es->points_effective : t->es->points;
  r->compute_cycles = temporal * t->op_ii;
  r->compute_pj = (double)r->points * t->op_pj;
  r->energy_pj += r->compute_pj;
  r->pes_used = inst[J];
  r->dataflow = mdl_dataflow(t, m);
  r->fill_drain = mdl_fill_drain(t, m);
  double busy = (double)r->compute_cycles;
  for (int j = 0; j < J; j++)
    if (r->lv[j].cycles > busy) {
      busy = r->lv[j].cycles;
      r->bound_level = j;
    }
  r->cycles = (uint64_t)ceil(busy) + r->fill_drain;
  r->latency_s = t->clock_hz > 0 ? (double)r->cycles / t->clock_hz : 0;
  r->utilization = (double)r->points * (double)t->op_ii / ((double)r->cycles * (double)t->pes);
  r->spatial_utilization = (double)inst[J] / (double)t->pes;
  r->dram_bytes = (uint64_t)llround(r->lv[0].read_bytes + r->lv[0].write_bytes);
  return r->fits;
}

void map_model_overflow_text(const map_target *t, const map_result *r, char *buf, size_t cap) {
  if (r->fits) { snprintf(buf, cap, "fits"); return; }
  const map_tlevel *l = &t->lv[r->over_level];
  int s = r->over_slot;
  snprintf(buf, cap, "level %s needs %.0f bytes per instance for its tiles, %.0f bytes more than "
           "its %llu bytes (largest tile: tensor %s, %.0f bytes)", l->name, r->need_bytes,
           r->over_bytes, (unsigned long long)l->lv->size_bytes, t->tensor[s]->name,
           (double)r->lv[r->over_level].tile[s] * t->bytes_elem[s]);
}

double map_model_cost(const map_result *r, map_objective obj) {
  switch (obj) {
  case MAP_OBJ_LATENCY: return (double)r->cycles;
  case MAP_OBJ_ENERGY: return r->energy_pj;
  case MAP_OBJ_DRAM: return (double)r->dram_bytes;
  case MAP_OBJ_EDP: break;
  }
  return r->energy_pj * (double)r->cycles;
}
