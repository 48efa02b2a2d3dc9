/*
 * fmt_olive — OliVe outlier-victim pairs (ISCA'23) on a 4-bit grid. Values are divided by a
 * unit (a per-tensor scale), then each is rounded to the nearest point of the normal grid
 * (int4: {0..7}*4, max 28; flint4: {0,.25,.5,.75,1,1.5,2,4}*8, max 32) united with the outlier
 * grid ±{48,64,96,128,192,256,384}, ties to the larger magnitude. Pairs (2k, 2k+1): when the
 * first is an outlier the second becomes the victim (value 0) and its slot holds the marker
 * 0x8; else when the second is an outlier the first is the victim. Codes (4 bits): normal =
 * sign<<3 | grid index (a zero is always 0x0, so 0x8 never means -0); outlier = sign<<3 |
 * (outlier index + 1). An unpaired last element (odd n) can only take normal values.
 * Pure and thread-safe.
 */
#ifndef OPS_FMT_OLIVE_H
#define OPS_FMT_OLIVE_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"
#include "ops/format.h"

#define OPS_OLIVE_MARKER 0x8u

/* Quantizes n values with grid g; unit 0 means 1.0. Returns 0, or -1 when unit is negative
 * or not finite. */
int ops_olive_quantize(ops_olive_grid g, const float *x, size_t n, float unit, uint32_t *codes,
                       com_err *e);
/* out[i] = fp32(value in grid units * unit) (unit 0 means 1.0). */
void ops_olive_dequantize(ops_olive_grid g, const uint32_t *codes, size_t n, float unit,
                          float *out);
/* Magnitude of normal grid index i (0..7) / outlier index i (0..6), in grid units. */
double ops_olive_normal_value(ops_olive_grid g, unsigned i);
double ops_olive_outlier_value(unsigned i);

#endif
