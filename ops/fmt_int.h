/*
 * fmt_int — integer quantization int2..int16 (two's complement codes), symmetric or
 * asymmetric, with one scale (and zero point) per tensor, per channel or per group.
 *   q = clamp(round(x / scale) + zero_point, qmin, qmax),  x' = (q - zero_point) * scale
 * The quotient x / scale is taken in fp64 (exact enough that no tie is created or hidden for
 * fp32 operands), then rounded once with the chosen mode. Symmetric uses the narrow range
 * [-(2^(b-1)-1), 2^(b-1)-1] (TensorRT, microxcaling: -2^(b-1) unused) unless full_range;
 * asymmetric always uses the full range [-2^(b-1), 2^(b-1)-1] with an integer zero point.
 * Pure and thread-safe.
 */
#ifndef OPS_FMT_INT_H
#define OPS_FMT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "ops/fmt_float.h"

typedef struct ops_int_spec {
  unsigned bits;      /* 2..16 */
  bool asymmetric;    /* zero point fitted from min/max; otherwise 0 */
  bool full_range;    /* symmetric only: allow -2^(b-1) */
  ops_rounding rounding;
  uint64_t seed;      /* stochastic rounding */
} ops_int_spec;

/* Checks bits in 2..16. Returns 0 or -1 with an input error. */
int ops_int_check(const ops_int_spec *s, com_err *e);
/* The code range of s. */
void ops_int_range(const ops_int_spec *s, int32_t *qmin, int32_t *qmax);

/* One value: the clamped integer code (NaN -> zero_point). counter picks the stochastic draw. */
int32_t ops_int_quantize(const ops_int_spec *s, float x, float scale, int32_t zero_point,
                         uint64_t counter);
/* fp32((q - zero_point) * scale), one rounding. */
float ops_int_dequantize(int32_t q, float scale, int32_t zero_point);

/* Fits scale (and zero point) to n values: symmetric scale = amax / qmax; asymmetric
 * scale = (max - min) / (qmax - qmin) over [min(x,0), max(x,0)], zero_point = qmin -
 * round_rne(min / scale). All-zero data gives scale 1, zero point 0. NaN/Inf are ignored. */
void ops_int_fit(const ops_int_spec *s, const float *x, size_t n, float *scale, int32_t *zero_point);

/* Quantizes n values in groups of `group` consecutive values, each with its own fitted scale
 * and zero point: group = n is per-tensor, group = row length of a row-major matrix whose
 * channels are rows is per-channel, any other divisor is per-group (the last group may be
 * short). scales/zero_points get ceil(n / group) entries; element i uses counter i.
 * Returns 0, or -1 with an input error (bad spec, group 0). */
int ops_int_quantize_grouped(const ops_int_spec *s, const float *x, size_t n, size_t group,
                             float *scales, int32_t *zero_points, int32_t *codes, com_err *e);

#endif
