/*
 * test_func — the simulator's functional mode (sim/core/func.h), the datapath: int8 x int8 ->
 * int32 GEMMs on several mappings (tilings, dataflows, spatial K splits) bit-identical to the
 * golden GEMM, also through a wrapping register; an exact accumulator bit-identical on any
 * order; fp8_e4m3 and fp16 with fp32 accumulation bit-identical to golden in the hardware's
 * order (k-sequential, k-tiled:T) and within the bound otherwise; pairwise and linear spatial
 * reductions, inside the array and across instances above it; a mapping whose reduction order
 * differs changes fp32 results but not int results; a strided 1-D convolution (affine indices).
 */
#include "test_func_env.h"

static void test_int_mappings(void) {
  fn_env v;
  if (fn_gemm(&v, 24, 20, 64, "int8")) { CHECK(0); return; }
  sim_func_opts o = sim_func_opts_default();
  o.dist = SIM_FUNC_DIST_UNIFORM; /* full int8 range: sums up to 64 * 127^2 */
  sim_func_result r[4];
  const char *order[4] = {"k-sequential", "k-tiled:8", "k-sequential", "mapping"};
  for (int w = 0; w < 4; w++) {
    fn_gemm_map(&v, w);
    CHECK(fn_run(&v, &o, &r[w]));
    CHECK(r[w].must_match);
    CHECK(r[w].bit_identical);
    CHECK_U64(r[w].vs_golden.mismatches, 0);
    CHECK_U64(r[w].elems, 24 * 20);
    CHECK_U64(r[w].overflows, 0);
    CHECK_STR(r[w].acc, "fixed:32");
    CHECK_STR(r[w].order, order[w]);
    CHECK(w == 0 || fn_same(&r[0], &r[w]));
  }
  CHECK_U64(r[1].spatial_reductions, 1);
  CHECK_U64(r[3].spatial_reductions, 2);
  double big = 0; /* the data exercised the range */
  for (uint64_t i = 0; i < r[0].elems; i++) big = fabs(r[0].out[i]) > big ? fabs(r[0].out[i]) : big;
  CHECK(big > 30000);
  o.tree = SIM_FUNC_TREE_LINEAR; /* the same integers through a systolic chain */
  sim_func_result lin;
  fn_gemm_map(&v, 1);
  CHECK(fn_run(&v, &o, &lin));
  CHECK(lin.bit_identical && fn_same(&r[0], &lin));
  CHECK_STR(lin.order, "mapping");
  sim_func_result_free(&lin);
  /* a 12-bit register wraps: still golden's bits (wrapping sums are associative), overflows
   * counted, and the exact sums differ */
  o.has_acc = true;
  o.acc = (gold_acc){GOLD_ACC_FIXED, 12, 0};
  sim_func_result ov;
  fn_gemm_map(&v, 3);
  CHECK(fn_run(&v, &o, &ov));
  CHECK(ov.must_match && ov.bit_identical);
  CHECK(ov.overflows > 0);
  CHECK(ov.vs_exact.mismatches > 0);
  sim_func_result_free(&ov);
  for (int w = 0; w < 4; w++) sim_func_result_free(&r[w]);
  free(v.a);
}

/* fp8_e4m3 and fp16 inputs, fp32 accumulator, on the four GEMM mappings. */
static void test_float_orders(void) {
  const char *fmts[2] = {"fp8_e4m3", "fp16"};
  for (int f = 0; f < 2; f++) {
    fn_env v;
    if (fn_gemm(&v, 24, 20, 64, fmts[f])) { CHECK(0); return; }
    sim_func_opts o = sim_func_opts_default();
    o.seed = 11;
    sim_func_result r[4];
    const char *order[4] = {"k-sequential", "k-tiled:8", "k-sequential", "mapping"};
    for (int w = 0; w < 4; w++) {
      fn_gemm_map(&v, w);
      CHECK(fn_run(&v, &o, &r[w]));
      CHECK_STR(r[w].acc, "fp32");
      CHECK_STR(r[w].order, order[w]);
      CHECK(r[w].within_bound);
      CHECK(r[w].bound_ratio < 1);
      CHECK_U64(r[w].vs_exact.n, r[w].elems);
      printf("%s mapping %d (%s): vs golden max ulp %llu, vs exact max ulp %llu, max abs %.3g, "
             "error/bound %.3g\n", fmts[f], w, r[w].order, (unsigned long long)r[w].vs_golden.max_ulp,
             (unsigned long long)r[w].vs_exact.max_ulp, r[w].vs_exact.max_abs, r[w].bound_ratio);
    }
    /* golden can spell orders 0-2: bit for bit */
    for (int w = 0; w < 3; w++) CHECK(r[w].must_match && r[w].bit_identical);
    CHECK(!r[3].must_match);
    CHECK(fn_same(&r[0], &r[2])); /* the same order through another tiling */
    CHECK(fn_same(&r[1], &r[3])); /* 4 x 2 nested pairwise adders = the 8-leaf pairwise tree */
    if (f == 1) { /* fp16 products (22 bits) round in fp32 sums: the K split shows */
      CHECK(!fn_same(&r[0], &r[1]));
      CHECK(r[0].vs_exact.max_ulp > 0);
    }
    /* an exact accumulator ignores the order: bit-identical on the mapping golden cannot spell */
    o.has_acc = true;
    o.acc.kind = GOLD_ACC_EXACT;
    sim_func_result x0, x3;
    fn_gemm_map(&v, 0);
    CHECK(fn_run(&v, &o, &x0));
    fn_gemm_map(&v, 3);
    CHECK(fn_run(&v, &o, &x3));
    CHECK(x3.must_match && x3.bit_identical && fn_same(&x0, &x3));
    CHECK_STR(x3.acc, "exact");
    CHECK_U64(x3.vs_exact.mismatches, 0);
    sim_func_result_free(&x0);
    sim_func_result_free(&x3);
    for (int w = 0; w < 4; w++) sim_func_result_free(&r[w]);
    free(v.a);
  }
}

/* K = 8 all on the rows: a linear chain from 0 is k-sequential, the adder tree k-tiled:8;
 * a linear chain inside DRAM K tiles has no golden spelling but stays within the bound. */
static void test_tree(void) {
  fn_env v;
  if (fn_gemm(&v, 8, 8, 8, "fp16")) { CHECK(0); return; }
  fn_f(&v, 0, SK_M, 8, 1, 1), fn_f(&v, 1, SK_N, 1, 8, 1), fn_f(&v, 1, SK_K, 1, 1, 8);
  sim_func_opts o = sim_func_opts_default();
  sim_func_result lin, pw;
  o.tree = SIM_FUNC_TREE_LINEAR;
  CHECK(fn_run(&v, &o, &lin));
  CHECK_STR(lin.order, "k-sequential");
  CHECK(lin.bit_identical);
  o.tree = SIM_FUNC_TREE_PAIRWISE;
  CHECK(fn_run(&v, &o, &pw));
  CHECK_STR(pw.order, "k-tiled:8");
  CHECK(pw.bit_identical);
  sim_func_result_free(&lin), sim_func_result_free(&pw);
  com_err e = {0}; /* an fp16 output: the accumulator rounded once when stored, as golden does */
  CHECK(ops_tensor_set_format(&v.es.out, ops_format_find("fp16"), (com_loc){"test", 1, 1}, &e) == 0);
  CHECK(fn_run(&v, &o, &pw));
  CHECK(pw.bit_identical && pw.vs_golden.n == 64);
  CHECK_STR(pw.out_fmt, "fp16");
  ops_fmt_opts fo = ops_fmt_opts_default();
  bool on_grid = pw.out != NULL; /* every output is an fp16 value */
  for (uint64_t i = 0; on_grid && i < pw.elems; i++)
    on_grid = pw.out[i] == (double)ops_fmt_decode(&OPS_FP16, ops_fmt_encode(&OPS_FP16, (float)pw.out[i], &fo, 0));
  CHECK(on_grid);
  sim_func_result_free(&pw);
  free(v.a);
  if (fn_gemm(&v, 24, 20, 64, "fp16")) { CHECK(0); return; }
  fn_gemm_map(&v, 1);
  o.tree = SIM_FUNC_TREE_LINEAR;
  CHECK(fn_run(&v, &o, &lin));
  CHECK_STR(lin.order, "mapping");
  CHECK(!lin.must_match && lin.within_bound && lin.bound_ratio > 0);
  CHECK(!lin.bit_identical);
  printf("fp16 linear chain in 8 K tiles: vs golden k-sequential max ulp %llu, error/bound %.3g\n",
         (unsigned long long)lin.vs_golden.max_ulp, lin.bound_ratio);
  sim_func_result_free(&lin);
  free(v.a);
}

/* K split over two SRAM instances (above the array level: the tile program's outer instances),
 * each accumulating 32 terms in its own register. */
static void test_outer_split(void) {
  const char *fmts[2] = {"int8", "fp16"};
  for (int f = 0; f < 2; f++) {
    fn_env v;
    ops_rank_decl r[3] = {{"m", 16, {0}}, {"n", 16, {0}}, {"k", 64, {0}}};
    memset(&v, 0, sizeof v);
    if (fn_setup(&v, "Z[m,n] += A[m,k] * B[k,n]", r, 3, fmts[f])) { CHECK(0); return; }
    v.a->levels[0].mesh_x = 2; /* two SRAMs under the DRAM */
    v.a->levels[1].instances = 2;
    v.a->arrays[0].pes = 128; /* an 8 x 8 array under each SRAM */
    com_err e = {0};
    CHECK(map_target_init(v.a, &v.es, &v.t, &e) == 0);
    sk_map(&v.t, &v.m);
    fn_f(&v, 0, SK_M, 2, 1, 1), fn_f(&v, 0, SK_N, 2, 1, 1), fn_f(&v, 0, SK_K, 1, 2, 1);
    fn_f(&v, 1, SK_M, 1, 1, 8), fn_f(&v, 1, SK_N, 1, 8, 1), fn_f(&v, 1, SK_K, 32, 1, 1);
    sim_func_opts o = sim_func_opts_default();
    sim_func_result pw, lin;
    CHECK(fn_run(&v, &o, &pw));
    CHECK_STR(pw.order, "mapping");
    CHECK_U64(pw.spatial_reductions, 1);
    o.tree = SIM_FUNC_TREE_LINEAR; /* the partial sum passes from instance 0 to 1: k-sequential */
    CHECK(fn_run(&v, &o, &lin));
    CHECK_STR(lin.order, "k-sequential");
    CHECK(lin.bit_identical);
    if (f == 0) CHECK(pw.bit_identical && fn_same(&pw, &lin));
    else CHECK(pw.within_bound && !fn_same(&pw, &lin));
    sim_func_result_free(&pw), sim_func_result_free(&lin);
    free(v.a);
  }
}

/* Two reduction ranks: the golden order is c outer, r inner; a mapping with r outer reorders
 * the terms — fp32 moves (within the bound), integers do not. */
static void test_loop_order(void) {
  ops_rank_decl rk[4] = {{"m", 16, {0}}, {"n", 16, {0}}, {"c", 32, {0}}, {"r", 8, {0}}};
  const char *expr = "Z[m,n] += A[m,c,r] * B[c,r,n]";
  sim_func_result res[2][2];
  for (int f = 0; f < 2; f++) {
    fn_env v;
    if (fn_setup(&v, expr, rk, 4, f ? "fp16" : "int8")) { CHECK(0); return; }
    sim_func_opts o = sim_func_opts_default();
    o.seed = 5;
    for (int w = 0; w < 2; w++) {
      sk_map(&v.t, &v.m);
      fn_f(&v, 0, 0, 2, 1, 1), fn_f(&v, 0, 1, 2, 1, 1), fn_f(&v, 0, 2, 32, 1, 1), fn_f(&v, 0, 3, 8, 1, 1);
      fn_f(&v, 1, 0, 1, 1, 8), fn_f(&v, 1, 1, 1, 8, 1);
      int8_t perm[2][4] = {{3, 2, 1, 0}, {2, 3, 1, 0}}; /* innermost first: r inner, then c inner */
      memcpy(v.m.lv[0].perm, perm[w], 4);
      CHECK(fn_run(&v, &o, &res[f][w]));
      CHECK_STR(res[f][w].order, w ? "mapping" : "k-sequential");
    }
    free(v.a);
  }
  CHECK(fn_same(&res[0][0], &res[0][1]));
  CHECK(res[0][1].bit_identical);
  CHECK(!fn_same(&res[1][0], &res[1][1]));
  CHECK(res[1][0].bit_identical);
  CHECK(res[1][1].within_bound && !res[1][1].bit_identical);
  CHECK(res[1][1].vs_golden.max_ulp > 0);
  for (int f = 0; f < 2; f++)
    for (int w = 0; w < 2; w++) sim_func_result_free(&res[f][w]);
}

/* A strided 1-D convolution Z[k,p] += I[c,2p+s] * W[k,c,s] on the array. */
static void test_conv(void) {
  ops_rank_decl rk[4] = {{"k", 8, {0}}, {"p", 12, {0}}, {"c", 6, {0}}, {"s", 3, {0}}};
  for (int f = 0; f < 2; f++) {
    fn_env v;
    if (fn_setup(&v, "Z[k,p] += I[c,p*2+s] * W[k,c,s]", rk, 4, f ? "fp8_e4m3" : "int8")) { CHECK(0); return; }
    fn_f(&v, 0, 1, 12, 1, 1), fn_f(&v, 0, 2, 2, 1, 1);
    fn_f(&v, 1, 0, 1, 8, 1), fn_f(&v, 1, 2, 1, 1, 3), fn_f(&v, 1, 3, 3, 1, 1);
    sim_func_opts o = sim_func_opts_default();
    sim_func_result r;
    CHECK(fn_run(&v, &o, &r));
    CHECK_U64(r.terms, 18);
    CHECK_U64(r.elems, 96);
    CHECK(f ? r.within_bound : r.bit_identical);
    sim_func_result_free(&r);
    free(v.a);
  }
}

int main(void) {
  test_int_mappings();
  test_float_orders();
  test_tree();
  test_outer_split();
  test_loop_order();
  test_conv();
  UNIT_DONE();
}
