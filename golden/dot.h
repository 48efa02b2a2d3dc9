/*
 * dot — one output element of the golden GEMM: the reduction of K products (or of the block
 * terms of a block format) in the declared accumulator and order. Shared by the CPU scalar path
 * (golden/gemm.c) and the CUDA kernel (golden/cuda/), so both compute the same bits.
 *
 * Terms. Elementwise formats: t_k = a_k * b_k (exact in fp64: both are fp32 values).
 * Block formats (block length B along K): t_b = S_b * (X_a,b * X_b,b) where S_b = sum of the B
 * element products, exact (fp64 sum when cfg->sum_exact53 says 53 bits suffice, else a Kulisch
 * sum rounded to odd at 53 bits), and the scale product is an fp64 product (exact for MX/BFP
 * powers of two and for E4M3 x E4M3 NVFP4 scales without tensor scale).
 * Order. k-sequential: acc starts at +0 and takes t_0, t_1, ... one at a time, each with one
 * rounding (fp32: fp32_rne(acc + t), i.e. an FMA for products). k-tiled:T: terms are grouped in
 * consecutive tiles of T (the last may be shorter); each term is first rounded to the
 * accumulator (a leaf), the tile is summed by a pairwise tree — level by level, neighbours
 * (0,1), (2,3), ... added with one rounding each, an odd last element passed up unchanged — and
 * the tile sum is added to acc with one rounding. The exact accumulator ignores order.
 * Pure and thread-safe.
 */
#ifndef GOLD_DOT_H
#define GOLD_DOT_H

#include "golden/arith.h"

#define GOLD_TILE_MAX 256

typedef struct gold_dot_cfg {
  int acc;          /* gold_acc_kind */
  int width, frac;  /* FIXED */
  int tile;         /* 0: k-sequential; else k-tiled:tile */
  uint64_t k;       /* K */
  uint64_t block;   /* 0: elementwise; else the block length (nblk = ceil(K / block)) */
  int sum_exact53;  /* in-block sums are exact in fp64 */
} gold_dot_cfg;

typedef struct gold_dot_out {
  double value;  /* the accumulator's final value (EXACT: rounded to odd at 53 bits) */
  int64_t raw;   /* FIXED: the register */
  uint32_t ovf;  /* FIXED overflows; EXACT terms out of range */
} gold_dot_out;

typedef struct gold_dot_state {
  float f;
  double d;
  int64_t q;
  gold_kul kul;
  uint32_t ovf;
} gold_dot_state;

/* The t-th term. a, b: the two k-vectors (length >= nblk * block), sa, sb: their block scales. */
static inline GOLD_HD double gold_dot_term(const gold_dot_cfg *c, const float *a, const float *b,
                                           const double *sa, const double *sb, uint64_t t) {
  if (!c->block) return (double)a[t] * (double)b[t];
  uint64_t k0 = t * c->block;
  double s = 0;
  if (c->sum_exact53) {
    for (uint64_t i = 0; i < c->block; i++) s += (double)a[k0 + i] * (double)b[k0 + i];
  } else {
    gold_kul kl;
    gold_kul_clear(&kl);
    for (uint64_t i = 0; i < c->block; i++) gold_kul_add(&kl, (double)a[k0 + i] * (double)b[k0 + i]);
    s = gold_kul_to_f64(&kl, 1);
  }
  return s * (sa[t] * sb[t]);
}

/* Adds one exact term with a single rounding (k-sequential step). */
static inline GOLD_HD void gold_dot_step(const gold_dot_cfg *c, gold_dot_state *s, double t) {
  switch (c->acc) {
  case 0: s->f = gold_f32_add_f64(s->f, t); break;                 /* FP32 */
  case 1: s->d = s->d + t; break;                                   /* FP64 */
  case 2: s->q = gold_fixed_add(s->q, gold_fixed_quanta(t, c->frac, &s->ovf), c->width, &s->ovf); break;
  default: gold_kul_add(&s->kul, t); break;                         /* EXACT */
  }
}

/* One tile of n terms starting at term t0, summed by the pairwise tree, added to s. */
static inline GOLD_HD void gold_dot_tile(const gold_dot_cfg *c, gold_dot_state *s, const float *a,
                                         const float *b, const double *sa, const double *sb,
                                         uint64_t t0, int n) {
  double fv[GOLD_TILE_MAX];
  int64_t qv[GOLD_TILE_MAX];
  for (int i = 0; i < n; i++) {
    double t = gold_dot_term(c, a, b, sa, sb, t0 + (uint64_t)i);
    if (c->acc == 0) fv[i] = (double)gold_f32_of_f64(t);
    else if (c->acc == 1) fv[i] = t;
    else if (c->acc == 2) qv[i] = gold_fixed_quanta(t, c->frac, &s->ovf);
    else gold_kul_add(&s->kul, t);
  }
  if (c->acc == 3) return;
  for (int len = n; len > 1; len = (len + 1) / 2)
    for (int i = 0; 2 * i < len; i++) {
      if (2 * i + 1 >= len) {
        if (c->acc == 2) qv[i] = qv[2 * i];
        else fv[i] = fv[2 * i];
        continue;
      }
      if (c->acc == 0) fv[i] = (double)((float)fv[2 * i] + (float)fv[2 * i + 1]);
      else if (c->acc == 1) fv[i] = fv[2 * i] + fv[2 * i + 1];
      else qv[i] = gold_fixed_add(qv[2 * i], qv[2 * i + 1], c->width, &s->ovf);
    }
  if (c->acc == 0) s->f = s->f + (float)fv[0];
  else if (c->acc == 1) s->d = s->d + fv[0];
  else s->q = gold_fixed_add(s->q, qv[0], c->width, &s->ovf);
}

/* One output element. */
static inline GOLD_HD gold_dot_out gold_dot(const gold_dot_cfg *c, const float *a, const float *b,
                                            const double *sa, const double *sb) {
  gold_dot_state s;
  s.f = 0.0f, s.d = 0.0, s.q = 0, s.ovf = 0;
  gold_kul_clear(&s.kul);
  uint64_t nt = c->block ? (c->k + c->block - 1) / c->block : c->k;
  if (!c->tile) {
    for (uint64_t t = 0; t < nt; t++) gold_dot_step(c, &s, gold_dot_term(c, a, b, sa, sb, t));
  } else {
    for (uint64_t t = 0; t < nt; t += (uint64_t)c->tile)
      gold_dot_tile(c, &s, a, b, sa, sb, t, nt - t < (uint64_t)c->tile ? (int)(nt - t) : c->tile);
  }
  gold_dot_out o;
  o.raw = 0, o.ovf = s.ovf;
  if (c->acc == 0) o.value = s.f;
  else if (c->acc == 1) o.value = s.d;
  else if (c->acc == 2) o.raw = s.q, o.value = ldexp((double)s.q, -c->frac);
  else o.value = gold_kul_to_f64(&s.kul, 1), o.ovf += s.kul.lost;
  return o;
}

#endif
