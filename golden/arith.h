/*
 * arith — the per-element arithmetic of the golden kernels, shared verbatim by the CPU kernels
 * (C11) and the CUDA kernels (golden/cuda/, nvcc): every function is `static inline GOLD_HD`,
 * where GOLD_HD is empty in C and `__host__ __device__` under nvcc. Nothing here touches memory
 * outside its arguments, so every function is pure and thread-safe. Because the CPU and the GPU
 * run these same lines (IEEE binary32/binary64 with round-to-nearest-even, fmaf/fma correctly
 * rounded, no contraction: the C build is ISO C11 with fp-contract off, nvcc is run with
 * -fmad=false), results are bit-identical between them.
 *
 * Accumulators (the `acc` of a datapath):
 *   fp32   acc <- fp32_rne(acc + t) for an exact term t: fmaf(a, b, acc) for a product,
 *          gold_f32_add_f64 for a term given exactly as a double (round-to-odd trick).
 *   fp64   acc <- fp64_rne(acc + t) (fma(a, b, acc)).
 *   fixed  W-bit two's complement integer of quanta 2^-F: each term is rounded (RNE) to a
 *          multiple of 2^-F, added, and every partial sum outside [-2^(W-1), 2^(W-1)-1] counts
 *          one overflow and wraps (what the hardware register does). W <= 62.
 *   exact  a Kulisch accumulator: GOLD_KUL_LIMBS 64-bit limbs of two's complement fixed point
 *          with LSB weight 2^-GOLD_KUL_LOW; exact for terms in [2^-320, 2^318) (every product of
 *          two fp32 values), rounded once at the end; a NaN or Inf term makes the result NaN
 *          (as ops_fxacc, which tests/unit/golden/test_gemm.c cross-checks it against). This
 *          device-capable copy exists because ops/fmt_arith.c is host-only C.
 */
#ifndef GOLD_ARITH_H
#define GOLD_ARITH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#ifdef __CUDACC__
#define GOLD_HD __host__ __device__
#else
#define GOLD_HD
#endif

#define GOLD_KUL_LIMBS 10
#define GOLD_KUL_LOW 320

typedef struct gold_kul {
  uint64_t w[GOLD_KUL_LIMBS]; /* little-endian limbs, two's complement */
  uint32_t lost;              /* terms outside the exact range (counted, not added) */
  uint32_t nan;               /* a NaN or an infinity was added: the result is NaN */
} gold_kul;

static inline GOLD_HD uint64_t gold_f64_bits(double x) {
  uint64_t b;
  memcpy(&b, &x, 8);
  return b;
}
static inline GOLD_HD double gold_bits_f64(uint64_t b) {
  double x;
  memcpy(&x, &b, 8);
  return x;
}

/* fp32_rne(acc + t) with a single rounding of the exact sum, for any finite double t: the double
 * sum is made round-to-odd with TwoSum (53 >= 24 + 2 bits, so the final rounding is correct). */
static inline GOLD_HD float gold_f32_add_f64(float acc, double t) {
  double a = (double)acc, s = a + t;
  if (!(s - s == 0)) return (float)s; /* Inf or NaN */
  double bb = s - a, err = (a - (s - bb)) + (t - bb);
  if (err != 0) {
    uint64_t b = gold_f64_bits(s);
    if ((b & 1) == 0) s = gold_bits_f64(((err > 0) == (s > 0)) ? b + 1 : b - 1);
  }
  return (float)s;
}

/* Wraps v into W-bit two's complement. */
static inline GOLD_HD int64_t gold_wrap(int64_t v, int w) {
  uint64_t m = (w >= 64) ? ~0ull : ((1ull << w) - 1), u = (uint64_t)v & m;
  if (w < 64 && (u >> (w - 1))) u |= ~m;
  return (int64_t)u;
}

/* One term t (a value) as quanta 2^-frac, RNE; terms beyond 2^62 quanta saturate and count. */
static inline GOLD_HD int64_t gold_fixed_quanta(double t, int frac, uint32_t *ovf) {
  double r = rint(ldexp(t, frac));
  if (!(fabs(r) < 4611686018427387904.0)) { /* 2^62, also NaN */
    (*ovf)++;
    return r > 0 ? INT64_C(4611686018427387903) : -INT64_C(4611686018427387903);
  }
  return (int64_t)r;
}

/* acc + q in a W-bit register: counts an overflow and wraps when the sum leaves the range. */
static inline GOLD_HD int64_t gold_fixed_add(int64_t acc, int64_t q, int w, uint32_t *ovf) {
  int64_t s = (int64_t)((uint64_t)acc + (uint64_t)q);
  int64_t hi = (int64_t)((1ull << (w - 1)) - 1), lo = -hi - 1;
  if (s < lo || s > hi) {
    (*ovf)++;
    s = gold_wrap(s, w);
  }
  return s;
}

static inline GOLD_HD void gold_kul_clear(gold_kul *k) {
  for (int i = 0; i < GOLD_KUL_LIMBS; i++) k->w[i] = 0;
  k->lost = 0, k->nan = 0;
}

/* Adds (neg ? -m : m) * 2^(pos - GOLD_KUL_LOW) for pos >= 0, m < 2^64. */
static inline GOLD_HD void gold_kul_add_mant(gold_kul *k, uint64_t m, int pos, int neg) {
  int li = pos / 64, sh = pos % 64;
  uint64_t lo = m << sh, hi = sh ? (m >> (64 - sh)) : 0;
  uint64_t add[2] = {lo, hi};
  if (!neg) {
    uint64_t c = 0;
    for (int i = li; i < GOLD_KUL_LIMBS; i++) {
      uint64_t x = (i - li < 2) ? add[i - li] : 0, s = k->w[i] + x, c1 = s < x;
      s += c, c1 |= s < c;
      k->w[i] = s, c = c1;
      if (i - li >= 1 && !c) break;
    }
  } else {
    uint64_t bw = 0;
    for (int i = li; i < GOLD_KUL_LIMBS; i++) {
      uint64_t x = (i - li < 2) ? add[i - li] : 0, d = k->w[i] - x, b1 = k->w[i] < x;
      b1 |= d < bw, d -= bw;
      k->w[i] = d, bw = b1;
      if (i - li >= 1 && !bw) break;
    }
  }
}

/* Adds the double t exactly (finite, |t| in [2^-320, 2^318) or zero); others count as lost. */
static inline GOLD_HD void gold_kul_add(gold_kul *k, double t) {
  if (t == 0) return;
  uint64_t b = gold_f64_bits(t);
  int ex = (int)((b >> 52) & 0x7FF), neg = (int)(b >> 63);
  uint64_t m = b & ((1ull << 52) - 1);
  if (ex == 0x7FF) { k->nan = 1; return; }
  if (ex) m |= 1ull << 52; else ex = 1;
  int pos = ex - 1075 + GOLD_KUL_LOW; /* t = m * 2^(ex - 1075) */
  if (pos < 0 || pos + 53 > GOLD_KUL_LIMBS * 64 - 2) { k->lost++; return; }
  gold_kul_add_mant(k, m, pos, neg);
}

/* The accumulated value rounded to double: round-to-odd when odd != 0 (so that a later
 * rounding to <= 51 mantissa bits is a correct single rounding), RNE otherwise. */
static inline GOLD_HD double gold_kul_to_f64(const gold_kul *k, int odd) {
  uint64_t w[GOLD_KUL_LIMBS];
  if (k->nan) return NAN;
  int neg = (int)(k->w[GOLD_KUL_LIMBS - 1] >> 63);
  uint64_t c = 1;
  for (int i = 0; i < GOLD_KUL_LIMBS; i++) {
    w[i] = neg ? ~k->w[i] + c : k->w[i];
    if (neg) c = (c && w[i] == 0);
  }
  int top = -1;
  for (int i = GOLD_KUL_LIMBS - 1; i >= 0 && top < 0; i--)
    if (w[i]) {
      int bit = 63;
      while (!((w[i] >> bit) & 1)) bit--;
      top = i * 64 + bit;
    }
  if (top < 0) return 0.0;
  /* 64 bits from top down, and a sticky bit for everything below */
  uint64_t hi = 0, sticky = 0;
  for (int p = top; p > top - 64; p--) {
    hi <<= 1;
    if (p >= 0) hi |= (w[p / 64] >> (p % 64)) & 1;
  }
  for (int p = top - 64; p >= 0 && !sticky; p--)
    if (p % 64 == 63 && w[p / 64] == 0) p -= 63;
    else sticky |= (w[p / 64] >> (p % 64)) & 1;
  uint64_t m = hi >> 11, rest = hi & 0x7FF;
  if (odd) {
    if (rest || sticky) m |= 1;
  } else if (rest > 0x400 || (rest == 0x400 && (sticky || (m & 1)))) {
    m++;
  }
  double v = ldexp((double)m, top - 52 - GOLD_KUL_LOW);
  return neg ? -v : v;
}

/* A minifloat for rounding on host and device: the fields of ops_fmt_float that matter for
 * signed formats with subnormals (ops/fmt_float.h); specials 0 = IEEE (Inf, NaN at the top
 * exponent), 1 = "fn" (only all-ones is NaN), 2 = none. */
typedef struct gold_mf {
  int ebits, mbits, bias, specials;
} gold_mf;

/* x rounded once, to nearest even, into f (NULL: fp32), returned as its fp32 value; the rule of
 * ops_fmt_encode_f64 + ops_fmt_decode with the default options (non-saturating: overflow gives
 * Inf (IEEE) or NaN (fn); formats without specials saturate and take NaN to +0; subnormals kept,
 * signed zeros kept). tests/unit/golden/test_attention.c cross-checks it against ops. */
static inline GOLD_HD float gold_mf_round(const gold_mf *f, double x) {
  if (!f) return (float)x;
  if (x != x) return f->specials == 2 ? 0.0f : (float)x;
  int neg = x < 0 || (x == 0 && gold_f64_bits(x) >> 63);
  double a = fabs(x), r;
  int top = (1 << f->ebits) - 1 - f->bias; /* the exponent of the top field value */
  int emax = f->specials == 0 ? top - 1 : top;
  double max = ldexp(2.0 - ldexp(1.0, -f->mbits), emax);
  if (f->specials == 1) max = f->mbits ? ldexp(2.0 - ldexp(1.0, 1 - f->mbits), emax) : ldexp(1.0, emax - 1);
  if (a > 2 * max) {
    r = a; /* Inf or far beyond: overflow below */
  } else {
    int ex;
    frexp(a, &ex);
    int e = ex - 1 < 1 - f->bias ? 1 - f->bias : ex - 1;
    double q = ldexp(1.0, e - f->mbits);
    r = a == 0 ? 0.0 : rint(a / q) * q;
  }
  if (r > max) {
    if (f->specials == 2) r = max;
    else if (f->specials == 1) return NAN;
    else r = INFINITY;
  }
  return (float)(neg ? -r : r);
}

/* Rounds an exact term into the accumulator format for use as a tree leaf / tile sum. */
static inline GOLD_HD float gold_f32_of_f64(double t) { return gold_f32_add_f64(0.0f, t); }

/* 2^x in fp32 by a fixed sequence of fp32 operations (so CPU and GPU agree bit for bit):
 * n = rint(x), f = x - n in [-0.5, 0.5], 2^f by a degree-7 Horner polynomial with fmaf
 * (max error about 2 ulp), times 2^n with ldexpf. exp2(-Inf) = 0, NaN stays NaN, large x
 * overflows to Inf. */
static inline GOLD_HD float gold_exp2f(float x) {
  if (x != x) return x;
  if (x < -160.0f) return 0.0f;
  if (x > 160.0f) return INFINITY;
  float n = rintf(x), f = x - n;
  float p = 1.5252733804059841e-05f;
  p = fmaf(p, f, 1.5403530393381606e-04f);
  p = fmaf(p, f, 1.3333558146428443e-03f);
  p = fmaf(p, f, 9.6181291076284772e-03f);
  p = fmaf(p, f, 5.5504108664821580e-02f);
  p = fmaf(p, f, 2.4022650695910071e-01f);
  p = fmaf(p, f, 6.9314718055994531e-01f);
  p = fmaf(p, f, 1.0f);
  return ldexpf(p, (int)n);
}

#endif
