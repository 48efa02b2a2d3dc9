/* gemm_fast — vectorized fp32 GEMM kernels (AVX + FMA when the CPU has them, a scalar fmaf loop
 * otherwise) that give exactly the scalar path's bits; see gemm_int.h for the contract.
 * Blocking: K in chunks of GF_KC (a multiple of every block length up to 32; the accumulator is
 * stored exactly in fp32 between chunks, so the k order of each element never changes), N in
 * 16-column packed panels, rows in 4-row micro-panels. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "golden/gemm_int.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define GF_X86 1
#endif

#define GF_KC 256

void gold_packed_free(gold_packed *pk) {
  free(pk->v);
  free(pk->s);
  memset(pk, 0, sizeof *pk);
}

int gold_fast_pack(const gold_operand *b, gold_packed *pk) {
  memset(pk, 0, sizeof *pk);
  uint64_t np = (b->rows + 15) / 16 * 16, kp = b->kp;
  pk->np = np;
  pk->v = aligned_alloc(32, (size_t)(np * kp * sizeof(float) + 32) / 32 * 32);
  if (b->block) pk->s = calloc((size_t)(np * b->nblk) + 1, sizeof(float));
  if (!pk->v || (b->block && !pk->s)) {
    gold_packed_free(pk);
    return -1;
  }
  for (uint64_t p = 0; p < np / 16; p++)
    for (uint64_t k = 0; k < kp; k++)
      for (uint64_t jj = 0; jj < 16; jj++) {
        uint64_t j = p * 16 + jj;
        pk->v[(p * kp + k) * 16 + jj] = j < b->rows ? b->v[j * kp + k] : 0.0f;
      }
  for (uint64_t p = 0; b->block && p < np / 16; p++)
    for (uint64_t t = 0; t < b->nblk; t++)
      for (uint64_t jj = 0; jj < 16; jj++) {
        uint64_t j = p * 16 + jj;
        pk->s[(p * b->nblk + t) * 16 + jj] = j < b->rows ? (float)b->scale[j * b->nblk + t] : 0.0f;
      }
  return 0;
}

/* One 4 x 16 tile over k in [k0, k1): acc[r][jj] = fmaf(a[r][k], b[k][jj], acc) in k order;
 * with block > 0 the chunk is a sequence of whole blocks: s = exact in-block sum (fmaf chain),
 * then acc = fmaf(s, xa[r] * xb[jj], acc). */
typedef struct gf_tile {
  const float *a[4];    /* row pointers (duplicates for missing rows) */
  const float *bp;      /* packed panel (kp x 16) */
  const double *xa[4];  /* block: per-row block scales (nblk), exact in fp32 */
  const float *xb;      /* block: packed panel scales (nblk x 16) */
  uint64_t block;
  float acc[4][16];
} gf_tile;

static void gf_tile_scalar(gf_tile *t, uint64_t k0, uint64_t k1) {
  for (int r = 0; r < 4; r++)
    for (int jj = 0; jj < 16; jj++) {
      float acc = t->acc[r][jj];
      if (!t->block) {
        for (uint64_t k = k0; k < k1; k++) acc = fmaf(t->a[r][k], t->bp[k * 16 + jj], acc);
      } else {
        for (uint64_t kb = k0; kb < k1; kb += t->block) {
          float s = 0.0f;
          for (uint64_t k = kb; k < kb + t->block; k++) s = fmaf(t->a[r][k], t->bp[k * 16 + jj], s);
          uint64_t blk = kb / t->block;
          acc = fmaf(s, (float)t->xa[r][blk] * t->xb[blk * 16 + jj], acc);
        }
      }
      t->acc[r][jj] = acc;
    }
}

#ifdef GF_X86
__attribute__((target("avx,fma"))) static void gf_tile_avx(gf_tile *t, uint64_t k0, uint64_t k1) {
  __m256 c[4][2];
  for (int r = 0; r < 4; r++)
    c[r][0] = _mm256_loadu_ps(t->acc[r]), c[r][1] = _mm256_loadu_ps(t->acc[r] + 8);
  const float *a0 = t->a[0], *a1 = t->a[1], *a2 = t->a[2], *a3 = t->a[3], *bp = t->bp;
  if (!t->block) {
    for (uint64_t k = k0; k < k1; k++) {
      __m256 b0 = _mm256_load_ps(bp + k * 16), b1 = _mm256_load_ps(bp + k * 16 + 8), x;
      x = _mm256_broadcast_ss(a0 + k);
      c[0][0] = _mm256_fmadd_ps(x, b0, c[0][0]), c[0][1] = _mm256_fmadd_ps(x, b1, c[0][1]);
      x = _mm256_broadcast_ss(a1 + k);
      c[1][0] = _mm256_fmadd_ps(x, b0, c[1][0]), c[1][1] = _mm256_fmadd_ps(x, b1, c[1][1]);
      x = _mm256_broadcast_ss(a2 + k);
      c[2][0] = _mm256_fmadd_ps(x, b0, c[2][0]), c[2][1] = _mm256_fmadd_ps(x, b1, c[2][1]);
      x = _mm256_broadcast_ss(a3 + k);
      c[3][0] = _mm256_fmadd_ps(x, b0, c[3][0]), c[3][1] = _mm256_fmadd_ps(x, b1, c[3][1]);
    }
  } else {
    for (uint64_t kb = k0; kb < k1; kb += t->block) {
      __m256 s[4][2];
      for (int r = 0; r < 4; r++) s[r][0] = s[r][1] = _mm256_setzero_ps();
      for (uint64_t k = kb; k < kb + t->block; k++) {
        __m256 b0 = _mm256_load_ps(bp + k * 16), b1 = _mm256_load_ps(bp + k * 16 + 8), x;
        x = _mm256_broadcast_ss(a0 + k);
        s[0][0] = _mm256_fmadd_ps(x, b0, s[0][0]), s[0][1] = _mm256_fmadd_ps(x, b1, s[0][1]);
        x = _mm256_broadcast_ss(a1 + k);
        s[1][0] = _mm256_fmadd_ps(x, b0, s[1][0]), s[1][1] = _mm256_fmadd_ps(x, b1, s[1][1]);
        x = _mm256_broadcast_ss(a2 + k);
        s[2][0] = _mm256_fmadd_ps(x, b0, s[2][0]), s[2][1] = _mm256_fmadd_ps(x, b1, s[2][1]);
        x = _mm256_broadcast_ss(a3 + k);
        s[3][0] = _mm256_fmadd_ps(x, b0, s[3][0]), s[3][1] = _mm256_fmadd_ps(x, b1, s[3][1]);
      }
      uint64_t blk = kb / t->block;
      __m256 xb0 = _mm256_loadu_ps(t->xb + blk * 16), xb1 = _mm256_loadu_ps(t->xb + blk * 16 + 8);
      for (int r = 0; r < 4; r++) {
        __m256 xa = _mm256_set1_ps((float)t->xa[r][blk]);
        c[r][0] = _mm256_fmadd_ps(s[r][0], _mm256_mul_ps(xa, xb0), c[r][0]);
        c[r][1] = _mm256_fmadd_ps(s[r][1], _mm256_mul_ps(xa, xb1), c[r][1]);
      }
    }
  }
  for (int r = 0; r < 4; r++)
    _mm256_storeu_ps(t->acc[r], c[r][0]), _mm256_storeu_ps(t->acc[r] + 8, c[r][1]);
}
#endif

static void gf_tile_run(gf_tile *t, uint64_t k0, uint64_t k1, int avx) {
#ifdef GF_X86
  if (avx) { gf_tile_avx(t, k0, k1); return; }
#endif
  (void)avx;
  gf_tile_scalar(t, k0, k1);
}

static int gf_have_avx(void) {
#ifdef GF_X86
  return __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

static void gf_run(const gold_operand *a, const gold_packed *b, uint64_t n, float *c, uint64_t r0,
                   uint64_t r1, uint64_t block) {
  int avx = gf_have_avx();
  uint64_t kp = a->kp, np = b->np;
  for (uint64_t i = r0; i < r1; i++) memset(c + i * n, 0, (size_t)n * sizeof *c);
  for (uint64_t k0 = 0; k0 < kp; k0 += GF_KC) {
    uint64_t k1 = k0 + GF_KC < kp ? k0 + GF_KC : kp;
    for (uint64_t p = 0; p < np / 16; p++) {
      for (uint64_t i = r0; i < r1; i += 4) {
        gf_tile t;
        t.bp = b->v + p * kp * 16, t.block = block;
        t.xb = block ? b->s + p * a->nblk * 16 : NULL;
        uint64_t cols = n - p * 16 < 16 ? n - p * 16 : 16;
        for (int r = 0; r < 4; r++) {
          uint64_t row = i + (uint64_t)r < r1 ? i + (uint64_t)r : i;
          t.a[r] = a->v + row * kp;
          t.xa[r] = block ? a->scale + row * a->nblk : NULL;
          for (uint64_t jj = 0; jj < 16; jj++)
            t.acc[r][jj] = jj < cols ? c[row * n + p * 16 + jj] : 0.0f;
        }
        gf_tile_run(&t, k0, k1, avx);
        for (int r = 0; r < 4 && i + (uint64_t)r < r1; r++)
          memcpy(c + (i + (uint64_t)r) * n + p * 16, t.acc[r], (size_t)cols * sizeof(float));
      }
    }
  }
}

void gold_fast_elem(const gold_operand *a, const gold_packed *b, uint64_t n, float *c, uint64_t r0,
                    uint64_t r1) {
  gf_run(a, b, n, c, r0, r1, 0);
}

void gold_fast_block(const gold_operand *a, const gold_packed *b, uint64_t n, float *c, uint64_t r0,
                     uint64_t r1) {
  gf_run(a, b, n, c, r0, r1, a->block);
}
