/* test_gemm — golden quantized GEMM: integer formats exact against an int64 reference, exact
 * accumulation against ops' independent Kulisch accumulator, the documented order dependence,
 * fast paths bit-identical to the scalar path, thread-count invariance. */
#include <stdlib.h>

#include "golden/arith.h"
#include "golden/golden.h"
#include "ops/fmt_arith.h"
#include "unit.h"

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
  return rng_state;
}
static float rndf(void) { return (float)((double)(rnd() >> 11) / 9007199254740992.0 * 2.0 - 1.0); }

static gold_gemm_result run(gold_gemm_spec s, const gold_matrix *a, const gold_matrix *b) {
  gold_gemm_result r;
  com_err e = {0};
  if (gold_gemm(&s, a, b, &r, &e)) fprintf(stderr, "gemm failed: %s\n", e.msg);
  return r;
}

static bool same_bits(const gold_gemm_result *x, const gold_gemm_result *y) {
  if (!x->c || !y->c || x->m != y->m || x->n != y->n) return false;
  return memcmp(x->c, y->c, (size_t)(x->m * x->n) * sizeof(float)) == 0;
}

static void test_int_exact(void) {
  enum { M = 37, K = 300, N = 29 };
  static int64_t ac[M * K], bc[K * N];
  for (int i = 0; i < M * K; i++) ac[i] = (int64_t)(rnd() % 255) - 127;
  for (int i = 0; i < K * N; i++) bc[i] = (int64_t)(rnd() % 256) - 128;
  gold_matrix a = {M, K, NULL, ac}, b = {K, N, NULL, bc};
  gold_gemm_spec s = gold_gemm_spec_default();
  s.a_fmt = s.b_fmt = ops_format_find("int8");
  gold_acc_parse("int32", &s.acc, NULL);
  for (int fast = 0; fast < 2; fast++) {
    s.no_fast = !fast;
    gold_gemm_result r = run(s, &a, &b);
    int bad = 0;
    for (int i = 0; i < M && r.raw; i++)
      for (int j = 0; j < N; j++) {
        int64_t ref = 0;
        for (int k = 0; k < K; k++) ref += ac[i * K + k] * bc[k * N + j];
        bad += r.raw[i * N + j] != ref || r.c[i * N + j] != (float)ref;
      }
    CHECK(r.raw != NULL);
    CHECK(bad == 0);
    CHECK_U64(r.overflows, 0);
    CHECK(r.fast == (fast == 1));
    gold_gemm_result_free(&r);
  }
  /* fixed:16 overflows: counted, and the register wraps (two's complement is associative) */
  gold_acc_parse("fixed:16", &s.acc, NULL);
  s.no_fast = false;
  gold_gemm_result r = run(s, &a, &b);
  int bad = 0;
  for (int i = 0; i < M && r.raw; i++)
    for (int j = 0; j < N; j++) {
      int64_t ref = 0;
      for (int k = 0; k < K; k++) ref += ac[i * K + k] * bc[k * N + j];
      bad += r.raw[i * N + j] != gold_wrap(ref, 16);
    }
  CHECK(bad == 0);
  CHECK(r.overflows > 0);
  CHECK(!r.fast);
  gold_gemm_result_free(&r);
  /* int16 x int16 over K = 300 needs 37 bits: the scalar path, still exact in fixed:48 */
  for (int i = 0; i < M * K; i++) ac[i] = (int64_t)(rnd() % 65535) - 32767;
  s.a_fmt = s.b_fmt = ops_format_find("int16");
  gold_acc_parse("fixed:48", &s.acc, NULL);
  r = run(s, &a, &b);
  bad = 0;
  for (int i = 0; i < M && r.raw; i++)
    for (int j = 0; j < N; j++) {
      int64_t ref = 0;
      for (int k = 0; k < K; k++) ref += ac[i * K + k] * bc[k * N + j];
      bad += r.raw[i * N + j] != ref;
    }
  CHECK(bad == 0);
  CHECK_U64(r.overflows, 0);
  gold_gemm_result_free(&r);
}

static void test_exact_acc(void) {
  enum { M = 9, K = 200, N = 11 };
  static float av[M * K], bv[K * N];
  for (int i = 0; i < M * K; i++) av[i] = ldexpf(rndf(), (int)(rnd() % 60) - 30);
  for (int i = 0; i < K * N; i++) bv[i] = ldexpf(rndf(), (int)(rnd() % 60) - 30);
  gold_matrix a = {M, K, av, NULL}, b = {K, N, bv, NULL};
  gold_gemm_spec s = gold_gemm_spec_default();
  gold_acc_parse("exact", &s.acc, NULL);
  const char *fmts[] = {"fp32", "fp8_e4m3", "bf16"};
  for (int f = 0; f < 3; f++) {
    s.a_fmt = s.b_fmt = ops_format_find(fmts[f]);
    gold_gemm_result r = run(s, &a, &b);
    ops_fmt_opts o = ops_fmt_opts_default();
    int bad = 0;
    for (int i = 0; i < M && r.c; i++)
      for (int j = 0; j < N; j++) {
        ops_fxacc acc;
        CHECK(ops_fxacc_init(&acc, 576, -300, OPS_FXACC_WRAP, OPS_ROUND_RNE, NULL) == 0);
        for (int k = 0; k < K; k++) {
          uint32_t ca = ops_fmt_encode(&s.a_fmt->fp, av[i * K + k], &o, 0);
          uint32_t cb = ops_fmt_encode(&s.b_fmt->fp, bv[k * N + j], &o, 0);
          ops_fxacc_add(&acc, ops_exact_mul(&s.a_fmt->fp, ca, &s.b_fmt->fp, cb));
        }
        float ref = ops_fmt_decode(&OPS_FP32, ops_fxacc_encode(&acc, &OPS_FP32, &o));
        bad += memcmp(&ref, &r.c[i * N + j], 4) != 0;
      }
    CHECK(bad == 0);
    gold_gemm_result_free(&r);
  }
}

static void test_order(void) {
  /* 1 + 3 * 2^-24: k-sequential rounds each tie to even (stays 1), k-tiled:2 keeps the two
   * small terms together, k-tiled:4 adds (1 + 2^-24) and (2^-24 + 2^-24) in a tree. */
  float av[4] = {1.0f, 0x1p-24f, 0x1p-24f, 0x1p-24f}, bv[4] = {1, 1, 1, 1};
  gold_matrix a = {1, 4, av, NULL}, b = {4, 1, bv, NULL};
  gold_gemm_spec s = gold_gemm_spec_default();
  const char *orders[] = {"k-sequential", "k-tiled:2", "k-tiled:4", "k-tiled:1"};
  float want[] = {1.0f, 1.0f + 0x1p-23f, 1.0f + 0x1p-23f, 1.0f};
  for (int o = 0; o < 4; o++) {
    CHECK(gold_order_parse(orders[o], &s.order, NULL) == 0);
    gold_gemm_result r = run(s, &a, &b);
    CHECK(r.c && r.c[0] == want[o]);
    gold_gemm_result_free(&r);
  }
  float av2[4] = {0x1p-24f, 0x1p-24f, 1.0f, 0x1p-24f};
  a.values = av2;
  gold_order_parse("k-sequential", &s.order, NULL);
  gold_gemm_result r = run(s, &a, &b); /* 2^-23 + 1 exact, + 2^-24 a tie to even 1 + 2^-22 */
  CHECK(r.c && r.c[0] == 1.0f + 0x1p-22f);
  gold_gemm_result_free(&r);
  gold_acc_parse("exact", &s.acc, NULL); /* 1 + 3 * 2^-24 rounded once: tie to even */
  r = run(s, &a, &b);
  CHECK(r.c && r.c[0] == 1.0f + 0x1p-22f);
  gold_gemm_result_free(&r);
}

/* Every fast kernel level (portable C, AVX+FMA, AVX-512, VNNI for int8, where the CPU has them)
 * and thread count gives the scalar path's bits; M spans several 48-row units with a partial micro-tile, N an odd
 * number of 16-column panels with a partial one, K several 128-element chunks. */
static void paths_case(uint64_t M, uint64_t K, uint64_t N) {
  float *av = malloc(M * K * sizeof *av), *bv = malloc(K * N * sizeof *bv);
  for (uint64_t i = 0; i < M * K; i++) av[i] = rndf() * 8;
  for (uint64_t i = 0; i < K * N; i++) bv[i] = rndf() * 3;
  gold_matrix a = {M, K, av, NULL}, b = {K, N, bv, NULL};
  const char *cases[][3] = {{"fp8_e4m3", "fp32", "k-sequential"}, {"fp32", "fp32", "k-sequential"},
                            {"bf16", "fp32", "k-tiled:8"},        {"mxfp4_e2m1", "fp32", "k-sequential"},
                            {"mxfp8_e4m3", "fp32", "k-sequential"}, {"fp8_e5m2", "fixed:40.20", "k-tiled:16"},
                            {"nvfp4", "fp32", "k-tiled:4"},       {"mxfp8_e5m2", "exact", "k-sequential"},
                            {"int8", "int32", "k-sequential"},    {"mxfp6_e2m3", "fp32", "k-sequential"}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    gold_gemm_spec s = gold_gemm_spec_default();
    s.a_fmt = s.b_fmt = ops_format_find(cases[c][0]);
    CHECK(gold_acc_parse(cases[c][1], &s.acc, NULL) == 0);
    CHECK(gold_order_parse(cases[c][2], &s.order, NULL) == 0);
    s.no_fast = true;
    gold_gemm_result ref = run(s, &a, &b);
    s.no_fast = false;
    unsigned threads[] = {1, 2, 7};
    for (int isa = GOLD_ISA_C; isa <= GOLD_ISA_VNNI; isa++)
      for (int t = 0; t < 3; t++) {
        s.threads = threads[t], s.fast_isa = isa;
        gold_gemm_result r = run(s, &a, &b);
        if (!same_bits(&r, &ref))
          fprintf(stderr, "case %s/%s/%s %llux%llux%llu isa %d threads %u differs\n", cases[c][0], cases[c][1],
                  cases[c][2], (unsigned long long)M, (unsigned long long)K, (unsigned long long)N, isa, threads[t]);
        CHECK(same_bits(&r, &ref));
        CHECK_U64(r.overflows, ref.overflows);
        gold_gemm_result_free(&r);
      }
    gold_gemm_result_free(&ref);
  }
  free(av), free(bv);
}

static void test_paths_threads(void) {
  paths_case(45, 100, 35);
  paths_case(101, 301, 53);
  paths_case(1, 1, 1);
  paths_case(7, 3, 17);
}

static void test_errors(void) {
  com_err e = {0};
  gold_acc acc;
  gold_order ord;
  CHECK(gold_acc_parse("fixed:99", &acc, &e) == -1);
  CHECK_STR(e.msg, "error: accumulator 'fixed:99': fixed:W[.F] needs a width W in 2..62 and fraction bits F in -64..64");
  CHECK(gold_order_parse("k-tiled:0", &ord, &e) == -1);
  CHECK_STR(e.msg, "error: unknown reduction order 'k-tiled:0' (expected k-sequential or k-tiled:T with T in 1..256)");
  float v[6] = {0};
  gold_matrix a = {2, 3, v, NULL}, b = {2, 3, v, NULL};
  gold_gemm_spec s = gold_gemm_spec_default();
  gold_gemm_result r;
  CHECK(gold_gemm(&s, &a, &b, &r, &e) == -1);
  CHECK_STR(e.msg, "error: A is 2 x 3 but B is 2 x 3: inner dimensions differ");
  int64_t codes[6] = {0, 1, 2, 3, 4, 300};
  gold_matrix ai = {2, 3, NULL, codes}, bi = {3, 2, NULL, codes};
  s.a_fmt = s.b_fmt = ops_format_find("int8");
  CHECK(gold_gemm(&s, &ai, &bi, &r, &e) == -1);
  CHECK_STR(e.msg, "error: code 300 at element 5 is outside int8's range [-128, 127]");
  s.a_fmt = ops_format_find("mxfp4_e2m1");
  CHECK(gold_gemm(&s, &a, &b, &r, &e) == -1);
}

static void test_kulisch(void) {
  gold_kul k;
  gold_kul_clear(&k);
  ops_fxacc ref;
  CHECK(ops_fxacc_init(&ref, 576, -300, OPS_FXACC_WRAP, OPS_ROUND_RNE, NULL) == 0);
  ops_fmt_opts o = ops_fmt_opts_default();
  int bad = 0;
  for (int i = 0; i < 5000; i++) {
    float x = ldexpf(rndf(), (int)(rnd() % 200) - 100), y = ldexpf(rndf(), (int)(rnd() % 200) - 100);
    gold_kul_add(&k, (double)x * y);
    ops_fxacc_add(&ref, ops_exact_mul(&OPS_FP32, ops_fmt_encode(&OPS_FP32, x, &o, 0), &OPS_FP32,
                                      ops_fmt_encode(&OPS_FP32, y, &o, 0)));
    if (i % 97 == 0) {
      bad += gold_kul_to_f64(&k, 0) != ops_fxacc_to_f64(&ref, false);
      bad += gold_kul_to_f64(&k, 1) != ops_fxacc_to_f64(&ref, true);
    }
  }
  CHECK(bad == 0);
  CHECK(gold_f32_add_f64(1.0f, 0x1p-24 + 0x1p-70) == 1.0f + 0x1p-23f);
  CHECK(gold_f32_add_f64(1.0f, 0x1p-24) == 1.0f);
}

int main(void) {
  test_int_exact();
  test_exact_acc();
  test_order();
  test_paths_threads();
  test_errors();
  test_kulisch();
  UNIT_DONE();
}
