/* fmt_int — integer quantization with per-tensor/channel/group scales; see fmt_int.h. */
#include "ops/fmt_int.h"

#include <math.h>

int ops_int_check(const ops_int_spec *s, com_err *e) {
  if (s->bits < 2 || s->bits > 16)
    return com_err_plain(e, COM_EINPUT, "integer width %u is outside 2..16", s->bits);
  return 0;
}

void ops_int_range(const ops_int_spec *s, int32_t *qmin, int32_t *qmax) {
  *qmax = (int32_t)(1u << (s->bits - 1)) - 1;
  *qmin = (s->asymmetric || s->full_range) ? -*qmax - 1 : -*qmax;
}

int32_t ops_int_quantize(const ops_int_spec *s, float x, float scale, int32_t zero_point,
                         uint64_t counter) {
  int32_t qmin, qmax;
  ops_int_range(s, &qmin, &qmax);
  if (isnan(x) || scale == 0.0f || isnan(scale)) return zero_point;
  double q = ops_fmt_round_integer((double)x / (double)scale, s->rounding, s->seed, counter);
  q += zero_point;
  if (q < qmin) return qmin;
  if (q > qmax) return qmax;
  return (int32_t)q;
}

float ops_int_dequantize(int32_t q, float scale, int32_t zero_point) {
  return (float)((double)((int64_t)q - zero_point) * scale);
}

void ops_int_fit(const ops_int_spec *s, const float *x, size_t n, float *scale, int32_t *zero_point) {
  int32_t qmin, qmax;
  ops_int_range(s, &qmin, &qmax);
  float lo = 0.0f, hi = 0.0f;
  for (size_t i = 0; i < n; i++)
    if (isfinite(x[i])) lo = fminf(lo, x[i]), hi = fmaxf(hi, x[i]);
  *zero_point = 0;
  if (!s->asymmetric) {
    float amax = fmaxf(-lo, hi);
    *scale = amax == 0.0f ? 1.0f : amax / (float)qmax;
    return;
  }
  if (hi == lo) {
    *scale = 1.0f;
    return;
  }
  *scale = (hi - lo) / (float)(qmax - qmin);
  double zp = qmin - nearbyint((double)lo / *scale);
  *zero_point = (int32_t)fmin(fmax(zp, qmin), qmax);
}

int ops_int_quantize_grouped(const ops_int_spec *s, const float *x, size_t n, size_t group,
                             float *scales, int32_t *zero_points, int32_t *codes, com_err *e) {
  if (ops_int_check(s, e)) return -1;
  if (group == 0) return com_err_plain(e, COM_EINPUT, "the quantization group size is 0");
  for (size_t g0 = 0; g0 < n; g0 += group) {
    size_t len = n - g0 < group ? n - g0 : group, gi = g0 / group;
    ops_int_fit(s, x + g0, len, &scales[gi], &zero_points[gi]);
    for (size_t i = g0; i < g0 + len; i++)
      codes[i] = ops_int_quantize(s, x[i], scales[gi], zero_points[gi], i);
  }
  return 0;
}
