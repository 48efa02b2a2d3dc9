/* fmt_nvfp4 — NVFP4 block codec (E4M3 scale per 16 E2M1 elements); see fmt_block.h. */
#include <math.h>

#include "ops/fmt_block.h"

#define NVFP4_SCALE_MIN 0.015625f /* 2^-6: torch.finfo(float8_e4m3fn).tiny, torchao's E4M3_EPS */

int ops_nvfp4_quantize_block(const ops_format *f, const float *x, size_t n, const ops_block_opts *o,
                             uint64_t counter0, uint32_t *scale_code, uint32_t *codes) {
  float amax = 0.0f;
  bool nan = false;
  for (size_t i = 0; i < n; i++) {
    nan |= isnan(x[i]);
    amax = fmaxf(amax, fabsf(x[i]));
  }
  ops_fmt_opts so = ops_fmt_opts_default();
  so.rounding = o->nvfp4_scale_rounding, so.saturate = true;
  if (nan) {
    *scale_code = ops_fmt_float_nan_code(&OPS_FP8_E4M3);
    for (size_t i = 0; i < n; i++) codes[i] = 0;
    return 0;
  }
  float t = o->tensor_scale;
  float s = amax / 6.0f;
  if (t != 0.0f) s = s / t;
  s = fminf(fmaxf(s, NVFP4_SCALE_MIN), 448.0f);
  *scale_code = ops_fmt_encode(&OPS_FP8_E4M3, s, &so, 0);
  float denom = ops_fmt_decode(&OPS_FP8_E4M3, *scale_code);
  if (t != 0.0f) denom = t * denom;
  ops_fmt_opts eo = ops_fmt_opts_default();
  eo.rounding = o->elem_rounding, eo.saturate = true, eo.seed = o->seed;
  for (size_t i = 0; i < n; i++) {
    float v = fminf(fmaxf(x[i] / denom, -6.0f), 6.0f);
    codes[i] = ops_fmt_encode(&f->fp, v, &eo, counter0 + i);
  }
  return 0;
}

void ops_nvfp4_dequantize_block(const ops_format *f, uint32_t scale_code, const uint32_t *codes,
                                size_t n, const ops_block_opts *o, float *out) {
  double s = ops_fmt_decode_f64(&OPS_FP8_E4M3, scale_code & 0x7Fu); /* read unsigned */
  if (o->tensor_scale != 0.0f) s *= o->tensor_scale;
  for (size_t i = 0; i < n; i++) out[i] = (float)(ops_fmt_decode_f64(&f->fp, codes[i]) * s);
}

float ops_nvfp4_tensor_scale(const float *x, size_t n) {
  float amax = 0.0f;
  for (size_t i = 0; i < n; i++)
    if (!isnan(x[i])) amax = fmaxf(amax, fabsf(x[i]));
  return amax / 2688.0f;
}
