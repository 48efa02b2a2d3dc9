/*
 * att_row — one query row of golden attention in the 1-pass FlashAttention-2 order, shared by
 * the CPU (golden/attention.c) and the CUDA kernel (golden/cuda/attention.cu), so both compute
 * the same bits (fp32 with fmaf, gold_exp2f and gold_mf_round from golden/arith.h; no
 * contraction on either side). docs/golden.md states the order:
 *   per key tile of tile_k: S = q.k (fmaf chain over d); m_new = max(m, rowmax S);
 *   P = exp2(S c - m_new c); alpha = exp2(m c - m_new c) (0 on the first tile, m = -Inf);
 *   l = alpha l + rowsum(P) (unrounded P, key order); O = alpha O + round_P(P) V (fmaf chain over
 *   the tile's keys); at the end O (1/l), rounded to the O format (0 when no key is visible).
 * Pure and thread-safe (the caller gives the scratch).
 */
#ifndef GOLD_ATT_ROW_H
#define GOLD_ATT_ROW_H

#include "golden/arith.h"

typedef struct gold_att_row_cfg {
  uint64_t sq, sk, d, dv, tile_k;
  int causal;   /* bottom-right aligned: query i sees keys j < i + 1 + sk - sq */
  float c;      /* scale * log2(e), in fp32 */
  gold_mf p, o; /* formats of P and O */
  int has_p, has_o; /* 0: fp32 */
} gold_att_row_cfg;

/* Keys visible to query i: j < the returned limit. */
static inline GOLD_HD uint64_t gold_att_limit(const gold_att_row_cfg *c, uint64_t i) {
  if (!c->causal) return c->sk;
  int64_t lim = (int64_t)i + 1 + (int64_t)c->sk - (int64_t)c->sq;
  return lim < 0 ? 0 : (uint64_t)lim > c->sk ? c->sk : (uint64_t)lim;
}

/* The fp32 FMA dot product a.b over n elements, in index order from +0. */
static inline GOLD_HD float gold_att_dot(const float *a, const float *b, uint64_t n) {
  float acc = 0.0f;
  for (uint64_t x = 0; x < n; x++) acc = fmaf(a[x], b[x], acc);
  return acc;
}

/* Query row i (q: its d values; k: sk x d, v: sk x dv, all already rounded to their formats)
 * into out (dv values). s: tile_k floats, o: dv floats of scratch. */
static inline GOLD_HD void gold_att_1pass_row(const gold_att_row_cfg *cf, uint64_t i, const float *q,
                                              const float *k, const float *v, float *s, float *o,
                                              float *out) {
  uint64_t lim = gold_att_limit(cf, i), tk = cf->tile_k;
  float c = cf->c, m = -INFINITY, l = 0.0f;
  const gold_mf *pf = cf->has_p ? &cf->p : 0, *of = cf->has_o ? &cf->o : 0;
  for (uint64_t x = 0; x < cf->dv; x++) o[x] = 0.0f;
  for (uint64_t k0 = 0; k0 < lim; k0 += tk) {
    uint64_t n = lim - k0 < tk ? lim - k0 : tk;
    float mt = m;
    for (uint64_t t = 0; t < n; t++) {
      s[t] = gold_att_dot(q, k + (k0 + t) * cf->d, cf->d);
      if (s[t] > mt) mt = s[t];
    }
    float alpha = gold_exp2f(m * c - mt * c), rs = 0.0f; /* m = -Inf first: alpha = 0 */
    for (uint64_t t = 0; t < n; t++) {
      s[t] = gold_exp2f(s[t] * c - mt * c);
      rs = rs + s[t];
      s[t] = gold_mf_round(pf, s[t]);
    }
    l = alpha * l + rs;
    for (uint64_t x = 0; x < cf->dv; x++) {
      float pv = 0.0f;
      for (uint64_t t = 0; t < n; t++) pv = fmaf(s[t], v[(k0 + t) * cf->dv + x], pv);
      o[x] = alpha * o[x] + pv;
    }
    m = mt;
  }
  float inv = 1.0f / l;
  for (uint64_t x = 0; x < cf->dv; x++) out[x] = gold_mf_round(of, lim ? o[x] * inv : 0.0f);
}

#endif
