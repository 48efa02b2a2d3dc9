/* golden_gemm — GFLOP/s of the golden GEMM (1024^3 by default, argv[1] = size, argv[2] = threads,
 * argv[3] = kernel cap c|avx|avx512, default the best the CPU runs)
 * for fp8_e4m3 + fp32 acc, mxfp4 + fp32 acc, int8 + int32 acc, next to OpenBLAS cblas_sgemm when
 * the bench is linked with it (HAVE_OPENBLAS); each figure is the median of 3 timed runs, end to
 * end (operand quantization, GEMM, output rounding). Figures, not pass/fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "golden/golden.h"

#ifdef HAVE_OPENBLAS
#include <cblas.h>
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* The median of n <= 8 values (sorts x). */
static double median(double *x, int n) {
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && x[j - 1] > x[j]; j--) {
      double t = x[j];
      x[j] = x[j - 1], x[j - 1] = t;
    }
  return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

int main(int argc, char **argv) {
  uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1024;
  unsigned th = argc > 2 ? (unsigned)atoi(argv[2]) : 2;
  const char *isa_name = argc > 3 ? argv[3] : "best"; /* cap on the fast kernels: c, avx, avx512 */
  int isa = !strcmp(isa_name, "c") ? GOLD_ISA_C : !strcmp(isa_name, "avx") ? GOLD_ISA_AVX
            : !strcmp(isa_name, "avx512") ? GOLD_ISA_AVX512 : 0;
  float *a = malloc(n * n * 4), *b = malloc(n * n * 4), *c = malloc(n * n * 4);
  int64_t *ai = malloc(n * n * 8), *bi = malloc(n * n * 8);
  for (uint64_t i = 0; i < n * n; i++) {
    a[i] = (float)((i * 7919) % 2001) / 1000.0f - 1.0f, b[i] = (float)((i * 104729) % 2001) / 1000.0f - 1.0f;
    ai[i] = (int64_t)((i * 7919) % 255) - 127, bi[i] = (int64_t)((i * 104729) % 255) - 127;
  }
  /* Golden cases first, OpenBLAS last: OpenBLAS's idle worker threads spin (sched_yield) for a
   * while after a call and would steal the cores from whatever runs next. Each figure is the
   * median of REPS timed runs (after one warm-up run for OpenBLAS). */
  enum { REPS = 3 };
  double flop = 2.0 * n * n * n, g[3] = {0}, blas = 0;
  int fast[3] = {0};
  const char *cases[][3] = {{"fp8_e4m3", "fp32", "v"}, {"mxfp4_e2m1", "fp32", "v"}, {"int8", "int32", "c"}};
  for (int k = 0; k < 3; k++) {
    gold_gemm_spec s = gold_gemm_spec_default();
    s.a_fmt = s.b_fmt = ops_format_find(cases[k][0]);
    gold_acc_parse(cases[k][1], &s.acc, NULL);
    s.threads = th, s.fast_isa = isa;
    gold_matrix ma = {n, n, cases[k][2][0] == 'v' ? a : NULL, cases[k][2][0] == 'c' ? ai : NULL};
    gold_matrix mb = {n, n, cases[k][2][0] == 'v' ? b : NULL, cases[k][2][0] == 'c' ? bi : NULL};
    double t[REPS];
    for (int rep = 0; rep < REPS; rep++) {
      gold_gemm_result r;
      double t0 = now();
      if (gold_gemm(&s, &ma, &mb, &r, NULL)) return 1;
      t[rep] = now() - t0;
      fast[k] = r.fast;
      gold_gemm_result_free(&r);
    }
    g[k] = flop / median(t, REPS) / 1e9;
  }
#ifdef HAVE_OPENBLAS
  double t[REPS];
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1, a, (int)n, b, (int)n, 0, c, (int)n);
  for (int rep = 0; rep < REPS; rep++) {
    double t0 = now();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1, a, (int)n, b, (int)n, 0, c, (int)n);
    t[rep] = now() - t0;
  }
  blas = flop / median(t, REPS) / 1e9;
  printf("openblas sgemm %llu^3: %.1f GFLOP/s\n", (unsigned long long)n, blas);
#else
  printf("openblas: not linked\n");
#endif
  for (int k = 0; k < 3; k++) {
    printf("golden %-10s acc %-5s %llu^3, %u threads: %.1f GFLOP/s (%s path, kernels %s)", cases[k][0], cases[k][1],
           (unsigned long long)n, th, g[k], fast[k] ? "fast" : "scalar", isa_name);
    if (blas > 0) printf(", %.2fx OpenBLAS fp32", g[k] / blas);
    printf("\n");
  }
  free(a), free(b), free(c), free(ai), free(bi);
  return 0;
}
