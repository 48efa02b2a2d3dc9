/* fuse — the fused attention schedules (see fuse.h and docs/fusemax.md). Counts are carried in
 * unsigned __int128 and checked against 64 bits once, at the end. */
#include "mapper/fuse.h"
#include "mapper/fuse_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef fuse_u128 u128;

#define HD 0 /* n = head_dim */
static const fuse_work flat_work[] = {
    {"QK", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD}, {"GM", PT_ELEM, MAP_FUSE_1D, ARCH_OP_MAX, 1},
    {"SN", PT_ELEM, MAP_FUSE_1D, ARCH_OP_EXP, 1},  {"SD", PT_ELEM, MAP_FUSE_1D, ARCH_OP_ADD, 1},
    {"A", PT_ELEM, MAP_FUSE_1D, ARCH_OP_DIV, 1},   {"AV", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD},
};
/* The 1-pass cascade, FuseMax binding; `cascade` moves LM, SLN, SLD to the 1D array. */
const fuse_work fuse_onepass_work[] = {
    {"QK", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD},   {"LM", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAX, 1},
    {"SLN", PT_ELEM, MAP_FUSE_2D, ARCH_OP_EXP, 1},   {"SLD", PT_ELEM, MAP_FUSE_2D, ARCH_OP_ADD, 1},
    {"SLNV", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD}, {"RM", PT_ROW, MAP_FUSE_1D, ARCH_OP_MAX, 1},
    {"PRM", PT_ROW, MAP_FUSE_1D, ARCH_OP_EXP, 1},    {"SPD", PT_ROW, MAP_FUSE_1D, ARCH_OP_MUL, 1},
    {"RD", PT_ROW, MAP_FUSE_1D, ARCH_OP_ADD, 1},     {"SPNV", PT_ROW, MAP_FUSE_1D, ARCH_OP_MUL, HD},
    {"RNV", PT_ROW, MAP_FUSE_1D, ARCH_OP_ADD, HD},   {"AV", PT_QUERY, MAP_FUSE_1D, ARCH_OP_DIV, HD},
};
const int fuse_onepass_nwork = (int)(sizeof fuse_onepass_work / sizeof *fuse_onepass_work);

/* An operation that can stand in for op on a unit lacking it (a*b on a MAC, a+b as a*1+b). */
static arch_op fuse_substitute(arch_op op) {
  switch (op) {
  case ARCH_OP_MUL: return ARCH_OP_MAC;
  case ARCH_OP_SUB: return ARCH_OP_ADD;
  case ARCH_OP_ADD: return ARCH_OP_MAC;
  default: return ARCH_OP_COUNT;
  }
}

/* Binds op to an array (fuse_int.h). */
bool fuse_bind(const arch_array *ar[2], int pref, bool allow_other, arch_op op, int *where,
                      uint64_t *cyc, double *pj) {
  for (int k = 0; k < (allow_other ? 2 : 1); k++) {
    int x = k ? 1 - pref : pref;
    if (!ar[x]) continue;
    arch_op cand[2] = {op, fuse_substitute(op)};
    for (int c = 0; c < 2; c++)
      if (cand[c] != ARCH_OP_COUNT && arch_array_op_interval(ar[x], cand[c], cyc) &&
          arch_array_op_energy(ar[x], cand[c], pj)) {
        *where = x;
        return true;
      }
  }
  return false;
}

/* Per-word energy of a level (fuse_int.h). */
double fuse_word_pj(const arch_level *l, uint64_t word_bytes) {
  double per = (l->read_energy_pj.v + l->write_energy_pj.v) / 2;
  double words = (double)l->width_bits / (double)(word_bytes * 8);
  return words >= 1 ? per / words : per;
}

static int fuse_fit(const arch_level *gb, uint64_t fixed, uint64_t perq, uint64_t P, uint64_t R,
                    const char *what, uint64_t *p1, com_err *e) {
  uint64_t cap = gb->size_bytes;
  if (cap == 0) { *p1 = P; return 0; }
  if (fixed > cap || cap - fixed < perq)
    return com_err_plain(e, COM_EINPUT,
                         "%s: %llu bytes for the K/V tiles plus %llu bytes for one query do not "
                         "fit the %s (%llu bytes)",
                         what, (unsigned long long)fixed, (unsigned long long)perq, gb->name,
                         (unsigned long long)cap);
  uint64_t n = (cap - fixed) / perq;
  if (n > P) n = P;
  if (n >= R && n < P) n -= n % R;
  *p1 = n;
  return 0;
}

int map_fuse_eval(const ops_attention_shape *s, ops_attn_schedule sched, uint64_t word_bytes,
                  const arch_spec *a, map_fuse_result *r, com_err *e) {
  memset(r, 0, sizeof *r);
  r->schedule = sched;
  if (sched == OPS_SCHED_AUTO) return map_fuse_auto(s, word_bytes, a, r, e);
  if (sched == OPS_SCHED_UNFUSED)
    return com_err_plain(e, COM_EINPUT, "the unfused schedule is mapped einsum by einsum (map_run_op)");
  if (sched == OPS_SCHED_FLASH) return fuse_flash_eval(s, word_bytes, a, r, e);
  const char *sname = ops_attn_schedule_name(sched);
  const arch_array *ar[2] = {NULL, NULL};
  for (int i = 0; i < a->narrays; i++) {
    int x = a->arrays[i].kind == ARCH_ARRAY_2D ? MAP_FUSE_2D : MAP_FUSE_1D;
    if (!ar[x]) ar[x] = &a->arrays[i];
  }
  if (!ar[0] || !ar[1])
    return com_err_plain(e, COM_EINPUT, "schedule %s needs a 2D array and a 1D array; %s has no %s "
                         "(`schedule: flash` runs on one array)",
                         sname, a->name, ar[0] ? "1D array" : "2D array");
  for (int x = 0; x < 2; x++) r->array_name[x] = ar[x]->name;
  if (ar[0]->attach < 0 || ar[0]->attach >= a->nlevels || ar[0]->attach == 0)
    return com_err_plain(e, COM_EINPUT, "schedule %s needs the 2D array %s attached to an on-chip "
                         "buffer", sname, ar[0]->name);
  const arch_level *buf = &a->levels[ar[0]->attach], *dram = &a->levels[0];
  uint64_t B = s->batch * s->heads, P = s->seq_q, M = s->seq_kv, E = s->head_dim, F = s->head_dim;
  uint64_t R = ar[0]->rows, C = ar[0]->cols, L = ar[1]->pes, w = word_bytes ? word_bytes : 2;
  bool flat = sched == OPS_SCHED_FLAT, one = !flat;
  /* Tiling. */
  r->buffer_cap = buf->size_bytes;
  uint64_t kv = 2 * C * (E + F) * w, perq = one ? (E + F + 2) * w : (M + E + F) * w;
  if (fuse_fit(buf, kv, perq, P, R,
               one ? "the 1-pass query tile" : "FLAT buffers the full score row of every query",
               &r->p1, e))
    return -1;
  r->m0 = one ? C : 0;
  r->buffer_bytes = kv + r->p1 * perq;
  /* The R x C tiles of the 2D array a causal mask leaves (all of them without one). */
  fuse_tiles tl;
  if (fuse_tiles_count(P, M, R, r->p1, C, s->causal, &tl, e)) return -1;
  r->q_tiles = tl.q_blocks;
  /* Work: points of each kind, actions, busy cycles, energy. */
  const fuse_work *wk = flat ? flat_work : fuse_onepass_work;
  int nw = flat ? (int)(sizeof flat_work / sizeof *flat_work) : fuse_onepass_nwork;
  u128 pts[PT_COUNT] = {(u128)B * tl.elems, (u128)B * tl.rows, (u128)B * P};
  u128 tiles2d = (u128)B * tl.tiles; /* R x C element tiles of the 2D array */
  u128 act[2] = {0, 0}, busy[2] = {0, 0}, macs = 0;
  uint64_t per_pe[2][PT_COUNT] = {{0}};
  bool elem_all_2d = true;
  for (int i = 0; i < nw; i++) {
    int pref = wk[i].pref;
    if (sched == OPS_SCHED_CASCADE && wk[i].pt == PT_ELEM && wk[i].op != ARCH_OP_MAC)
      pref = MAP_FUSE_1D;
    int x;
    uint64_t cyc, n = wk[i].n ? wk[i].n : (i == 0 ? E : F);
    double pj;
    bool other = sched == OPS_SCHED_CASCADE || flat;
    if (!fuse_bind(ar, pref, other, wk[i].op, &x, &cyc, &pj))
      return com_err_plain(e, COM_EINPUT, "schedule %s binds einsum %s (%s) to the %s array %s, "
                           "which cannot perform %s%s", sname, wk[i].einsum, arch_op_name(wk[i].op),
                           pref ? "1D" : "2D", ar[pref]->name, arch_op_name(wk[i].op),
                           other ? " (nor can the other array)" : "");
    if (wk[i].pt == PT_ELEM && x != MAP_FUSE_2D) elem_all_2d = false;
    u128 ops = pts[wk[i].pt] * n;
    act[x] += ops * cyc;
    if (wk[i].op == ARCH_OP_MAC) macs += ops;
    r->e_compute_pj += (double)ops * pj;
    per_pe[x][wk[i].pt] += n * cyc;
  }
  /* 2D: element work in R x C tiles; everything else spread over all PEs/lanes. */
  for (int x = 0; x < 2; x++) {
    uint64_t pes = ar[x]->pes;
    if (x == MAP_FUSE_2D) busy[x] += tiles2d * per_pe[x][PT_ELEM];
    else busy[x] += (pts[PT_ELEM] + pes - 1) / pes * per_pe[x][PT_ELEM];
    busy[x] += (pts[PT_ROW] + pes - 1) / pes * per_pe[x][PT_ROW];
    busy[x] += (pts[PT_QUERY] + pes - 1) / pes * per_pe[x][PT_QUERY];
  }
  (void)L;
  u128 compute;
  if (sched == OPS_SCHED_ARCHITECTURE) compute = busy[0] + busy[1];
  else {
    u128 hi = busy[0] > busy[1] ? busy[0] : busy[1], lo = busy[0] + busy[1] - hi;
    compute = hi;
    if (sched == OPS_SCHED_FUSEMAX) { /* pipeline fill: one tile of the shorter stage */
      u128 steps = (u128)B * tl.steps;
      compute += steps ? (lo + steps - 1) / steps : 0;
    }
  }
  /* DRAM: Q read once, K and V once per query tile (the keys it needs), O written once. */
  u128 kvb = (u128)B * tl.kv_keys * (E + F) * w;
  u128 rd = (u128)B * P * E * w + kvb, wr = (u128)B * P * F * w;
  double bw = dram->read_bw > 0 ? dram->read_bw : 1;
  /* Global buffer words: fills and drains, Q per key tile, K/V per row tile, O; intermediates
   * (scores, exps) in the 2D PE registers when all element work is on the 2D array, else here. */
  u128 gb = (rd + wr) / w + (u128)B * tl.rows * E + (u128)B * tl.tile_keys * (E + F) +
            (u128)B * P * F;
  /* Per score element: the 3-pass cascade writes QK, SN, A once and reads QK twice, SN twice, A
   * once (8); the 1-pass one writes QK, SLN and reads each twice (6). Per (m1, p) the 1D array
   * touches RM, RD, LM, SLD, PRM, SPD (9) and SLNV, RNV (read), SPNV, RNV (write) (5F). */
  u128 inter = pts[PT_ELEM] * (flat ? 8 : 6);
  u128 rf = one ? pts[PT_ROW] * (5 * F + 9) + pts[PT_QUERY] * (F + 1) : 0;
  if (elem_all_2d) rf += inter;
  else gb += inter;
  u128 big = compute > rd + wr ? compute : rd + wr;
  big = big > gb + rf ? big : gb + rf;
  if (big > UINT64_MAX / 4 || act[0] > UINT64_MAX || act[1] > UINT64_MAX)
    return com_err_plain(e, COM_EINPUT, "attention sizes overflow 64-bit counts");
  r->actions[0] = (uint64_t)act[0];
  r->actions[1] = (uint64_t)act[1];
  r->busy[0] = (uint64_t)busy[0];
  r->busy[1] = (uint64_t)busy[1];
  r->macs = (uint64_t)macs;
  r->compute_cycles = (uint64_t)compute;
  r->dram_read = (uint64_t)rd;
  r->dram_write = (uint64_t)wr;
  r->dram_bytes = r->dram_read + r->dram_write;
  r->dram_kv = (uint64_t)kvb;
  r->memory_cycles = (uint64_t)ceil((double)r->dram_bytes / bw);
  r->cycles = r->compute_cycles > r->memory_cycles ? r->compute_cycles : r->memory_cycles;
  r->gb_words = (uint64_t)gb;
  r->rf_words = (uint64_t)rf;
  for (int x = 0; x < 2; x++)
    r->util[x] = r->cycles ? (double)r->actions[x] / ((double)r->cycles * (double)ar[x]->pes) : 0;
  r->e_dram_pj = (double)r->dram_bytes * fuse_word_pj(dram, 1);
  r->e_gb_pj = (double)r->gb_words * fuse_word_pj(buf, w);
  const arch_level *rfl = elem_all_2d && ar[0]->has_local ? &ar[0]->local
                          : ar[1]->has_local              ? &ar[1]->local
                                                          : buf;
  r->e_rf_pj = (double)r->rf_words * fuse_word_pj(rfl, w);
  r->energy_pj = r->e_compute_pj + r->e_dram_pj + r->e_gb_pj + r->e_rf_pj;
  double hz = a->clock_mhz * 1e6;
  r->latency_s = hz > 0 ? (double)r->cycles / hz : 0;
  return 0;
}

int map_fuse_auto(const ops_attention_shape *s, uint64_t word_bytes, const arch_spec *a,
                  map_fuse_result *r, com_err *e) {
  static const ops_attn_schedule cand[] = {OPS_SCHED_FUSEMAX, OPS_SCHED_ARCHITECTURE,
                                           OPS_SCHED_CASCADE, OPS_SCHED_FLAT, OPS_SCHED_FLASH};
  bool have = false;
  com_err last = {0};
  for (size_t i = 0; i < sizeof cand / sizeof *cand; i++) {
    map_fuse_result t;
    com_err ei = {0};
    if (map_fuse_eval(s, cand[i], word_bytes, a, &t, &ei)) { last = ei; continue; }
    if (!have || t.cycles < r->cycles || (t.cycles == r->cycles && t.energy_pj < r->energy_pj)) {
      *r = t;
      have = true;
    }
  }
  if (have) return 0;
  *e = last;
  return -1;
}
