/* fmt_olive — OliVe outlier-victim pair codec; see fmt_olive.h. */
#include "ops/fmt_olive.h"

#include <math.h>

static const double olive_int4[8] = {0, 4, 8, 12, 16, 20, 24, 28};
static const double olive_flint4[8] = {0, 2, 4, 6, 8, 12, 16, 32};
static const double olive_outliers[7] = {48, 64, 96, 128, 192, 256, 384};

double ops_olive_normal_value(ops_olive_grid g, unsigned i) {
  return (g == OPS_OLIVE_FLINT4 ? olive_flint4 : olive_int4)[i & 7u];
}
double ops_olive_outlier_value(unsigned i) { return olive_outliers[i < 7 ? i : 6]; }

/* Nearest magnitude to a (ties to the larger) over the normal grid and, when allowed, the
 * outlier grid; *outlier tells which grid won, the return value is the index in it. */
static unsigned olive_nearest(ops_olive_grid g, double a, bool allow_outlier, bool *outlier) {
  double best = INFINITY;
  unsigned idx = 0;
  *outlier = false;
  for (unsigned i = 0; i < 8; i++) {
    double d = fabs(a - ops_olive_normal_value(g, i));
    if (d <= best) best = d, idx = i; /* ascending grid: '<=' takes the larger on a tie */
  }
  for (unsigned i = 0; allow_outlier && i < 7; i++) {
    double d = fabs(a - olive_outliers[i]);
    if (d <= best) best = d, idx = i, *outlier = true;
  }
  return idx;
}

/* Signed value of an outlier code (index field 0 reads as 0: never produced). */
static double olive_outlier_code_value(uint32_t c) {
  unsigned i = c & 7u;
  double v = i ? olive_outliers[i - 1] : 0.0;
  return (c & 8u) ? -v : v;
}

static uint32_t olive_code(unsigned idx, bool outlier, bool neg) {
  if (!outlier && idx == 0) return 0;
  return (neg ? 8u : 0u) | (outlier ? idx + 1 : idx);
}

int ops_olive_quantize(ops_olive_grid g, const float *x, size_t n, float unit, uint32_t *codes,
                       com_err *e) {
  if (!(unit >= 0.0f) || isinf(unit))
    return com_err_plain(e, COM_EINPUT, "the OliVe unit must be a finite value >= 0, not %g",
                         (double)unit);
  double u = unit == 0.0f ? 1.0 : unit;
  for (size_t k = 0; k < n; k += 2) {
    bool pair = k + 1 < n, out0, out1 = false;
    double v0 = (double)x[k] / u, v1 = pair ? (double)x[k + 1] / u : 0.0;
    unsigned i0 = olive_nearest(g, fabs(v0), pair, &out0), i1 = 0;
    if (pair) i1 = olive_nearest(g, fabs(v1), true, &out1);
    if (out0) {
      codes[k] = olive_code(i0, true, signbit(v0));
      codes[k + 1] = OPS_OLIVE_MARKER;
    } else if (out1) {
      codes[k] = OPS_OLIVE_MARKER;
      codes[k + 1] = olive_code(i1, true, signbit(v1));
    } else {
      codes[k] = olive_code(i0, false, signbit(v0));
      if (pair) codes[k + 1] = olive_code(i1, false, signbit(v1));
    }
  }
  return 0;
}

void ops_olive_dequantize(ops_olive_grid g, const uint32_t *codes, size_t n, float unit,
                          float *out) {
  double u = unit == 0.0f ? 1.0 : unit;
  for (size_t k = 0; k < n; k += 2) {
    bool pair = k + 1 < n;
    uint32_t c0 = codes[k] & 15u, c1 = pair ? codes[k + 1] & 15u : 0u;
    double v0, v1 = 0;
    if (pair && c1 == OPS_OLIVE_MARKER && c0 != OPS_OLIVE_MARKER) {
      v0 = olive_outlier_code_value(c0);
    } else if (pair && c0 == OPS_OLIVE_MARKER) {
      v0 = 0, v1 = c1 == OPS_OLIVE_MARKER ? 0 : olive_outlier_code_value(c1);
    } else {
      v0 = ops_olive_normal_value(g, c0 & 7u) * ((c0 & 8u) ? -1 : 1);
      v1 = ops_olive_normal_value(g, c1 & 7u) * ((c1 & 8u) ? -1 : 1);
    }
    out[k] = (float)(v0 * u);
    if (pair) out[k + 1] = (float)(v1 * u);
  }
}
