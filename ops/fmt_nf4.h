/*
 * fmt_nf4 — NF4 (QLoRA 4-bit NormalFloat): the exact bitsandbytes codebook, the midpoint
 * threshold tree with strict '>' (a value equal to a threshold takes the lower code), blockwise
 * absmax scaling (block 64 in the registry, any block here) and double quantization of the
 * absmax values. Pure and thread-safe.
 */
#ifndef OPS_FMT_NF4_H
#define OPS_FMT_NF4_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

/* Codes 0..15 (fp32 values, -1.0 .. 1.0, code 7 = 0.0). */
extern const float OPS_NF4_CODEBOOK[16];

/* Code of a normalized value v (x / absmax): the number of thresholds t_k (fp32 midpoints of
 * adjacent codebook values) with v > t_k. NaN gets code 0, as in bitsandbytes' tree. */
uint32_t ops_nf4_encode_normalized(float v);
/* Quantizes n values: *absmax = max |x_i| (fp32, NaN ignored), codes[i] =
 * ops_nf4_encode_normalized(x_i * fp32(1 / absmax)); an all-zero block gets absmax 0 and
 * code 7 everywhere (bitsandbytes computes 0 * Inf = NaN there, i.e. code 0, -0.0). */
void ops_nf4_quantize_block(const float *x, size_t n, float *absmax, uint32_t *codes);
/* out[i] = fp32(codebook[code] * absmax). */
void ops_nf4_dequantize_block(float absmax, const uint32_t *codes, size_t n, float *out);

/* Double quantization of nblocks absmax values: *mean = fp32 of their exact mean; centred
 * values c_i = fp32(absmax_i - mean) are quantized in groups of `group` (256 in QLoRA) to int8
 * q_i = round_rne(c_i / g * 127), clamped to +-127, with one fp32 scale g = max |c_i| per group
 * (group_scales[nblocks / group rounded up]). Returns 0, or -1 when group is 0. Storage: 8 bits
 * per block + 32 per group (0.127 bits per parameter with block 64, group 256). */
int ops_nf4_double_quantize(const float *absmax, size_t nblocks, size_t group, float *mean,
                            float *group_scales, int8_t *q, com_err *e);
/* absmax_out[i] = fp32(q_i * g / 127 + mean), one rounding. */
void ops_nf4_double_dequantize(float mean, const float *group_scales, const int8_t *q,
                               size_t nblocks, size_t group, float *absmax_out);

#endif
