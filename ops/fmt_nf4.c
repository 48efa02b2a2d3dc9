/* fmt_nf4 — NF4 codebook, threshold tree and double quantization; see fmt_nf4.h. */
#include "ops/fmt_nf4.h"

#include <math.h>

const float OPS_NF4_CODEBOOK[16] = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

uint32_t ops_nf4_encode_normalized(float v) {
  /* Binary search over the 15 thresholds = bitsandbytes' comparison tree: code = #(v > t_k). */
  uint32_t lo = 0, hi = 15; /* answer in [lo, hi] */
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    float t = (float)(((double)OPS_NF4_CODEBOOK[mid] + (double)OPS_NF4_CODEBOOK[mid + 1]) / 2.0);
    if (v > t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void ops_nf4_quantize_block(const float *x, size_t n, float *absmax, uint32_t *codes) {
  float amax = 0.0f;
  for (size_t i = 0; i < n; i++) amax = fmaxf(amax, fabsf(x[i]));
  *absmax = amax;
  float inv = 1.0f / amax;
  for (size_t i = 0; i < n; i++) codes[i] = amax == 0.0f ? 7u : ops_nf4_encode_normalized(x[i] * inv);
}

void ops_nf4_dequantize_block(float absmax, const uint32_t *codes, size_t n, float *out) {
  for (size_t i = 0; i < n; i++) out[i] = OPS_NF4_CODEBOOK[codes[i] & 15u] * absmax;
}

int ops_nf4_double_quantize(const float *absmax, size_t nblocks, size_t group, float *mean,
                            float *group_scales, int8_t *q, com_err *e) {
  if (group == 0) return com_err_plain(e, COM_EINPUT, "the double-quantization group is 0");
  double sum = 0;
  for (size_t i = 0; i < nblocks; i++) sum += absmax[i];
  *mean = nblocks ? (float)(sum / (double)nblocks) : 0.0f;
  for (size_t g0 = 0; g0 < nblocks; g0 += group) {
    size_t end = g0 + group < nblocks ? g0 + group : nblocks;
    float gmax = 0.0f;
    for (size_t i = g0; i < end; i++) gmax = fmaxf(gmax, fabsf(absmax[i] - *mean));
    group_scales[g0 / group] = gmax;
    for (size_t i = g0; i < end; i++) {
      double c = (double)(absmax[i] - *mean);
      double r = gmax == 0.0f ? 0.0 : nearbyint(c / gmax * 127.0);
      q[i] = (int8_t)fmin(fmax(r, -127.0), 127.0);
    }
  }
  return 0;
}

void ops_nf4_double_dequantize(float mean, const float *group_scales, const int8_t *q,
                               size_t nblocks, size_t group, float *absmax_out) {
  for (size_t i = 0; i < nblocks; i++)
    absmax_out[i] = (float)((double)q[i] * group_scales[i / group] / 127.0 + mean);
}
