/*
 * fmt_float — bit-exact codecs of parametric minifloats ExMy (1 <= E <= 8, 0 <= M <= 23, bias
 * -512..512) and the conversion options every codec in ops/ shares (rounding mode, saturation,
 * stochastic-rounding seed, NaN policy). Codes are right-aligned in a uint32_t: sign bit at
 * position E+M (absent for unsigned formats), then the exponent field, then the mantissa.
 *
 * Value of a code (the reference's decoding rule): exponent field 0 is subnormal,
 * (-1)^s * 2^(1-bias) * m/2^M, unless the format has no subnormals (E8M0), where field 0 is the
 * normal binade 2^-bias; otherwise (-1)^s * 2^(e-bias) * (1 + m/2^M). Special values by style:
 *   IEEE  Inf = top exponent with m = 0, NaN = top exponent with m != 0 (fp32, fp16, bf16, E5M2)
 *   FN    finite-only: NaN = all exponent and mantissa bits ones, no Inf (E4M3, E8M0)
 *   NONE  every code is a finite number (FP6, FP4)
 * Everything here is pure and thread-safe: stochastic rounding draws from a counter-based hash
 * of (seed, counter) that the caller supplies, never from hidden state.
 */
#ifndef OPS_FMT_FLOAT_H
#define OPS_FMT_FLOAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

typedef enum { OPS_SPECIALS_IEEE, OPS_SPECIALS_FN, OPS_SPECIALS_NONE } ops_fmt_specials;

typedef struct ops_fmt_float {
  unsigned ebits;            /* exponent field width E, 1..8 */
  unsigned mbits;            /* mantissa field width M, 0..23 */
  int bias;                  /* exponent bias, -512..512 (IEEE default 2^(E-1) - 1) */
  ops_fmt_specials specials;
  bool is_unsigned;          /* no sign bit (E8M0) */
  bool no_subnormals;        /* exponent field 0 is a normal binade; no zero (E8M0) */
} ops_fmt_float;

typedef enum {
  OPS_ROUND_RNE,        /* to nearest, ties to even (default: OCP spec, ml_dtypes, CUDA cvt.rn) */
  OPS_ROUND_RTZ,        /* toward zero (truncation) */
  OPS_ROUND_AWAY,       /* to nearest, ties away from zero (microxcaling's default) */
  OPS_ROUND_STOCHASTIC, /* up with probability (distance to lower)/(ulp), 2^-32 resolution */
  OPS_ROUND_UP,         /* toward +Inf (cvt.rp; NVFP4 scale "round up" option) */
  OPS_ROUND_DOWN        /* toward -Inf */
} ops_rounding;

typedef enum {
  OPS_NAN_TO_ZERO,  /* default: NaN into a format without NaN gives +0 (ml_dtypes gives a zero
                       of the opposite sign; see docs/numerics.md) */
  OPS_NAN_TO_MAX    /* NaN gives +max finite */
} ops_nan_policy;

typedef struct ops_fmt_opts {
  ops_rounding rounding;
  bool saturate;          /* finite overflow and +-Inf give +-max finite instead of Inf/NaN */
  bool flush_subnormals;  /* results in the subnormal range become signed zero (FTZ hardware) */
  ops_nan_policy nan_policy; /* only for formats without NaN */
  uint64_t seed;          /* stochastic rounding: the stream; the counter picks the draw */
} ops_fmt_opts;

/* The default options: RNE, non-saturating, subnormals kept, NaN -> +0 where no NaN, seed 0. */
ops_fmt_opts ops_fmt_opts_default(void);

/* Named instances: fp32, fp16, bf16, fp8_e4m3 (OCP "fn"), fp8_e5m2, fp6_e2m3, fp6_e3m2,
 * fp4_e2m1, e8m0 (unsigned, no zero, 0xFF = NaN). */
extern const ops_fmt_float OPS_FP32, OPS_FP16, OPS_BF16, OPS_FP8_E4M3, OPS_FP8_E5M2,
    OPS_FP6_E2M3, OPS_FP6_E3M2, OPS_FP4_E2M1, OPS_E8M0;

/* Checks that f is a format this codec supports (ranges above, IEEE needs E >= 2 and M >= 1
 * so that Inf and NaN both exist, FN needs E + M >= 1). Returns 0, or -1 with a plain input
 * error naming the offending field. */
int ops_fmt_float_check(const ops_fmt_float *f, com_err *e);

/* Total code width in bits (sign + E + M). */
unsigned ops_fmt_float_bits(const ops_fmt_float *f);
/* Largest finite value, smallest positive normal (the value of exponent field 1, or field 0
 * without subnormals), smallest positive value. */
double ops_fmt_float_max(const ops_fmt_float *f);
double ops_fmt_float_min_normal(const ops_fmt_float *f);
double ops_fmt_float_min_subnormal(const ops_fmt_float *f);
/* Code of +max finite (sign bit clear). */
uint32_t ops_fmt_float_max_code(const ops_fmt_float *f);
/* Canonical NaN code (positive where signed), or UINT32_MAX when the format has no NaN. */
uint32_t ops_fmt_float_nan_code(const ops_fmt_float *f);
/* True when code is a NaN / an infinity of f. */
bool ops_fmt_is_nan(const ops_fmt_float *f, uint32_t code);
bool ops_fmt_is_inf(const ops_fmt_float *f, uint32_t code);

/* Encodes x into f with the options o. counter selects the stochastic draw (use the element
 * index); ignored by the other modes. Rules: NaN -> NaN of the same sign (IEEE: quiet NaN with
 * the top mantissa bit; FN: all ones), or o->nan_policy without NaN. Overflow (the rounded
 * magnitude exceeds max finite) and +-Inf -> +-max finite when o->saturate, when the format has
 * no specials, or (finite inputs) under RTZ / toward the opposite infinity (IEEE 754 7.4);
 * otherwise +-Inf (IEEE) or NaN (FN). Unsigned formats (E8M0): negative and zero -> NaN, like
 * ml_dtypes; below the smallest value -> the smallest value. x is taken exactly (fp32 inputs
 * are exact in double), so a single rounding happens. Pure, thread-safe. */
uint32_t ops_fmt_encode_f64(const ops_fmt_float *f, double x, const ops_fmt_opts *o,
                            uint64_t counter);
/* The same for an fp32 input. */
uint32_t ops_fmt_encode(const ops_fmt_float *f, float x, const ops_fmt_opts *o, uint64_t counter);
/* Encodes n fp32 values; element i uses counter0 + i. Fast path for RNE. Thread-safe. */
void ops_fmt_encode_array(const ops_fmt_float *f, const float *x, size_t n, const ops_fmt_opts *o,
                          uint64_t counter0, uint32_t *codes);

/* The exact value of code (bits above the format width are ignored). */
double ops_fmt_decode_f64(const ops_fmt_float *f, uint32_t code);
/* The value rounded to fp32 (RNE; exact for every format whose range fits fp32's). */
float ops_fmt_decode(const ops_fmt_float *f, uint32_t code);

/* A uniform 32-bit draw for (seed, counter): a SplitMix64-style hash. Pure. */
uint32_t ops_fmt_random32(uint64_t seed, uint64_t counter);
/* Rounds v to an integer with mode r (stochastic uses ops_fmt_random32(seed, counter)).
 * Exact for |v| < 2^52; NaN stays NaN. Pure. */
double ops_fmt_round_integer(double v, ops_rounding r, uint64_t seed, uint64_t counter);

/* Parses "rne", "rtz", "away", "stochastic", "up", "down"; false when unknown. */
bool ops_rounding_parse(const char *s, ops_rounding *out);
/* The name of r ("rne", ...). */
const char *ops_rounding_name(ops_rounding r);

#endif
