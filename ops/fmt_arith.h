/*
 * fmt_arith — datapath components for the golden kernels and the cost model: exact products of
 * two minifloat codes, fp32 accumulation in a fixed order, fixed-point accumulators of a given
 * width with overflow detection (which also serve as exact Kulisch accumulators), and L-Mul
 * (approximate multiplication by integer addition) in its two named variants.
 * Pure and thread-safe; an accumulator is a value the caller owns.
 */
#ifndef OPS_FMT_ARITH_H
#define OPS_FMT_ARITH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "ops/fmt_float.h"

/* An exact value sig * 2^exp (|sig| < 2^62), or a special (nan/inf set, sig's sign kept). */
typedef struct ops_exact {
  int64_t sig;
  int exp;
  bool nan, inf;
} ops_exact;

/* The exact value of one code. */
ops_exact ops_exact_of_code(const ops_fmt_float *f, uint32_t code);
/* The exact product of two codes ((Ma+1)+(Mb+1) significand bits, at most 48). NaN when
 * either is NaN or for 0 * Inf. */
ops_exact ops_exact_mul(const ops_fmt_float *fa, uint32_t a, const ops_fmt_float *fb, uint32_t b);
/* The value as a double (exact whenever the exponent is within double's range). */
double ops_exact_to_f64(ops_exact v);

typedef enum {
  OPS_ACC_FP32_FUSED,   /* acc = fp32_rne(acc + a*b): one rounding per step (fmaf) — default */
  OPS_ACC_FP32_UNFUSED  /* acc = fp32_rne(acc + fp32_rne(a*b)): two roundings per step */
} ops_acc_fp32_mode;

/* Dot product of fp32 values accumulated in fp32 in the fixed order k = 0, 1, ..., n-1,
 * starting from acc0. */
float ops_dot_fp32(const float *a, const float *b, size_t n, float acc0, ops_acc_fp32_mode mode);

/* A two's complement fixed-point accumulator: value = integer * 2^lsb_exp, `width` bits. */
#define OPS_FXACC_MAX_BITS 704
typedef enum { OPS_FXACC_WRAP, OPS_FXACC_SATURATE } ops_fxacc_overflow;
typedef struct ops_fxacc {
  unsigned width;        /* 2..576 */
  int lsb_exp;
  ops_fxacc_overflow on_overflow;
  ops_rounding input_rounding; /* for addends with bits below 2^lsb_exp: RTZ (truncate), RNE, ... */
  bool overflowed;       /* sticky: some addition left the width's range */
  bool inexact;          /* sticky: some addend lost bits below 2^lsb_exp */
  bool nan;              /* sticky: a NaN or Inf was added */
  uint64_t limb[OPS_FXACC_MAX_BITS / 64];
} ops_fxacc;

/* Initializes an empty accumulator. Returns 0, or -1 with an input error for a bad width. */
int ops_fxacc_init(ops_fxacc *acc, unsigned width, int lsb_exp, ops_fxacc_overflow on_overflow,
                   ops_rounding input_rounding, com_err *e);
/* Adds v (wrapping or saturating on overflow, setting the sticky flags). */
void ops_fxacc_add(ops_fxacc *acc, ops_exact v);
/* The accumulated value rounded to double: RNE, or round-to-odd (sticky bit kept in the last
 * place) so that a later rounding to any format of <= 51 significand bits is correct. NaN when
 * acc->nan. */
double ops_fxacc_to_f64(const ops_fxacc *acc, bool round_to_odd);
/* The accumulated value encoded into f with o (a single correct rounding). */
uint32_t ops_fxacc_encode(const ops_fxacc *acc, const ops_fmt_float *f, const ops_fmt_opts *o);

/* Width of an exact (Kulisch) accumulator for n products fa x fb:
 * (emax_a + emax_b + 2) - (emin_a - M_a + emin_b - M_b) + 1 + ceil(log2 n), where emax is
 * floor(log2 max finite) and emin = 1 - bias; for one format 2(emax - emin + M) + 2 +
 * ceil(log2 n) + 1 (E2M1 14, E2M3 18, E3M2 26, E4M3 42, E5M2 70 at n = 32). */
unsigned ops_kulisch_width(const ops_fmt_float *fa, const ops_fmt_float *fb, uint64_t n);
/* Width for n products of two's complement integers: bits_a + bits_b + ceil(log2 n) (INT8 x
 * INT8 at n = 32: 21). */
unsigned ops_kulisch_width_int(unsigned bits_a, unsigned bits_b, uint64_t n);
/* Initializes acc as the exact accumulator for n products fa x fb (never inexact, never
 * overflows for up to n products). Returns 0, or -1 when the width exceeds the maximum. */
int ops_kulisch_init(ops_fxacc *acc, const ops_fmt_float *fa, const ops_fmt_float *fb,
                     uint64_t n, com_err *e);

/* L-Mul offset exponent l(M): M for M <= 3, 3 for M = 4, 4 for M > 4. */
unsigned ops_lmul_l(unsigned mbits);
/* Literal L-Mul (the paper's formula): (1 + xm + ym + 2^-l(M)) * 2^(xe + ye), sign xor, exact
 * in double. Zero and subnormal inputs give a signed zero (no implicit bit to add); NaN/Inf as
 * in IEEE multiplication. */
double ops_lmul_literal(const ops_fmt_float *f, uint32_t a, uint32_t b);
/* Integer-add L-Mul (hardware): the exponent+mantissa fields of a and b added as one integer
 * minus ((bias << M) - (2^M >> l(M))), so a mantissa carry moves into the exponent; the
 * result is a code of f. Zero/subnormal inputs or an underflowing sum give a signed zero;
 * overflow gives +-max (saturate, or a format without specials) or Inf/NaN; NaN/Inf inputs
 * give NaN/Inf. */
uint32_t ops_lmul_intadd(const ops_fmt_float *f, uint32_t a, uint32_t b, bool saturate);

#endif
