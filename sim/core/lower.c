/*
 * lower — builds a tile program from a mapping and streams its tiles (see lower.h).
 */
#include <math.h>
#include <string.h>

#include "sim/core/lower.h"

static bool lw_rel(const sim_prog *p, int s, int rank) { return p->t->relevant[s] & (1u << rank); }

/* True when a tick at loop position q0 (and the resets of every loop inside it) changes the
 * tile of slot s at level `below` (loops above `below` that index s). */
static bool lw_changes(const sim_prog *p, int s, int q0, int below) {
  for (int q = q0; q < p->nloops; q++)
    if (p->loops[q].level < below && lw_rel(p, s, p->loops[q].rank)) return true;
  return false;
}

/* True when the current coordinates of slot s at level `below` were visited before: a loop not
 * indexing s, with an index > 0, encloses a loop that does. */
static bool lw_visited(const sim_prog *p, const uint64_t *idx, int s, int below) {
  for (int q = 0; q < p->nloops; q++) {
    if (p->loops[q].level >= below || lw_rel(p, s, p->loops[q].rank) || !idx[q]) continue;
    if (lw_changes(p, s, q + 1, below)) return true;
  }
  return false;
}

/* Element offsets of the vector the array reads of slot s per step (its spatial points). */
static uint64_t lw_vector(const sim_prog *p, const uint64_t ext[][OPS_MAX_RANKS], int s,
                          bool dram_layout, uint64_t *off) {
  const map_target *t = p->t;
  const map_level *lv = &p->m->lv[p->sp];
  const ops_tensor *x = t->tensor[s];
  int rk[OPS_MAX_RANKS], nr = 0;
  uint64_t n = 1;
  for (int r = 0; r < t->nranks; r++) {
    uint64_t f = lv->sx[r] * lv->sy[r];
    if (f > 1 && lw_rel(p, s, r) && n * f <= SIM_MAX_VEC) {
      rk[nr++] = r;
      n *= f;
    }
  }
  if (!dram_layout) {
    for (uint64_t i = 0; i < n; i++) off[i] = i;
    return n;
  }
  uint64_t stride[OPS_MAX_DIMS], acc = 1;
  for (int d = x->ndims - 1; d >= 0; d--) {
    const ops_affine *a = &x->dims[d];
    uint64_t span = 1;
    for (int k = 0; k < a->nterms; k++) span += a->coef[k] * (ext[p->home[s]][a->rank[k]] - 1);
    if (span > x->extent[d]) span = x->extent[d];
    stride[d] = acc;
    acc *= span;
  }
  for (uint64_t i = 0; i < n; i++) {
    uint64_t rem = i, pos[OPS_MAX_RANKS] = {0};
    for (int k = nr - 1; k >= 0; k--) {
      uint64_t f = lv->sx[rk[k]] * lv->sy[rk[k]];
      pos[rk[k]] = (rem % f) * ext[p->sp + 1][rk[k]];
      rem /= f;
    }
    uint64_t o = 0;
    for (int d = 0; d < x->ndims; d++)
      for (int k = 0; k < x->dims[d].nterms; k++)
        o += stride[d] * x->dims[d].coef[k] * pos[x->dims[d].rank[k]];
    off[i] = o;
  }
  return n;
}

/* Scratchpad cycles per stream step for the streamed slots (and the partial sums when acc). */
static uint64_t lw_bank(const sim_prog *p, const uint64_t ext[][OPS_MAX_RANKS], int stationary,
                        bool with_out, bool dram_layout) {
  static const uint64_t cap = 1024;
  uint64_t worst = 0, off[SIM_MAX_VEC], hist[1024];
  for (int l = 1; l <= p->sp; l++) {
    const arch_level *lv = p->t->lv[l].lv;
    uint64_t banks = lv->banks ? (lv->banks < cap ? lv->banks : cap) : 1;
    uint64_t word = lv->width_bits >= 8 ? lv->width_bits / 8 : 1;
    memset(hist, 0, sizeof hist[0] * banks);
    for (int s = 0; s < MAP_NT; s++) {
      if (!p->t->tensor[s] || p->home[s] != l || s == stationary) continue;
      if (s == p->t->slot_of_out && !with_out) continue;
      uint64_t n = lw_vector(p, ext, s, dram_layout, off);
      uint64_t eb = p->t->bytes_elem[s] >= 1 ? (uint64_t)p->t->bytes_elem[s] : 1;
      sim_spad_vector(banks, word, eb, (uint64_t)s * banks / MAP_NT, off, n, hist);
    }
    uint64_t c = sim_spad_cycles(hist, banks);
    if (c > worst) worst = c;
  }
  return worst;
}

static int lw_buffers(sim_prog *p, const char *es, com_err *e) {
  for (int l = 1; l <= p->sp; l++) {
    const arch_level *lv = p->t->lv[l].lv;
    uint64_t one = 0;
    for (int s = 0; s < MAP_NT; s++)
      if (p->t->tensor[s] && p->home[s] == l && p->kept[s]) one += p->tile_bytes[s];
    int nb = !lv->size_bytes || 2 * one <= lv->size_bytes ? 2 : 1;
    if (lv->size_bytes && one > lv->size_bytes)
      return com_err_plain(e, COM_EINPUT, "einsum %s: the tiles homed at level %s need %llu bytes, "
                           "more than its %llu bytes; the simulator cannot execute this mapping",
                           es, lv->name, (unsigned long long)one,
                           (unsigned long long)lv->size_bytes);
    for (int s = 0; s < MAP_NT; s++)
      if (p->home[s] == l) p->nbuf[s] = nb;
  }
  return 0;
}

/* Pipeline depth of one point on a 1D array: the latencies of its operations in sequence
 * (map, unary, reduction), each from its unit or its emulation (sim_vec_op_timing). */
static uint64_t lw_vec_depth(const map_target *t) {
  const ops_einsum *es = t->es;
  arch_op ops[3];
  int n = 0;
  if (ops_einsum_is_mac(es)) ops[n++] = ARCH_OP_MAC;
  else {
    static const int bin[] = {-1, ARCH_OP_MUL, ARCH_OP_ADD, ARCH_OP_SUB, ARCH_OP_DIV, ARCH_OP_MAX};
    if (es->binop != OPS_BIN_NONE && bin[es->binop] >= 0) ops[n++] = (arch_op)bin[es->binop];
    if (es->unop == OPS_UN_EXP) ops[n++] = ARCH_OP_EXP;
    if (es->reduce == OPS_RED_SUM) ops[n++] = ARCH_OP_ADD;
    if (es->reduce == OPS_RED_MAX) ops[n++] = ARCH_OP_MAX;
  }
  uint64_t depth = 0;
  for (int i = 0; i < n; i++) {
    uint64_t lat, ii;
    arch_op o = ops[i];
    if (!sim_vec_op_timing(t->array, o, &lat, &ii)) { /* sub on an adder, mul on a MAC */
      o = o == ARCH_OP_SUB ? ARCH_OP_ADD : o == ARCH_OP_MUL ? ARCH_OP_MAC : o;
      if (!sim_vec_op_timing(t->array, o, &lat, &ii)) lat = 1;
    }
    depth += lat;
  }
  return depth ? depth : (t->depth ? t->depth : 1);
}

/* The dataflow the spatial binding implies: the stationary tensor is the one every spatial
 * rank at sp indexes (M x N spatial: outputs, os; K x N: weights, ws; K x M: inputs, is). The
 * model's label (from the innermost loop) is kept when it is such a tensor or when the array
 * offers none of the implied dataflows. */
static arch_dataflow lw_dataflow(const sim_prog *p) {
  static const arch_dataflow of_slot[MAP_NT] = {ARCH_DF_IS, ARCH_DF_WS, ARCH_DF_OS};
  const map_level *lv = &p->m->lv[p->sp];
  bool cand[MAP_NT];
  for (int s = 0; s < MAP_NT; s++) {
    cand[s] = p->t->tensor[s] != NULL;
    for (int r = 0; r < p->m->nranks && cand[s]; r++)
      if (lv->sx[r] * lv->sy[r] > 1 && !lw_rel(p, s, r)) cand[s] = false;
  }
  arch_dataflow df = p->ana.dataflow;
  int have = df == ARCH_DF_OS ? 2 : df == ARCH_DF_WS ? 1 : 0;
  if (cand[have]) return df;
  for (int s = MAP_NT - 1; s >= 0; s--)
    if (cand[s] && (p->t->array->dataflows & (1u << of_slot[s]))) return of_slot[s];
  return df;
}

static void lw_geometry(sim_prog *p, const uint64_t ext[][OPS_MAX_RANKS], bool dram_layout) {
  const map_target *t = p->t;
  const map_mapping *m = p->m;
  uint64_t X = 1, Y = 1, T = 1;
  for (int j = p->sp; j < m->nlevels; j++)
    for (int r = 0; r < m->nranks; r++) {
      X *= m->lv[j].sx[r];
      Y *= m->lv[j].sy[r];
      T *= m->lv[j].t[r];
    }
  p->ii = t->op_ii ? t->op_ii : 1;
  p->depth = t->depth ? t->depth : 1;
  const arch_array *ar = t->array;
  p->is2d = ar->kind == ARCH_ARRAY_2D;
  p->per_lane = T;
  if (!p->is2d) {
    p->depth = lw_vec_depth(t);
    return;
  }
  for (int u = 0; u < ar->nunits; u++) /* the MAC unit for the operands' format */
    if ((ar->units[u].ops & (1u << ARCH_OP_MAC)) && ops_einsum_is_mac(t->es) &&
        ar->units[u].inputs[0] == t->es->in[0].format) {
      p->depth = sim_mac_depth(&ar->units[u]);
      break;
    }
  arch_dataflow df = lw_dataflow(p);
  int stat = df == ARCH_DF_OS ? 2 : df == ARCH_DF_WS ? 1 : 0;
  /* A fold lasts while the stationary tensor's PE tile stays: every loop of the PE-local
   * levels (their tile is held in the PE) and the innermost loops at sp that do not index it. */
  uint64_t L = 1;
  for (int j = p->sp + 1; j < m->nlevels; j++)
    for (int r = 0; r < m->nranks; r++) L *= m->lv[j].t[r];
  for (int i = 0; i < m->nranks; i++) {
    int r = m->lv[p->sp].perm[i];
    uint64_t f = m->lv[p->sp].t[r];
    if (f == 1) continue;
    if (lw_rel(p, stat, r)) break;
    L *= f;
  }
  p->a2d = (sim_a2d){df, Y, X, L, T / L, p->ii, p->depth};
  if (df == ARCH_DF_OS) p->has_acc = ar->has_local && (ar->local.keep & (1u << OPS_ROLE_OUTPUT));
  else {
    const arch_level *h = t->lv[p->home[2]].lv;
    p->has_acc = h->keep == (1u << OPS_ROLE_OUTPUT); /* a memory dedicated to partial sums */
  }
  p->bank_fresh = lw_bank(p, ext, stat, false, dram_layout);
  p->bank_acc = df != ARCH_DF_OS && !p->has_acc ? lw_bank(p, ext, stat, true, dram_layout)
                                                : p->bank_fresh;
}

int sim_lower(const map_target *t, const map_mapping *m, bool dram_layout, sim_prog *p, com_err *e) {
  memset(p, 0, sizeof *p);
  p->t = t;
  p->m = m;
  if (!map_model_eval(t, m, &p->ana)) {
    char buf[512];
    map_model_overflow_text(t, &p->ana, buf, sizeof buf);
    return com_err_plain(e, COM_EINPUT, "einsum %s: the mapping does not fit: %s", t->es->name, buf);
  }
  const int J = m->nlevels, R = m->nranks;
  p->sp = t->array->has_local ? J - 2 : J - 1;
  if (p->sp < 1) p->sp = J - 1;
  uint64_t ext[MAP_MAX_LEVELS + 1][OPS_MAX_RANKS];
  for (int r = 0; r < R; r++) ext[J][r] = 1;
  for (int j = J - 1; j >= 0; j--)
    for (int r = 0; r < R; r++)
      ext[j][r] = ext[j + 1][r] * m->lv[j].t[r] * m->lv[j].sx[r] * m->lv[j].sy[r];
  p->tiles = p->outer_instances = 1;
  for (int j = 0; j < p->sp; j++)
    for (int i = R - 1; i >= 0; i--) {
      int r = m->lv[j].perm[i];
      p->outer_instances *= m->lv[j].sx[r] * m->lv[j].sy[r];
      if (m->lv[j].t[r] > 1) {
        p->loops[p->nloops++] = (sim_loop){r, j, m->lv[j].t[r]};
        p->tiles *= m->lv[j].t[r];
      }
    }
  for (int s = 0; s < MAP_NT; s++) {
    p->home[s] = -1;
    if (!t->tensor[s]) continue;
    p->home[s] = p->sp;
    for (int l = 1; l <= p->sp; l++)
      if (m->lv[l].keep & (1u << s)) {
        p->home[s] = l;
        p->kept[s] = true;
        break;
      }
    p->tile_elems[s] = map_model_tile(t->tensor[s], ext[p->home[s]]);
    p->tile_bytes[s] = (uint64_t)ceil((double)p->tile_elems[s] * t->bytes_elem[s]);
    uint64_t g = 1, distinct = 1;
    for (int q = 0; q < p->nloops; q++) {
      if (lw_changes(p, s, q, p->home[s])) g *= p->loops[q].factor;
      if (p->loops[q].level < p->home[s] && lw_rel(p, s, p->loops[q].rank))
        distinct *= p->loops[q].factor;
    }
    p->gens[s] = g;
    p->dram_scale[s] = 1;
    for (int j = 0; j < p->home[s]; j++)
      for (int r = 0; r < R; r++)
        if (lw_rel(p, s, r) || !t->lv[j].lv->multicast) p->dram_scale[s] *= m->lv[j].sx[r] * m->lv[j].sy[r];
    if (s == t->slot_of_out) p->reloads = g - distinct;
    else p->load_bytes += g * p->tile_bytes[s] * p->dram_scale[s];
  }
  p->load_bytes += p->reloads * p->tile_bytes[2] * p->dram_scale[2];
  p->store_bytes = p->gens[2] * p->tile_bytes[2] * p->dram_scale[2];
  if (lw_buffers(p, t->es->name, e)) return -1;
  lw_geometry(p, (const uint64_t(*)[OPS_MAX_RANKS])ext, dram_layout);
  return 0;
}

void sim_iter_init(sim_iter *it, const sim_prog *p) {
  memset(it, 0, sizeof *it);
  it->p = p;
}

bool sim_lower_next(sim_iter *it, sim_tile *tile) {
  const sim_prog *p = it->p;
  if (it->next >= p->tiles) return false;
  memset(tile, 0, sizeof *tile);
  tile->index = it->next;
  int changed = it->changed;
  for (int s = 0; s < MAP_NT; s++) {
    if (p->home[s] < 0) continue;
    tile->fresh[s] = it->next == 0 || lw_changes(p, s, changed, p->home[s]);
    if (tile->fresh[s] && it->next) it->gen[s]++;
    tile->gen[s] = it->gen[s];
  }
  tile->reload = tile->fresh[2] && lw_visited(p, it->idx, 2, p->home[2]);
  tile->acc_in = (it->next && !lw_changes(p, 2, changed, p->sp)) || lw_visited(p, it->idx, 2, p->sp);
  int q = p->nloops - 1; /* the loop the next advance increments */
  while (q >= 0 && it->idx[q] + 1 == p->loops[q].factor) q--;
  for (int s = 0; s < MAP_NT; s++)
    if (p->home[s] >= 0) tile->last[s] = q < 0 || lw_changes(p, s, q, p->home[s]);
  if (q >= 0) {
    it->idx[q]++;
    for (int k = q + 1; k < p->nloops; k++) it->idx[k] = 0;
    it->changed = q;
  }
  it->next++;
  return true;
}
