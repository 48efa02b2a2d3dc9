/* golden_gemm — GFLOP/s of the golden GEMM (1024^3 by default, argv[1] = size, argv[2] = threads)
 * for fp8_e4m3 + fp32 acc, mxfp4 + fp32 acc, int8 + int32 acc, next to OpenBLAS cblas_sgemm when
 * the bench is linked with it (HAVE_OPENBLAS). Figures, not pass/fail. */
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv) {
  uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1024;
  unsigned th = argc > 2 ? (unsigned)atoi(argv[2]) : 2;
  float *a = malloc(n * n * 4), *b = malloc(n * n * 4), *c = malloc(n * n * 4);
  int64_t *ai = malloc(n * n * 8), *bi = malloc(n * n * 8);
  for (uint64_t i = 0; i < n * n; i++) {
    a[i] = (float)((i * 7919) % 2001) / 1000.0f - 1.0f, b[i] = (float)((i * 104729) % 2001) / 1000.0f - 1.0f;
    ai[i] = (int64_t)((i * 7919) % 255) - 127, bi[i] = (int64_t)((i * 104729) % 255) - 127;
  }
  double flop = 2.0 * n * n * n, blas = 0;
#ifdef HAVE_OPENBLAS
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1, a, (int)n, b, (int)n, 0, c, (int)n);
  double t0 = now();
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1, a, (int)n, b, (int)n, 0, c, (int)n);
  blas = flop / (now() - t0) / 1e9;
  printf("openblas sgemm %llu^3: %.1f GFLOP/s\n", (unsigned long long)n, blas);
#else
  printf("openblas: not linked\n");
#endif
  const char *cases[][3] = {{"fp8_e4m3", "fp32", "v"}, {"mxfp4_e2m1", "fp32", "v"}, {"int8", "int32", "c"}};
  for (int k = 0; k < 3; k++) {
    gold_gemm_spec s = gold_gemm_spec_default();
    s.a_fmt = s.b_fmt = ops_format_find(cases[k][0]);
    gold_acc_parse(cases[k][1], &s.acc, NULL);
    s.threads = th;
    gold_matrix ma = {n, n, cases[k][2][0] == 'v' ? a : NULL, cases[k][2][0] == 'c' ? ai : NULL};
    gold_matrix mb = {n, n, cases[k][2][0] == 'v' ? b : NULL, cases[k][2][0] == 'c' ? bi : NULL};
    gold_gemm_result r;
    double t0 = now();
    if (gold_gemm(&s, &ma, &mb, &r, NULL)) return 1;
    double g = flop / (now() - t0) / 1e9;
    printf("golden %-10s acc %-5s %llu^3, %u threads: %.1f GFLOP/s (%s path)%s", cases[k][0], cases[k][1],
           (unsigned long long)n, th, g, r.fast ? "fast" : "scalar", blas > 0 ? "" : "\n");
    if (blas > 0) printf(", %.2fx OpenBLAS fp32\n", g / blas);
    gold_gemm_result_free(&r);
  }
  free(a), free(b), free(c), free(ai), free(bi);
  return 0;
}
