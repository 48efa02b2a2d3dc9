/* fuzz_format — codec properties on arbitrary fp32 inputs, for every named element format and
 * every rounding mode: encoding never crashes, and a decoded code encodes back to itself
 * (NaN to a NaN). A violated property traps, which libFuzzer reports as a crash. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "ops/fmt_float.h"

static void fuzz_one(const ops_fmt_float *f, float x, const ops_fmt_opts *o, uint64_t counter) {
  uint32_t code = ops_fmt_encode(f, x, o, counter);
  double v = ops_fmt_decode_f64(f, code);
  if (isnan(v)) return;
  ops_fmt_opts rne = *o;
  rne.rounding = OPS_ROUND_RNE;
  uint32_t again = ops_fmt_encode_f64(f, v, &rne, 0);
  if (ops_fmt_decode_f64(f, again) != v) __builtin_trap(); /* a value must encode to itself */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const ops_fmt_float *const formats[] = {&OPS_FP16, &OPS_BF16, &OPS_FP8_E4M3, &OPS_FP8_E5M2,
                                                 &OPS_FP6_E2M3, &OPS_FP6_E3M2, &OPS_FP4_E2M1, &OPS_E8M0};
  static const ops_rounding modes[] = {OPS_ROUND_RNE, OPS_ROUND_RTZ, OPS_ROUND_AWAY,
                                       OPS_ROUND_STOCHASTIC, OPS_ROUND_UP, OPS_ROUND_DOWN};
  for (size_t i = 0; i + 5 <= size; i += 5) {
    float x;
    memcpy(&x, data + i, sizeof x);
    ops_fmt_opts o = ops_fmt_opts_default();
    o.rounding = modes[data[i + 4] % 6];
    o.saturate = (data[i + 4] >> 3) & 1;
    o.flush_subnormals = (data[i + 4] >> 4) & 1;
    o.seed = data[i + 4];
    for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) fuzz_one(formats[k], x, &o, i);
  }
  return 0;
}
