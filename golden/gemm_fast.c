/* gemm_fast — vectorized fp32 GEMM kernels that give exactly the scalar path's bits; see
 * gemm_int.h for the contract. Each output element is one fp32 accumulator updated by fmaf in k
 * order (or, for blocks, by the exact in-block sum then one fmaf per block); vectors run across
 * output columns, never across k, so every kernel below performs the same operations per
 * element as gf_tile_c.
 * Blocking: K in chunks of kc (GF_KC, or the block length when larger; always a whole number of
 * blocks) with the accumulators stored exactly in fp32 between chunks; N in 16-column packed
 * panels (two at a time for AVX-512); rows in GF_MR-row micro-tiles, so a B chunk (kc x 16 or
 * kc x 32 floats) stays in L1 while every micro-tile of the unit's rows uses it.
 * Kernels: AVX+FMA 6 x 16 (12 ymm accumulators), AVX-512F 6 x 32 (12 zmm), portable C, and for
 * int8-range operands (every partial sum exact) AVX-512 VNNI 6 x 32 u8 x s8 quad dot products. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "golden/gemm_int.h"
#include "golden/par.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define GF_X86 1
#endif

#define GF_KC 128
#define GF_MR 6
#define GF_KQ 128 /* VNNI: K chunk in quads (2 panels x 128 quads = 16 KiB of B) */

void gold_packed_free(gold_packed *pk) {
  free(pk->v);
  free(pk->s);
  free(pk->w);
  free(pk->cs);
  memset(pk, 0, sizeof *pk);
}

/* Elements 4kk .. 4kk + 3 of a row (kp values in [-128, 127], zero beyond) as four bytes of an
 * int32, element 4kk in the low byte; off = 128 stores them as unsigned bytes x + 128. */
static int32_t gf_quad(const float *row, uint64_t kp, uint64_t kk, int off) {
  uint32_t w = 0;
  for (int i = 0; i < 4; i++) {
    int32_t x = 4 * kk + (uint64_t)i < kp ? (int32_t)row[4 * kk + (uint64_t)i] : 0;
    w |= (uint32_t)(uint8_t)(x + off) << (8 * i);
  }
  return (int32_t)w;
}

/* Packs panel p (all its arrays): a unit of the parallel pack. */
typedef struct gf_pack_job {
  const gold_operand *b;
  gold_packed *pk;
} gf_pack_job;

static void gf_pack_panel(void *ctx, uint64_t p, unsigned tid) {
  const gold_operand *b = ((gf_pack_job *)ctx)->b;
  gold_packed *pk = ((gf_pack_job *)ctx)->pk;
  uint64_t kp = b->kp;
  (void)tid;
  for (uint64_t jj = 0; jj < 16; jj++) {
    uint64_t j = p * 16 + jj;
    const float *row = j < b->rows ? b->v + j * kp : NULL;
    for (uint64_t k = 0; k < kp; k++) pk->v[(p * kp + k) * 16 + jj] = row ? row[k] : 0.0f;
    for (uint64_t kk = 0; pk->w && kk < pk->kq; kk++) {
      pk->w[(p * pk->kq + kk) * 16 + jj] = row ? gf_quad(row, kp, kk, 0) : 0;
      for (uint64_t i = 4 * kk; row && i < 4 * kk + 4 && i < kp; i++)
        pk->cs[(p * pk->nch + kk / GF_KQ) * 16 + jj] += 128 * (int32_t)row[i];
    }
    for (uint64_t t = 0; b->block && t < b->nblk; t++)
      pk->s[(p * b->nblk + t) * 16 + jj] = row ? (float)b->scale[j * b->nblk + t] : 0.0f;
  }
}

int gold_fast_pack(const gold_operand *b, bool ints, unsigned threads, gold_packed *pk) {
  memset(pk, 0, sizeof *pk);
  uint64_t np = (b->rows + 15) / 16 * 16, kp = b->kp;
  pk->np = np;
  pk->kq = (kp + 3) / 4, pk->nch = (pk->kq + GF_KQ - 1) / GF_KQ;
  pk->v = aligned_alloc(64, (size_t)(np * kp * sizeof(float) + 64) / 64 * 64);
  if (b->block) pk->s = calloc((size_t)(np * b->nblk) + 1, sizeof(float));
  if (ints) {
    pk->w = aligned_alloc(64, (size_t)(np * pk->kq * 4 + 64) / 64 * 64);
    pk->cs = calloc((size_t)(np * pk->nch) + 1, sizeof *pk->cs);
  }
  if (!pk->v || (b->block && !pk->s) || (ints && (!pk->w || !pk->cs))) {
    gold_packed_free(pk);
    return -1;
  }
  gf_pack_job j = {b, pk};
  gold_parallel_for(np / 16, threads, gf_pack_panel, &j);
  return 0;
}

/* One GF_MR x (16 * panels) tile over k in [k0, k1). Column jj < 16 of panel q is acc[r][16q+jj].
 * Elementwise: acc = fmaf(a[r][k], b[k][jj], acc) in k order. Blocks (block > 0, [k0, k1) whole
 * blocks): s = fmaf chain over the block from +0 (exact: the in-block sums fit 24 bits), then
 * acc = fmaf(s, (float)xa[r][blk] * xb[blk][jj], acc). */
typedef struct gf_tile {
  const float *a[GF_MR];   /* row pointers (duplicates for missing rows) */
  const double *xa[GF_MR]; /* block: per-row block scales (nblk), exact in fp32 */
  const float *bp[2];      /* packed panels (kp x 16); bp[1] only for the 32-wide kernel */
  const float *xb[2];      /* block: packed panel scales (nblk x 16) */
  const int32_t *ai[GF_MR]; /* VNNI: row quads + 128 (kq each), k0 and k1 count quads; else NULL */
  const int32_t *wp[2];    /* VNNI: s8-quad panels (kq x 16) */
  const int32_t *cs[2];    /* VNNI: 128 x the panel's column sums over this chunk (16 each) */
  uint64_t block;
  float acc[GF_MR][32];
} gf_tile;

static void gf_tile_c(gf_tile *t, uint64_t k0, uint64_t k1, int panels) {
  for (int q = 0; q < panels; q++)
    for (int r = 0; r < GF_MR; r++)
      for (int jj = 0; jj < 16; jj++) {
        const float *bp = t->bp[q] + jj;
        float acc = t->acc[r][16 * q + jj];
        if (!t->block) {
          for (uint64_t k = k0; k < k1; k++) acc = fmaf(t->a[r][k], bp[k * 16], acc);
        } else {
          for (uint64_t kb = k0; kb < k1; kb += t->block) {
            float s = 0.0f;
            for (uint64_t k = kb; k < kb + t->block; k++) s = fmaf(t->a[r][k], bp[k * 16], s);
            uint64_t blk = kb / t->block;
            acc = fmaf(s, (float)t->xa[r][blk] * t->xb[q][blk * 16 + jj], acc);
          }
        }
        t->acc[r][16 * q + jj] = acc;
      }
}

#ifdef GF_X86
/* acc[r][0..15] = fmadd chain over k in [k0, k1) of a[r][k] * bp[k][0..15], from acc (zero: from
 * +0). Twelve named accumulators so that GCC keeps them all in the 16 ymm registers. */
#define GF_AVX_LD(r, x0, x1)                                                               \
  x0 = zero ? _mm256_setzero_ps() : _mm256_loadu_ps(acc[r]);                               \
  x1 = zero ? _mm256_setzero_ps() : _mm256_loadu_ps(acc[r] + 8)
#define GF_AVX_FMA(r, x0, x1)                                                              \
  x = _mm256_broadcast_ss(a[r] + k);                                                       \
  x0 = _mm256_fmadd_ps(x, b0, x0), x1 = _mm256_fmadd_ps(x, b1, x1)
#define GF_AVX_ST(r, x0, x1) _mm256_storeu_ps(acc[r], x0), _mm256_storeu_ps(acc[r] + 8, x1)

__attribute__((target("avx,fma"))) static void gf_k_avx(const float *const *a, const float *bp, uint64_t k0,
                                                         uint64_t k1, float (*acc)[32], int zero) {
  __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
  GF_AVX_LD(0, c00, c01); GF_AVX_LD(1, c10, c11); GF_AVX_LD(2, c20, c21);
  GF_AVX_LD(3, c30, c31); GF_AVX_LD(4, c40, c41); GF_AVX_LD(5, c50, c51);
  for (uint64_t k = k0; k < k1; k++) {
    __m256 b0 = _mm256_load_ps(bp + k * 16), b1 = _mm256_load_ps(bp + k * 16 + 8), x;
    GF_AVX_FMA(0, c00, c01); GF_AVX_FMA(1, c10, c11); GF_AVX_FMA(2, c20, c21);
    GF_AVX_FMA(3, c30, c31); GF_AVX_FMA(4, c40, c41); GF_AVX_FMA(5, c50, c51);
  }
  GF_AVX_ST(0, c00, c01); GF_AVX_ST(1, c10, c11); GF_AVX_ST(2, c20, c21);
  GF_AVX_ST(3, c30, c31); GF_AVX_ST(4, c40, c41); GF_AVX_ST(5, c50, c51);
}

__attribute__((target("avx,fma"))) static void gf_tile_avx(gf_tile *t, uint64_t k0, uint64_t k1) {
  if (!t->block) {
    gf_k_avx(t->a, t->bp[0], k0, k1, t->acc, 0);
    return;
  }
  float s[GF_MR][32];
  for (uint64_t kb = k0; kb < k1; kb += t->block) {
    gf_k_avx(t->a, t->bp[0], kb, kb + t->block, s, 1);
    uint64_t blk = kb / t->block;
    __m256 xb0 = _mm256_loadu_ps(t->xb[0] + blk * 16), xb1 = _mm256_loadu_ps(t->xb[0] + blk * 16 + 8);
    for (int r = 0; r < GF_MR; r++) {
      __m256 xa = _mm256_set1_ps((float)t->xa[r][blk]);
      _mm256_storeu_ps(t->acc[r], _mm256_fmadd_ps(_mm256_loadu_ps(s[r]), _mm256_mul_ps(xa, xb0),
                                                  _mm256_loadu_ps(t->acc[r])));
      _mm256_storeu_ps(t->acc[r] + 8, _mm256_fmadd_ps(_mm256_loadu_ps(s[r] + 8), _mm256_mul_ps(xa, xb1),
                                                      _mm256_loadu_ps(t->acc[r] + 8)));
    }
  }
}

/* The same with zmm over two panels (32 columns). */
#define GF_512_ROW(r)                                                                  \
  x = _mm512_set1_ps(t->a[r][k]);                                                      \
  s[r][0] = _mm512_fmadd_ps(x, b0, s[r][0]), s[r][1] = _mm512_fmadd_ps(x, b1, s[r][1])

__attribute__((target("avx512f"))) static void gf_tile_512(gf_tile *t, uint64_t k0, uint64_t k1) {
  const float *p0 = t->bp[0], *p1 = t->bp[1];
  uint64_t step = t->block ? t->block : k1 - k0;
  __m512 c[GF_MR][2]; /* blocks: the accumulators stay in registers (32 zmm) across blocks */
  for (int r = 0; r < GF_MR; r++) c[r][0] = _mm512_loadu_ps(t->acc[r]), c[r][1] = _mm512_loadu_ps(t->acc[r] + 16);
  for (uint64_t kb = k0; kb < k1; kb += step) {
    __m512 s[GF_MR][2];
    for (int r = 0; r < GF_MR; r++)
      if (t->block) s[r][0] = s[r][1] = _mm512_setzero_ps();
      else s[r][0] = c[r][0], s[r][1] = c[r][1];
    for (uint64_t k = kb; k < kb + step; k++) {
      __m512 b0 = _mm512_load_ps(p0 + k * 16), b1 = _mm512_load_ps(p1 + k * 16), x;
      GF_512_ROW(0); GF_512_ROW(1); GF_512_ROW(2); GF_512_ROW(3); GF_512_ROW(4); GF_512_ROW(5);
    }
    if (!t->block) {
      for (int r = 0; r < GF_MR; r++) c[r][0] = s[r][0], c[r][1] = s[r][1];
      continue;
    }
    uint64_t blk = kb / t->block;
    __m512 xb0 = _mm512_loadu_ps(t->xb[0] + blk * 16), xb1 = _mm512_loadu_ps(t->xb[1] + blk * 16);
    for (int r = 0; r < GF_MR; r++) {
      __m512 xa = _mm512_set1_ps((float)t->xa[r][blk]);
      c[r][0] = _mm512_fmadd_ps(s[r][0], _mm512_mul_ps(xa, xb0), c[r][0]);
      c[r][1] = _mm512_fmadd_ps(s[r][1], _mm512_mul_ps(xa, xb1), c[r][1]);
    }
  }
  for (int r = 0; r < GF_MR; r++) _mm512_storeu_ps(t->acc[r], c[r][0]), _mm512_storeu_ps(t->acc[r] + 16, c[r][1]);
}

/* VNNI: acc[r][0..31] += sum over quads kk in [k0, k1) of (a[r] quad + 128) . w panel quad
 * (vpdpbusd: u8 x s8, exact int32 arithmetic), minus 128 x the chunk's column sums. The fp32
 * accumulators hold integers below 2^24 before and after (the partial sums are exact), so the
 * conversions both ways are exact and the bits equal the fmaf chain's. */
__attribute__((target("avx512f,avx512vnni"))) static void gf_tile_vnni(gf_tile *t, uint64_t k0, uint64_t k1) {
  const int32_t *w0 = t->wp[0], *w1 = t->wp[1];
  __m512i s[GF_MR][2], c0 = _mm512_loadu_si512((const void *)t->cs[0]), c1 = _mm512_loadu_si512((const void *)t->cs[1]);
  for (int r = 0; r < GF_MR; r++)
    s[r][0] = _mm512_sub_epi32(_mm512_cvtps_epi32(_mm512_loadu_ps(t->acc[r])), c0),
    s[r][1] = _mm512_sub_epi32(_mm512_cvtps_epi32(_mm512_loadu_ps(t->acc[r] + 16)), c1);
  for (uint64_t kk = k0; kk < k1; kk++) {
    __m512i b0 = _mm512_load_si512((const void *)(w0 + kk * 16)), b1 = _mm512_load_si512((const void *)(w1 + kk * 16)), x;
    for (int r = 0; r < GF_MR; r++) {
      x = _mm512_set1_epi32(t->ai[r][kk]);
      s[r][0] = _mm512_dpbusd_epi32(s[r][0], x, b0), s[r][1] = _mm512_dpbusd_epi32(s[r][1], x, b1);
    }
  }
  for (int r = 0; r < GF_MR; r++)
    _mm512_storeu_ps(t->acc[r], _mm512_cvtepi32_ps(s[r][0])), _mm512_storeu_ps(t->acc[r] + 16, _mm512_cvtepi32_ps(s[r][1]));
}
#endif

/* The kernel level: the best the CPU has, capped by want (GOLD_ISA_*; 0 = best). */
static int gf_isa(int want) {
  int have = GOLD_ISA_C;
#ifdef GF_X86
  if (__builtin_cpu_supports("avx") && __builtin_cpu_supports("fma")) have = GOLD_ISA_AVX;
  if (have == GOLD_ISA_AVX && __builtin_cpu_supports("avx512f")) have = GOLD_ISA_AVX512;
  if (have == GOLD_ISA_AVX512 && __builtin_cpu_supports("avx512vnni")) have = GOLD_ISA_VNNI;
#endif
  return want > 0 && want < have ? want : have;
}

static void gf_tile_run(gf_tile *t, uint64_t k0, uint64_t k1, int isa, int panels) {
#ifdef GF_X86
  if (t->ai[0]) { gf_tile_vnni(t, k0, k1); return; }
  if (isa >= GOLD_ISA_AVX512) { gf_tile_512(t, k0, k1); return; }
  if (isa == GOLD_ISA_AVX) { gf_tile_avx(t, k0, k1); return; }
#endif
  gf_tile_c(t, k0, k1, panels);
}

static void gf_run(const gold_operand *a, const gold_packed *b, uint64_t n, float *c, uint64_t r0,
                   uint64_t r1, uint64_t block, int want) {
  int isa = gf_isa(want), wide = isa >= GOLD_ISA_AVX512 ? 2 : 1;
  /* VNNI: this unit's rows as quads + 128; k counts quads (falls back to fp32 without memory) */
  int32_t *ap = isa == GOLD_ISA_VNNI && b->w && !block ? malloc((size_t)((r1 - r0) * b->kq) * 4 + 4) : NULL;
  uint64_t kp = a->kp, npan = b->np / 16, kc = block > GF_KC ? block : GF_KC, kend = ap ? b->kq : kp;
  if (ap) kc = GF_KQ;
  for (uint64_t i = r0; ap && i < r1; i++)
    for (uint64_t kk = 0; kk < b->kq; kk++) ap[(i - r0) * b->kq + kk] = gf_quad(a->v + i * kp, kp, kk, 128);
  for (uint64_t i = r0; i < r1; i++) memset(c + i * n, 0, (size_t)n * sizeof *c);
  for (uint64_t k0 = 0; k0 < kend; k0 += kc) {
    uint64_t k1 = k0 + kc < kend ? k0 + kc : kend;
    for (uint64_t p = 0; p < npan; p += (uint64_t)wide) {
      gf_tile t;
      uint64_t cols[2];
      t.block = block;
      for (int q = 0; q < wide; q++) {
        uint64_t pq = p + (uint64_t)q < npan ? p + (uint64_t)q : p; /* a missing panel: recompute p */
        t.bp[q] = b->v + pq * kp * 16;
        t.xb[q] = block ? b->s + pq * a->nblk * 16 : NULL;
        t.wp[q] = ap ? b->w + pq * b->kq * 16 : NULL;
        t.cs[q] = ap ? b->cs + (pq * b->nch + k0 / GF_KQ) * 16 : NULL;
        cols[q] = p + (uint64_t)q >= npan ? 0 : n - pq * 16 < 16 ? n - pq * 16 : 16;
      }
      for (uint64_t i = r0; i < r1; i += GF_MR) {
        for (int r = 0; r < GF_MR; r++) {
          uint64_t row = i + (uint64_t)r < r1 ? i + (uint64_t)r : i;
          t.a[r] = a->v + row * kp;
          t.xa[r] = block ? a->scale + row * a->nblk : NULL;
          t.ai[r] = ap ? ap + (row - r0) * b->kq : NULL;
          for (int q = 0; q < wide; q++) {
            float *dst = t.acc[r] + 16 * q;
            memcpy(dst, c + row * n + (p + (uint64_t)q) * 16, (size_t)cols[q] * sizeof(float));
            if (cols[q] < 16) memset(dst + cols[q], 0, (16 - (size_t)cols[q]) * sizeof(float));
          }
        }
        gf_tile_run(&t, k0, k1, isa, wide);
        for (int r = 0; r < GF_MR && i + (uint64_t)r < r1; r++)
          for (int q = 0; q < wide; q++)
            memcpy(c + (i + (uint64_t)r) * n + (p + (uint64_t)q) * 16, t.acc[r] + 16 * q, (size_t)cols[q] * sizeof(float));
      }
    }
  }
  free(ap);
}

void gold_fast_elem(const gold_operand *a, const gold_packed *b, uint64_t n, float *c, uint64_t r0,
                    uint64_t r1, int isa) {
  gf_run(a, b, n, c, r0, r1, 0, isa);
}

void gold_fast_block(const gold_operand *a, const gold_packed *b, uint64_t n, float *c, uint64_t r0,
                     uint64_t r1, int isa) {
  gf_run(a, b, n, c, r0, r1, a->block, isa);
}
