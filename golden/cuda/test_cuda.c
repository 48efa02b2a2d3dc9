/* test_cuda — CPU-vs-GPU agreement of the golden GEMM: the GPU kernel (gold_dot per element) must
 * give the CPU scalar path's bits for several formats, accumulators and orders, and prints GPU
 * throughput. Exits 77 (skip) when no GPU is present. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden/cuda/gold_cuda.h"
#include "golden/gemm_int.h"

int main(int argc, char **argv) {
  if (gold_cuda_devices() <= 0) {
    printf("no CUDA device: skipped\n");
    return 77;
  }
  uint64_t M = argc > 1 ? strtoull(argv[1], NULL, 10) : 96, N = M, K = M + 37;
  float *av = malloc(M * K * 4), *bv = malloc(K * N * 4);
  uint64_t x = 12345;
  for (uint64_t i = 0; i < M * K; i++) x = x * 6364136223846793005ull + 1, av[i] = (float)((int64_t)(x >> 40) % 2000) / 97.0f;
  for (uint64_t i = 0; i < K * N; i++) x = x * 6364136223846793005ull + 1, bv[i] = (float)((int64_t)(x >> 40) % 2000) / 131.0f;
  const char *cases[][3] = {{"fp8_e4m3", "fp32", "k-sequential"}, {"bf16", "fp32", "k-tiled:16"},
                            {"mxfp4_e2m1", "fp32", "k-sequential"}, {"fp8_e5m2", "fixed:40.16", "k-sequential"},
                            {"fp32", "exact", "k-sequential"},     {"nvfp4", "fp64", "k-tiled:4"}};
  int fails = 0;
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    gold_gemm_spec s = gold_gemm_spec_default();
    s.a_fmt = s.b_fmt = ops_format_find(cases[c][0]);
    gold_acc_parse(cases[c][1], &s.acc, NULL);
    gold_order_parse(cases[c][2], &s.order, NULL);
    s.no_fast = true;
    gold_matrix a = {M, K, av, NULL}, b = {K, N, bv, NULL};
    gold_operand oa, ob;
    gold_gemm_result r;
    com_err e = {0};
    if (gold_operand_make(s.a_fmt, &a, false, &s, &oa, &e) || gold_operand_make(s.b_fmt, &b, true, &s, &ob, &e) ||
        gold_gemm(&s, &a, &b, &r, &e)) {
      printf("%s\n", e.msg);
      return 1;
    }
    gold_dot_cfg cfg = {(int)s.acc.kind, s.acc.width, s.acc.frac,
                        s.order.kind == GOLD_ORDER_TILED ? (int)s.order.tile : 0, K, oa.block,
                        oa.block && gold_sum_bits(&oa, &ob, oa.block) <= 53};
    double *val = malloc(M * N * 8), ms = 0;
    int64_t *raw = malloc(M * N * 8);
    uint64_t ovf = 0;
    char err[256];
    if (gold_cuda_gemm(&cfg, oa.v, ob.v, oa.scale, ob.scale, M, N, oa.kp, oa.nblk, val, raw, &ovf, &ms, err, sizeof err)) {
      printf("%s\n", err);
      return 1;
    }
    /* the CPU result went through output rounding to fp32: apply the same to the GPU values */
    uint64_t bad = 0;
    for (uint64_t i = 0; i < M * N; i++) {
      float g = ops_fmt_decode(&OPS_FP32, ops_fmt_encode_f64(&OPS_FP32, val[i] * oa.tensor_scale * ob.tensor_scale, &s.out_opts, i));
      bad += memcmp(&g, &r.c[i], 4) != 0;
    }
    printf("%-11s acc %-12s %-13s %llu x %llu x %llu: %llu/%llu elements differ from the CPU, GPU %.3f ms, %.2f GFLOP/s\n",
           cases[c][0], cases[c][1], cases[c][2], (unsigned long long)M, (unsigned long long)K, (unsigned long long)N,
           (unsigned long long)bad, (unsigned long long)(M * N), ms, 2.0 * M * N * K / (ms * 1e6));
    fails += bad != 0 || ovf != r.overflows;
    free(val), free(raw);
    gold_gemm_result_free(&r);
    gold_operand_free(&oa), gold_operand_free(&ob);
  }
  printf("%s\n", fails ? "FAIL: CPU and GPU disagree" : "ok: CPU and GPU bit-identical");
  return fails ? 1 : 0;
}
