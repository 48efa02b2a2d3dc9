/* test_cuda — CPU-vs-GPU agreement of the golden kernels: the GPU GEMM (gold_dot per element)
 * must give the CPU scalar path's bits for several formats, accumulators and orders, and the GPU
 * 1-pass attention (gold_att_1pass_row per query row) the CPU 1-pass bits for several formats,
 * masks and tile sizes; prints GPU throughput. argv[1]: GEMM size (96), argv[2]: attention
 * sequence length (200). Exits 77 (skip) when no GPU is present. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden/cuda/gold_cuda.h"
#include "golden/gemm_int.h"

/* One attention case: CPU gold_attention 1-pass vs gold_cuda_attention. Returns the number of
 * differing output elements (bit patterns; NaN matches NaN), or -1 on an error. */
static long long att_case(uint64_t sq, uint64_t sk, uint64_t d, const char *fmt, const char *pfmt, bool causal,
                          unsigned tile_k) {
  uint64_t x = 987654321;
  float *q = malloc(sq * d * 4), *k = malloc(sk * d * 4), *v = malloc(sk * d * 4);
  float *oc = malloc(sq * d * 4), *og = malloc(sq * d * 4);
  for (uint64_t i = 0; i < sq * d; i++) x = x * 6364136223846793005ull + 1, q[i] = (float)((int64_t)(x >> 40) % 2000) / 700.0f;
  for (uint64_t i = 0; i < sk * d; i++) x = x * 6364136223846793005ull + 1, k[i] = (float)((int64_t)(x >> 40) % 2000) / 700.0f;
  for (uint64_t i = 0; i < sk * d; i++) x = x * 6364136223846793005ull + 1, v[i] = (float)((int64_t)(x >> 40) % 2000) / 900.0f;
  gold_att_spec s = gold_att_spec_default();
  s.cascade = GOLD_ATT_1PASS, s.causal = causal, s.tile_k = tile_k, s.threads = 2;
  s.q_fmt = s.k_fmt = s.v_fmt = s.o_fmt = &ops_format_find(fmt)->fp;
  s.p_fmt = &ops_format_find(pfmt)->fp;
  com_err e = {0};
  gold_att_row_cfg rc;
  gold_mf in[3];
  int has[3];
  double ms = 0;
  char err[256];
  long long bad = -1;
  if (gold_attention(&s, q, k, v, sq, sk, d, d, oc, &e) || gold_att_row_setup(&s, sq, sk, d, d, &rc, in, has, &e)) {
    printf("%s\n", e.msg);
  } else if (gold_cuda_attention(&rc, has[0] ? &in[0] : NULL, has[1] ? &in[1] : NULL, has[2] ? &in[2] : NULL, q, k, v,
                                 og, &ms, err, sizeof err)) {
    printf("%s\n", err);
  } else {
    bad = 0;
    for (uint64_t i = 0; i < sq * d; i++) bad += !(memcmp(&oc[i], &og[i], 4) == 0 || (oc[i] != oc[i] && og[i] != og[i]));
    printf("attention 1-pass %-8s P %-8s %s tile_k %3u, %llu x %llu x %llu: %lld/%llu elements differ from the CPU, "
           "GPU %.3f ms, %.2f GFLOP/s\n", fmt, pfmt, causal ? "causal" : "full  ", tile_k, (unsigned long long)sq,
           (unsigned long long)sk, (unsigned long long)d, bad, (unsigned long long)(sq * d), ms,
           4.0 * sq * sk * d / (ms * 1e6));
  }
  free(q), free(k), free(v), free(oc), free(og);
  return bad;
}

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
  uint64_t sa = argc > 2 ? strtoull(argv[2], NULL, 10) : 200;
  const char *acases[][2] = {{"fp16", "fp16"}, {"bf16", "fp8_e4m3"}, {"fp32", "fp32"}, {"fp8_e5m2", "fp16"}};
  for (size_t c = 0; c < sizeof acases / sizeof acases[0]; c++)
    fails += att_case(sa, sa + 56, 64, acases[c][0], acases[c][1], c % 2 == 1, c == 2 ? 17 : 64) != 0;
  printf("%s\n", fails ? "FAIL: CPU and GPU disagree" : "ok: CPU and GPU bit-identical");
  return fails ? 1 : 0;
}
