/*
 * fmt_convert — conversion throughput of the ops/ element codecs on one core: fp32 -> fp8_e4m3
 * (RNE, the ops_fmt_encode_array fast path; goal >= 200 M/s per core), the same through the
 * exact scalar encoder, fp32 -> fp8_e5m2 / fp4_e2m1 / bf16, stochastic rounding, decode, and MX
 * block quantization (mxfp4_e2m1 / mxfp8_e4m3 / mxint8 blocks of 32, floor scale, RNE: the
 * ops_block_quantize fast path, and the exact reference ops_mx_quantize_ref).
 * Inputs: 2^20 normally distributed-ish fp32 values (what tensors look like), repeated.
 * Prints M conversions per second; never a pass/fail test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ops/fmt_block.h"

enum { N = 1 << 20 };

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Box-Muller-free approximation of a normal draw: sum of uniforms, scaled. */
static float draw(unsigned *state) {
  float s = 0;
  for (int k = 0; k < 4; k++) {
    *state = *state * 1664525u + 1013904223u;
    s += (float)(*state >> 8) / 16777216.0f - 0.5f;
  }
  return s * 100.0f;
}

static void bench_array(const char *label, const ops_fmt_float *f, const ops_fmt_opts *o,
                        const float *x, uint32_t *codes) {
  int reps = 0;
  double t0 = now_s(), t;
  do {
    ops_fmt_encode_array(f, x, N, o, 0, codes);
    reps++;
  } while ((t = now_s() - t0) < 0.5);
  printf("%-40s %8.1f M/s\n", label, (double)N * reps / t / 1e6);
}

/* MX block quantization of the N values in blocks of 32 (elements per second). */
static void bench_mx(const char *label, const char *fmt, bool ref, const float *x,
                     uint32_t *codes) {
  const ops_format *f = ops_format_find(fmt);
  ops_block_opts o = ops_block_opts_default();
  uint32_t scale = 0;
  int reps = 0;
  double t0 = now_s(), t;
  do {
    for (size_t b = 0; b < N; b += 32) {
      if (ref) ops_mx_quantize_ref(f, x + b, 32, &o, b, &scale, codes + b);
      else ops_block_quantize(f, x + b, 32, &o, b, &scale, codes + b, NULL);
    }
    reps++;
  } while ((t = now_s() - t0) < 0.5);
  printf("%-40s %8.1f M/s (last scale %02X)\n", label, (double)N * reps / t / 1e6, scale);
}

int main(void) {
  float *x = malloc(N * sizeof *x);
  uint32_t *codes = malloc(N * sizeof *codes);
  if (!x || !codes) return 1;
  unsigned st = 1;
  for (int i = 0; i < N; i++) x[i] = draw(&st);
  ops_fmt_opts o = ops_fmt_opts_default();
  bench_array("fp32 -> fp8_e4m3 RNE (array, fast path)", &OPS_FP8_E4M3, &o, x, codes);
  bench_array("fp32 -> fp8_e5m2 RNE (array)", &OPS_FP8_E5M2, &o, x, codes);
  bench_array("fp32 -> bf16 RNE (array)", &OPS_BF16, &o, x, codes);
  bench_array("fp32 -> fp4_e2m1 RNE (array)", &OPS_FP4_E2M1, &o, x, codes);
  o.saturate = true;
  bench_array("fp32 -> fp8_e4m3 RNE saturating (array)", &OPS_FP8_E4M3, &o, x, codes);
  o.saturate = false, o.rounding = OPS_ROUND_STOCHASTIC;
  bench_array("fp32 -> fp8_e4m3 stochastic (exact)", &OPS_FP8_E4M3, &o, x, codes);
  o.rounding = OPS_ROUND_RTZ;
  bench_array("fp32 -> fp8_e4m3 RTZ (exact encoder)", &OPS_FP8_E4M3, &o, x, codes);
  int reps = 0;
  double t0 = now_s(), t, sum = 0;
  do {
    for (int i = 0; i < N; i++) sum += ops_fmt_decode(&OPS_FP8_E4M3, codes[i]);
    reps++;
  } while ((t = now_s() - t0) < 0.5);
  printf("%-40s %8.1f M/s (checksum %g)\n", "fp8_e4m3 -> fp32 decode", (double)N * reps / t / 1e6,
         sum);
  bench_mx("mxfp4_e2m1 blocks RNE (fast path)", "mxfp4_e2m1", false, x, codes);
  bench_mx("mxfp4_e2m1 blocks RNE (reference)", "mxfp4_e2m1", true, x, codes);
  bench_mx("mxfp8_e4m3 blocks RNE (fast path)", "mxfp8_e4m3", false, x, codes);
  bench_mx("mxint8 blocks RNE (fast path)", "mxint8", false, x, codes);
  free(x);
  free(codes);
  return 0;
}
