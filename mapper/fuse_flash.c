/* fuse_flash — the `flash` schedule: FlashAttention-style tiling of the 1-pass cascade on an
 * architecture with a single on-chip buffer (see fuse.h and docs/fusemax.md). */
#include <math.h>
#include <string.h>

#include "mapper/fuse_int.h"

typedef fuse_u128 u128;


/* The array flash runs on: the first 2D array, else the first 1D array; -1 when none. */
static int flash_array(const arch_spec *a) {
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < a->narrays; i++)
      if ((a->arrays[i].kind == ARCH_ARRAY_2D) == (k == 0)) return i;
  return -1;
}

/* FlashAttention block sizes for a buffer of cap bytes (Dao et al. 2022, Algorithm 1):
 * B_c = ceil(M/4d), B_r = min(B_c, d) with M = cap / w elements, then at most P and N, and
 * shrunk until the Q, O (B_r x d) and K, V (B_c x d) blocks fit. Returns false when one query
 * and one key do not. */
static bool flash_blocks(uint64_t cap, uint64_t w, uint64_t d, uint64_t P, uint64_t N, uint64_t *bc,
                         uint64_t *br) {
  uint64_t m = cap / w, c = fuse_cdiv(m, 4 * d), r;
  if (c > N) c = N;
  r = c < d ? c : d;
  if (r > P) r = P;
  while ((u128)(c + r) * 2 * d > m && c > 1) {
    c--;
    if (r > c) r = c;
  }
  *bc = c;
  *br = r;
  return (u128)(c + r) * 2 * d <= m;
}

int fuse_flash_eval(const ops_attention_shape *s, uint64_t word_bytes, const arch_spec *a,
                    map_fuse_result *r, com_err *e) {
  int ai = flash_array(a);
  if (ai < 0) return com_err_plain(e, COM_EINPUT, "schedule flash needs an array; %s has none", a->name);
  const arch_array *arr = &a->arrays[ai];
  int x = arr->kind == ARCH_ARRAY_2D ? MAP_FUSE_2D : MAP_FUSE_1D;
  r->array_name[x] = arr->name;
  if (arr->attach <= 0 || arr->attach >= a->nlevels)
    return com_err_plain(e, COM_EINPUT, "schedule flash needs the array %s attached to an on-chip "
                         "buffer", arr->name);
  const arch_level *buf = &a->levels[arr->attach], *dram = &a->levels[0];
  uint64_t B = s->batch * s->heads, P = s->seq_q, N = s->seq_kv, d = s->head_dim;
  uint64_t w = word_bytes ? word_bytes : 2, bc, br;
  r->buffer_cap = buf->size_bytes;
  uint64_t cap = buf->size_bytes ? buf->size_bytes : UINT64_MAX / 2;
  if (!flash_blocks(cap, w, d, P, N, &bc, &br))
    return com_err_plain(e, COM_EINPUT,
                         "schedule flash: a block of one query and one key (Q, K, V, O: %llu "
                         "bytes) does not fit the %s (%llu bytes)",
                         (unsigned long long)(4 * d * w), buf->name, (unsigned long long)cap);
  r->m0 = bc;
  r->p1 = br;
  r->passes = 1;
  if (fuse_mac_bound(s, a, r, e)) return -1;
  r->buffer_bytes = 2 * (bc + br) * d * w;
  fuse_tiles tl;
  if (fuse_tiles_count(P, N, br, br, bc, s->causal, &tl, e)) return -1;
  r->q_tiles = tl.q_blocks;
  /* Work: every einsum on the one array, spread over its PEs. */
  const arch_array *ar[2] = {NULL, NULL};
  ar[x] = arr;
  u128 pts[PT_COUNT] = {(u128)B * tl.elems, (u128)B * tl.rows, (u128)B * P};
  u128 act = 0, macs = 0, busy = 0;
  uint64_t per_pe[PT_COUNT] = {0};
  for (int i = 0; i < fuse_onepass_nwork; i++) {
    const fuse_work *wk = &fuse_onepass_work[i];
    int where;
    uint64_t cyc, n = wk->n ? wk->n : d;
    double pj;
    if (!fuse_bind(ar, x, false, wk->op, &where, &cyc, &pj))
      return com_err_plain(e, COM_EINPUT, "schedule flash binds einsum %s (%s) to the array %s, "
                           "which cannot perform %s", wk->einsum, arch_op_name(wk->op), arr->name,
                           arch_op_name(wk->op));
    u128 ops = pts[wk->pt] * n;
    act += ops * cyc;
    if (wk->op == ARCH_OP_MAC) macs += ops;
    r->e_compute_pj += (double)ops * pj;
    per_pe[wk->pt] += n * cyc;
  }
  for (int k = 0; k < PT_COUNT; k++) busy += (pts[k] + arr->pes - 1) / arr->pes * per_pe[k];
  /* DRAM: Q read once, K and V once per query block (the keys it needs), O written once. */
  u128 kvb = (u128)B * tl.kv_keys * 2 * d * w;
  u128 rd = (u128)B * P * d * w + kvb, wr = (u128)B * P * d * w;
  /* Buffer words: fills and drains, Q per key block, K/V per query block, O; the scores,
   * running max and sum and the block of O in the array's registers (1-pass counts, fuse.c). */
  u128 gb = (rd + wr) / w + (u128)B * tl.rows * d + (u128)B * tl.tile_keys * 2 * d + (u128)B * P * d;
  u128 rf = pts[PT_ELEM] * 6 + pts[PT_ROW] * (5 * d + 9) + pts[PT_QUERY] * (d + 1);
  u128 big = busy > rd + wr ? busy : rd + wr;
  big = big > gb + rf ? big : gb + rf;
  if (big > UINT64_MAX / 4 || act > UINT64_MAX || macs > UINT64_MAX)
    return com_err_plain(e, COM_EINPUT, "attention sizes overflow 64-bit counts");
  r->actions[x] = (uint64_t)act;
  r->busy[x] = (uint64_t)busy;
  r->macs = (uint64_t)macs;
  r->compute_cycles = (uint64_t)busy;
  r->pass_busy[0][x] = (uint64_t)busy;
  r->steps = (uint64_t)((u128)B * tl.steps);
  r->dram_read = (uint64_t)rd;
  r->dram_write = (uint64_t)wr;
  r->dram_bytes = r->dram_read + r->dram_write;
  r->dram_kv = (uint64_t)kvb;
  double bw = dram->read_bw > 0 ? dram->read_bw : 1;
  r->memory_cycles = (uint64_t)ceil((double)r->dram_bytes / bw);
  r->cycles = r->compute_cycles > r->memory_cycles ? r->compute_cycles : r->memory_cycles;
  r->gb_words = (uint64_t)gb;
  r->rf_words = (uint64_t)rf;
  r->util[x] = r->cycles ? (double)r->actions[x] / ((double)r->cycles * (double)arr->pes) : 0;
  r->e_dram_pj = (double)r->dram_bytes * fuse_word_pj(dram, 1);
  r->e_gb_pj = (double)r->gb_words * fuse_word_pj(buf, w);
  r->e_rf_pj = (double)r->rf_words * fuse_word_pj(arr->has_local ? &arr->local : buf, w);
  r->energy_pj = r->e_compute_pj + r->e_dram_pj + r->e_gb_pj + r->e_rf_pj;
  double hz = a->clock_mhz * 1e6;
  r->latency_s = hz > 0 ? (double)r->cycles / hz : 0;
  return 0;
}
