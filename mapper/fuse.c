/* fuse — the fused attention schedules (see fuse.h and docs/fusemax.md). Counts are carried in
 * unsigned __int128 and checked against 64 bits once, at the end. */
#include "mapper/fuse.h"
#include "mapper/fuse_int.h"
#include "ops/build.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef fuse_u128 u128;

#define HD 0 /* n = head_dim */
static const fuse_work flat_work[] = {
    {"QK", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD, 0}, {"GM", PT_ELEM, MAP_FUSE_1D, ARCH_OP_MAX, 1, 0},
    {"SN", PT_ELEM, MAP_FUSE_1D, ARCH_OP_EXP, 1, 0},  {"SD", PT_ELEM, MAP_FUSE_1D, ARCH_OP_ADD, 1, 0},
    {"A", PT_ELEM, MAP_FUSE_1D, ARCH_OP_DIV, 1, 0},   {"AV", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD, 0},
};
/* The 1-pass cascade, FuseMax binding; `cascade` moves LM, SLN, SLD to the 1D array. */
const fuse_work fuse_onepass_work[] = {
    {"QK", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD, 0},   {"LM", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAX, 1, 0},
    {"SLN", PT_ELEM, MAP_FUSE_2D, ARCH_OP_EXP, 1, 0},   {"SLD", PT_ELEM, MAP_FUSE_2D, ARCH_OP_ADD, 1, 0},
    {"SLNV", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD, 0}, {"RM", PT_ROW, MAP_FUSE_1D, ARCH_OP_MAX, 1, 0},
    {"PRM", PT_ROW, MAP_FUSE_1D, ARCH_OP_EXP, 1, 0},    {"SPD", PT_ROW, MAP_FUSE_1D, ARCH_OP_MUL, 1, 0},
    {"RD", PT_ROW, MAP_FUSE_1D, ARCH_OP_ADD, 1, 0},     {"SPNV", PT_ROW, MAP_FUSE_1D, ARCH_OP_MUL, HD, 0},
    {"RNV", PT_ROW, MAP_FUSE_1D, ARCH_OP_ADD, HD, 0},   {"AV", PT_QUERY, MAP_FUSE_1D, ARCH_OP_DIV, HD, 0},
};
const int fuse_onepass_nwork = (int)(sizeof fuse_onepass_work / sizeof *fuse_onepass_work);
/* The 2-pass cascade (ops/cascades/attention-2-pass.yaml) on the FuseMax binding. Pass 2
 * recomputes QK instead of keeping the O(M) scores of pass 1 (what FLAT buffers), and divides
 * by RD as one reciprocal per query (1D) and a multiply per score (2D, whose PEs cannot divide). */
static const fuse_work twopass_work[] = {
    {"QK", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD, 0}, {"LM", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAX, 1, 0},
    {"SLN", PT_ELEM, MAP_FUSE_2D, ARCH_OP_EXP, 1, 0}, {"SLD", PT_ELEM, MAP_FUSE_2D, ARCH_OP_ADD, 1, 0},
    {"RM", PT_ROW, MAP_FUSE_1D, ARCH_OP_MAX, 1, 0},   {"PRM", PT_ROW, MAP_FUSE_1D, ARCH_OP_EXP, 1, 0},
    {"SPD", PT_ROW, MAP_FUSE_1D, ARCH_OP_MUL, 1, 0},  {"RD", PT_ROW, MAP_FUSE_1D, ARCH_OP_ADD, 1, 0},
    {"QK", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD, 1}, {"SN", PT_ELEM, MAP_FUSE_2D, ARCH_OP_EXP, 1, 1},
    {"A", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MUL, 1, 1},   {"AV", PT_ELEM, MAP_FUSE_2D, ARCH_OP_MAC, HD, 1},
    {"1/RD", PT_QUERY, MAP_FUSE_1D, ARCH_OP_DIV, 1, 1},
};

/* Busy cycles of array x (pes PEs) for pp cycles per PE per point of each kind: 2D element work
 * in whole R x C tiles, everything else spread over the PEs/lanes. */
static u128 fuse_busy(int x, uint64_t pes, const uint64_t pp[PT_COUNT], const u128 pts[PT_COUNT],
                      u128 tiles2d) {
  return (x == MAP_FUSE_2D ? tiles2d : (pts[PT_ELEM] + pes - 1) / pes) * pp[PT_ELEM] +
         (pts[PT_ROW] + pes - 1) / pes * pp[PT_ROW] + (pts[PT_QUERY] + pes - 1) / pes * pp[PT_QUERY];
}

/* How one evaluation runs: its einsums, traversals of the keys, FLAT's tiling, and the words
 * each score element / (key tile, query) / query touches in the PE and lane register files. */
typedef struct fuse_mode {
  const fuse_work *wk;
  int nw, traversals, cascade_passes;
  bool spill;
  uint64_t inter, rf_row, rf_query;
} fuse_mode;

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

/* The MAC lower bounds (fuse_int.h). */
int fuse_mac_bound(const ops_attention_shape *s, const arch_spec *a, map_fuse_result *r,
                   com_err *e) {
  u128 P = s->seq_q, M = s->seq_kv;
  u128 vis = ops_attention_causal_pairs(s->seq_q, s->seq_kv); /* as the IR's points_effective */
  u128 bh = (u128)s->batch * s->heads, ef = 2 * (u128)s->head_dim;
  u128 full = bh * P * M * ef, masked = s->causal ? bh * vis * ef : full;
  if (full > UINT64_MAX) return com_err_plain(e, COM_EINPUT, "attention sizes overflow 64-bit counts");
  uint64_t pes = 0, cyc;
  double pj;
  for (int i = 0; i < a->narrays; i++)
    if (arch_array_op_interval(&a->arrays[i], ARCH_OP_MAC, &cyc) &&
        arch_array_op_energy(&a->arrays[i], ARCH_OP_MAC, &pj))
      pes += a->arrays[i].pes;
  r->bound_macs_full = (uint64_t)full;
  r->bound_macs = (uint64_t)masked;
  r->bound_cycles_full = pes ? fuse_cdiv(r->bound_macs_full, pes) : 0;
  r->bound_cycles = pes ? fuse_cdiv(r->bound_macs, pes) : 0;
  return 0;
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

/* One evaluation of a fused 2D + 1D schedule under mode md (contract in fuse.h). */
static int fuse_core(const ops_attention_shape *s, ops_attn_schedule sched, uint64_t word_bytes,
                     const arch_spec *a, const fuse_mode *md, map_fuse_result *r, com_err *e) {
  memset(r, 0, sizeof *r);
  r->schedule = sched;
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
  uint64_t R = ar[0]->rows, C = ar[0]->cols, w = word_bytes ? word_bytes : 2;
  bool flat = sched == OPS_SCHED_FLAT, one = !flat;
  uint64_t kp = (uint64_t)md->traversals; /* K is read once per traversal, V once */
  r->passes = md->cascade_passes;
  /* Tiling: the K/V tile double-buffered, plus per query what stays on chip (FLAT rows: its
   * scores; spilled: one double-buffered score row for the softmax, shared). */
  r->buffer_cap = buf->size_bytes;
  u128 kv128 = (u128)2 * C * (E + F) * w, fixed128 = kv128 + (md->spill ? (u128)2 * M * w : 0);
  u128 perq128 = one ? (u128)(E + F + 2) * w : md->spill ? (u128)(E + F) * w : ((u128)M + E + F) * w;
  if (fixed128 > UINT64_MAX / 4 || perq128 > UINT64_MAX / 4)
    return com_err_plain(e, COM_EINPUT, "attention sizes overflow 64-bit counts");
  uint64_t fixed = (uint64_t)fixed128, perq = (uint64_t)perq128;
  if (fuse_fit(buf, fixed, perq, P, R,
               one ? (kp > 1 ? "the 2-pass query tile" : "the 1-pass query tile")
                   : "FLAT buffers the full score row of every query",
               &r->p1, e))
    return -1;
  r->m0 = one ? C : 0;
  u128 bb = fixed + (u128)r->p1 * perq;
  u128 bp = flat ? (md->spill ? (u128)2 * M * w : (u128)r->p1 * M * w) : kp > 1 ? (u128)2 * r->p1 * w : 0;
  if (bb > UINT64_MAX || bp > UINT64_MAX) /* only with an unbounded buffer (size 0) */
    return com_err_plain(e, COM_EINPUT, "attention sizes overflow 64-bit counts");
  r->buffer_bytes = (uint64_t)bb;
  r->between_pass_bytes = (uint64_t)bp;
  /* The R x C tiles of the 2D array a causal mask leaves (all of them without one). */
  fuse_tiles tl;
  if (fuse_tiles_count(P, M, R, r->p1, C, s->causal, &tl, e)) return -1;
  r->q_tiles = tl.q_blocks;
  /* Work: points of each kind, actions, busy cycles per traversal, energy. */
  u128 pts[PT_COUNT] = {(u128)B * tl.elems, (u128)B * tl.rows, (u128)B * P};
  u128 tiles2d = (u128)B * tl.tiles; /* R x C element tiles of the 2D array */
  u128 act[2] = {0, 0}, busy[2] = {0, 0}, macs = 0;
  uint64_t per_pe[2][2][PT_COUNT] = {{{0}}}, stage_pe[3][2][PT_COUNT] = {{{0}}};
  bool elem_all_2d = true;
  for (int i = 0; i < md->nw; i++) {
    const fuse_work *wi = &md->wk[i];
    int pref = wi->pref;
    if (sched == OPS_SCHED_CASCADE && wi->pt == PT_ELEM && wi->op != ARCH_OP_MAC) pref = MAP_FUSE_1D;
    int x;
    uint64_t cyc, n = wi->n ? wi->n : E;
    double pj;
    bool other = sched == OPS_SCHED_CASCADE || flat;
    if (!fuse_bind(ar, pref, other, wi->op, &x, &cyc, &pj))
      return com_err_plain(e, COM_EINPUT, "schedule %s binds einsum %s (%s) to the %s array %s, "
                           "which cannot perform %s%s", sname, wi->einsum, arch_op_name(wi->op),
                           pref ? "1D" : "2D", ar[pref]->name, arch_op_name(wi->op),
                           other ? " (nor can the other array)" : "");
    if (wi->pt == PT_ELEM && x != MAP_FUSE_2D) elem_all_2d = false;
    u128 ops = pts[wi->pt] * n;
    act[x] += ops * cyc;
    if (wi->op == ARCH_OP_MAC) macs += ops;
    r->e_compute_pj += (double)ops * pj;
    per_pe[wi->pass][x][wi->pt] += n * cyc;
    /* FLAT's passes for the cycle simulator: QK, the softmax, AV */
    int st = strcmp(wi->einsum, "QK") == 0 ? 0 : strcmp(wi->einsum, "AV") == 0 ? 2 : 1;
    if (flat) stage_pe[st][x][wi->pt] += n * cyc;
  }
  /* Per traversal: 2D element work in R x C tiles, everything else spread over all PEs/lanes;
   * the traversals run one after the other. */
  u128 compute = 0, steps = (u128)B * tl.steps;
  for (int p = 0; p < md->traversals; p++) {
    u128 b[2];
    for (int x = 0; x < 2; x++) {
      b[x] = fuse_busy(x, ar[x]->pes, per_pe[p][x], pts, tiles2d);
      busy[x] += b[x];
      if (b[x] > UINT64_MAX) return com_err_plain(e, COM_EINPUT, "attention sizes overflow 64-bit counts");
      r->pass_busy[p][x] = (uint64_t)b[x];
    }
    u128 hi = b[0] > b[1] ? b[0] : b[1], lo = b[0] + b[1] - hi;
    if (sched == OPS_SCHED_ARCHITECTURE) compute += b[0] + b[1];
    else if (sched == OPS_SCHED_FUSEMAX) /* pipeline fill: one tile of the shorter stage */
      compute += hi + (steps ? (lo + steps - 1) / steps : 0);
    else compute += hi;
  }
  for (int st = 0; flat && st < 3; st++)
    for (int x = 0; x < 2; x++) /* parts of busy[x] (linear in the per-PE cycles): in range */
      r->flat_busy[st][x] = (uint64_t)fuse_busy(x, ar[x]->pes, stage_pe[st][x], pts, tiles2d);
  /* DRAM: Q read once, K once per traversal and V once per query tile (the keys it needs), O
   * written once; FLAT's spilled rows: QK and A written and read once each. */
  u128 kvb = (u128)B * tl.kv_keys * (E * kp + F) * w, sc = md->spill ? pts[PT_ELEM] * 2 * w : 0;
  u128 rd = (u128)B * P * E * w + kvb + sc, wr = (u128)B * P * F * w + sc;
  double bw = dram->read_bw > 0 ? dram->read_bw : 1;
  /* Global buffer words: fills and drains, Q per key tile and K per row tile in each traversal,
   * V per row tile, O; intermediates (md->inter per score) in the 2D PE registers when all
   * element work is on the 2D array, else here. */
  u128 gb = (rd + wr) / w + (u128)B * tl.rows * E * kp + (u128)B * tl.tile_keys * (E * kp + F) +
            (u128)B * P * F;
  u128 inter = pts[PT_ELEM] * md->inter;
  u128 rf = pts[PT_ROW] * md->rf_row + pts[PT_QUERY] * md->rf_query;
  if (elem_all_2d) rf += inter;
  else gb += inter;
  if (fuse_mac_bound(s, a, r, e)) return -1;
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
  r->steps = (uint64_t)steps;
  r->dram_read = (uint64_t)rd;
  r->dram_write = (uint64_t)wr;
  r->dram_bytes = r->dram_read + r->dram_write;
  r->dram_kv = (uint64_t)kvb;
  r->dram_scores = (uint64_t)(2 * sc);
  r->spill = md->spill;
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

int map_fuse_eval(const ops_attention_shape *s, ops_attn_schedule sched, uint64_t word_bytes,
                  const arch_spec *a, map_fuse_result *r, com_err *e) {
  memset(r, 0, sizeof *r);
  r->schedule = sched;
  if (sched == OPS_SCHED_AUTO) return map_fuse_auto(s, word_bytes, a, r, e);
  if (sched == OPS_SCHED_UNFUSED)
    return com_err_plain(e, COM_EINPUT, "the unfused schedule is mapped einsum by einsum (map_run_op)");
  bool two = s->cascade == OPS_CASCADE_2PASS;
  if (two && sched != OPS_SCHED_ARCHITECTURE && sched != OPS_SCHED_FUSEMAX)
    return com_err_plain(e, COM_EINPUT, "the 2-pass cascade runs with schedule architecture or "
                         "fusemax (the FuseMax binding), not %s", ops_attn_schedule_name(sched));
  if (sched == OPS_SCHED_FLASH) return fuse_flash_eval(s, word_bytes, a, r, e);
  uint64_t F = s->head_dim;
  if (sched != OPS_SCHED_FLAT) {
    fuse_mode md = {fuse_onepass_work, fuse_onepass_nwork, 1, 1, false, 6, 5 * F + 9, F + 1};
    if (two) /* pass 1 touches RM, RD, LM, SLD, PRM, SPD per (m1, p); 1/RD per query, read and
              * written; per score QK, SLN (pass 1) and QK, SN, A (pass 2) written and read */
      md = (fuse_mode){twopass_work, (int)(sizeof twopass_work / sizeof *twopass_work), 2, 2,
                       false, 12, 9, 2};
    return fuse_core(s, sched, word_bytes, a, &md, r, e);
  }
  /* FLAT: full score rows on chip, or spilled through DRAM, whichever is faster (ties: less
   * energy); the row tiling's error when neither fits (it needs the least buffer per query). */
  fuse_mode rows = {flat_work, (int)(sizeof flat_work / sizeof *flat_work), 1, 3, false, 8, 0, 0};
  fuse_mode spill = rows;
  spill.spill = true;
  map_fuse_result rs;
  com_err es = {0};
  int rc_rows = fuse_core(s, sched, word_bytes, a, &rows, r, e);
  int rc_spill = fuse_core(s, sched, word_bytes, a, &spill, &rs, &es);
  if (rc_spill == 0 && (rc_rows != 0 || rs.cycles < r->cycles ||
                        (rs.cycles == r->cycles && rs.energy_pj < r->energy_pj))) {
    *r = rs;
    return 0;
  }
  return rc_rows;
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
