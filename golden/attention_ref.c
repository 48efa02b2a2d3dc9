/* attention_ref — the naive low-precision attention of the FlashAttention-2 acceptance rule:
 * what a framework computing in fp16/bf16 produces (matmuls accumulate in fp32 and round their
 * output to fmt; softmax computes in fp32/fp64 and rounds its output to fmt). See golden.h. */
#include <math.h>
#include <stdlib.h>

#include "golden/golden.h"

static float ref_round(const ops_fmt_float *f, double x) {
  static const ops_fmt_opts o = {OPS_ROUND_RNE, false, false, OPS_NAN_TO_ZERO, 0};
  return ops_fmt_decode(f, ops_fmt_encode_f64(f, x, &o, 0));
}

int gold_attention_lowprec(const ops_fmt_float *fmt, bool causal, double scale, const float *q,
                           const float *k, const float *v, uint64_t sq, uint64_t sk, uint64_t d,
                           uint64_t dv, float *o, com_err *e) {
  if (!d || !dv || sk > SIZE_MAX / 16) return com_err_plain(e, COM_EINPUT, "attention shapes are empty or too large");
  float *p = malloc((size_t)sk * sizeof *p + 1);
  if (!p) return com_err_oom(e);
  if (scale == 0) scale = 1.0 / sqrt((double)d);
  for (uint64_t i = 0; i < sq; i++) {
    int64_t lim64 = causal ? (int64_t)i + 1 + (int64_t)sk - (int64_t)sq : (int64_t)sk;
    uint64_t lim = lim64 < 0 ? 0 : (uint64_t)lim64 > sk ? sk : (uint64_t)lim64;
    double m = -INFINITY, l = 0;
    for (uint64_t c = 0; c < lim; c++) {
      float acc = 0.0f;
      for (uint64_t x = 0; x < d; x++) acc = fmaf(ref_round(fmt, q[i * d + x]), ref_round(fmt, k[c * d + x]), acc);
      p[c] = ref_round(fmt, (double)ref_round(fmt, acc) * ref_round(fmt, scale));
      if (p[c] > m) m = p[c];
    }
    for (uint64_t c = 0; c < lim; c++) l += exp((double)p[c] - m);
    for (uint64_t c = 0; c < lim; c++) p[c] = ref_round(fmt, exp((double)p[c] - m) / l);
    for (uint64_t x = 0; x < dv; x++) {
      float acc = 0.0f;
      for (uint64_t c = 0; c < lim; c++) acc = fmaf(p[c], ref_round(fmt, v[c * dv + x]), acc);
      o[i * dv + x] = ref_round(fmt, acc);
    }
  }
  free(p);
  return 0;
}
