/*
 * test_func — the simulator's functional mode (sim/core/func.h): int8 x int8 -> int32 GEMMs on
 * several mappings (tilings, dataflows, spatial K splits) bit-identical to the golden GEMM; an
 * exact accumulator bit-identical on any order; fp8_e4m3 and fp16 with fp32 accumulation bit-identical
 * to golden in the hardware's order (k-sequential, k-tiled:T) and within the bound otherwise; a
 * mapping whose reduction order differs changes fp32 results but not int results; a strided
 * 1-D convolution (affine indices); .npy inputs (values checked by hand) and their errors; the
 * seeded generator; unsupported einsums, formats and the memory limit as clear errors.
 */
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

#include "common/npy.h"
#include "sim/core/func.h"
#include "sk.h"

typedef struct fn_env {
  arch_spec *a;
  ops_einsum es;
  map_target t;
  map_mapping m;
} fn_env;

/* The sk architecture (8 x 8 array, 1 MiB SRAM) on einsum expr over ranks; fmt "int8" keeps
 * the int8 -> int32 unit, a float format (fp8_e4m3, fp16) makes it fmt -> fp32 (tensors
 * likewise, output fp32). */
static int fn_setup(fn_env *v, const char *expr, const ops_rank_decl *r, int nr, const char *fmt) {
  com_err e = {0};
  com_loc loc = {"test", 1, 1};
  memset(v, 0, sizeof *v);
  v->a = sk_arch(16, 1, 1 << 20, 64, 8, 8, 8);
  bool fl = strcmp(fmt, "int8") != 0;
  const ops_format *in = ops_format_find(fl ? fmt : "int8"), *out = ops_format_find(fl ? "fp32" : "int32");
  arch_unit *u = &v->a->arrays[0].units[0];
  if (fl) {
    u->inputs[0] = u->inputs[1] = in;
    u->acc = out;
  }
  u->ops |= (1u << ARCH_OP_ADD) | (1u << ARCH_OP_MAX); /* so that a max= einsum maps (and is refused) */
  v->a->arrays[0].ops = u->ops;
  int rc = ops_einsum_parse(expr, loc, r, nr, OPS_EINSUM_STRICT, &v->es, &e);
  for (int i = 0; !rc && i < v->es.ninputs; i++) rc = ops_tensor_set_format(&v->es.in[i], in, loc, &e);
  if (!rc) rc = ops_tensor_set_format(&v->es.out, out, loc, &e);
  if (!rc) rc = map_target_init(v->a, &v->es, &v->t, &e);
  if (rc) {
    fprintf(stderr, "setup: %s\n", e.msg);
    free(v->a);
    v->a = NULL;
    return -1;
  }
  sk_map(&v->t, &v->m);
  for (int j = 0; j < v->m.nlevels; j++)
    for (int i = 0; i < v->m.nranks; i++) v->m.lv[j].perm[i] = (int8_t)i;
  return 0;
}

static int fn_gemm(fn_env *v, uint64_t M, uint64_t N, uint64_t K, const char *fmt) {
  ops_rank_decl r[3] = {{"m", M, {0}}, {"n", N, {0}}, {"k", K, {0}}};
  return fn_setup(v, "Z[m,n] += A[m,k] * B[k,n]", r, 3, fmt);
}

/* Factors of rank r at level j: temporal t, spatial x, y. */
static void fn_f(fn_env *v, int j, int r, uint64_t t, uint64_t x, uint64_t y) {
  v->m.lv[j].t[r] = t, v->m.lv[j].sx[r] = x, v->m.lv[j].sy[r] = y;
}

/* Runs and checks it completed; returns r.ok (the caller frees r). */
static bool fn_run(fn_env *v, const sim_func_opts *o, sim_func_result *r) {
  com_err e = {0};
  if (sim_func_run(&v->t, &v->m, o, r, &e)) {
    fprintf(stderr, "sim_func_run: %s\n", e.msg);
    memset(r, 0, sizeof *r);
    return false;
  }
  return r->ok;
}

static bool fn_same(const sim_func_result *a, const sim_func_result *b) {
  return a->out && b->out && a->elems == b->elems && memcmp(a->out, b->out, a->elems * sizeof(double)) == 0;
}

/* GEMM 24 x 20 x 64 mappings: 0 K all temporal at DRAM (os: m, n on the array); 1 K split over
 * the 8 rows, 8 DRAM tiles (ws); 2 K tiles at the SRAM level, K innermost there, n outer; 3 K
 * over rows and columns (4 x 2), m spatial nowhere. */
static void fn_gemm_map(fn_env *v, int which) {
  sk_map(&v->t, &v->m);
  if (which == 0) {
    fn_f(v, 0, SK_M, 3, 1, 1), fn_f(v, 0, SK_N, 5, 1, 1), fn_f(v, 0, SK_K, 64, 1, 1);
    fn_f(v, 1, SK_M, 1, 1, 8), fn_f(v, 1, SK_N, 1, 4, 1);
  } else if (which == 1) {
    fn_f(v, 0, SK_M, 24, 1, 1), fn_f(v, 0, SK_N, 5, 1, 1), fn_f(v, 0, SK_K, 8, 1, 1);
    fn_f(v, 1, SK_N, 1, 4, 1), fn_f(v, 1, SK_K, 1, 1, 8);
  } else if (which == 2) {
    fn_f(v, 0, SK_M, 3, 1, 1), fn_f(v, 0, SK_K, 4, 1, 1);
    fn_f(v, 1, SK_M, 1, 1, 8), fn_f(v, 1, SK_N, 5, 4, 1), fn_f(v, 1, SK_K, 16, 1, 1);
    sk_perm(&v->m, 1, SK_K, SK_M, SK_N);
  } else {
    fn_f(v, 0, SK_M, 24, 1, 1), fn_f(v, 0, SK_N, 20, 1, 1), fn_f(v, 0, SK_K, 8, 1, 1);
    fn_f(v, 1, SK_K, 1, 2, 4);
  }
}

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

static int fn_write(const char *path, com_npy_dtype dt, uint64_t r, uint64_t c, const double *v) {
  com_npy a;
  com_err e = {0};
  uint64_t shape[2] = {r, c};
  memset(&a, 0, sizeof a);
  if (com_npy_alloc(&a, dt, 2, shape, &e)) return -1;
  for (uint64_t i = 0; i < r * c; i++) {
    if (dt == COM_NPY_I1) ((int8_t *)a.data)[i] = (int8_t)v[i];
    else if (dt == COM_NPY_I4) ((int32_t *)a.data)[i] = (int32_t)v[i];
    else ((float *)a.data)[i] = (float)v[i];
  }
  int rc = com_npy_write(path, &a, &e);
  com_npy_free(&a);
  return rc;
}

static void test_npy(void) {
  fn_env v;
  if (fn_gemm(&v, 4, 3, 8, "int8")) { CHECK(0); return; }
  fn_f(&v, 0, SK_K, 8, 1, 1), fn_f(&v, 1, SK_M, 1, 1, 4), fn_f(&v, 1, SK_N, 1, 3, 1);
  char dir[] = "/tmp/test_func_XXXXXX", pa[64], pb[64], pf[64];
  CHECK(mkdtemp(dir) != NULL);
  snprintf(pa, sizeof pa, "%s/a.npy", dir);
  snprintf(pb, sizeof pb, "%s/b.npy", dir);
  snprintf(pf, sizeof pf, "%s/f.npy", dir);
  double a[32], b[24];
  for (int i = 0; i < 32; i++) a[i] = (i % 8) - 3;          /* A[m,k] = k - 3 */
  for (int i = 0; i < 24; i++) b[i] = (i % 3 + 1) * 30 - 1; /* B[k,n] = 30 (n+1) - 1 */
  CHECK(fn_write(pa, COM_NPY_I1, 4, 8, a) == 0);
  CHECK(fn_write(pb, COM_NPY_I1, 8, 3, b) == 0);
  CHECK(fn_write(pf, COM_NPY_F4, 8, 3, b) == 0);
  sim_func_opts o = sim_func_opts_default();
  o.nfiles = 2;
  strcpy(o.files[0].tensor, "A"), strcpy(o.files[0].path, pa);
  strcpy(o.files[1].tensor, "B"), strcpy(o.files[1].path, pb);
  sim_func_result r;
  CHECK(fn_run(&v, &o, &r));
  if (r.out) /* sum_k (k - 3) = 4, times B's column value */
    for (int i = 0; i < 12; i++) CHECK_NEAR(r.out[i], 4.0 * ((i % 3 + 1) * 30 - 1), 0);
  sim_func_result_free(&r);
  com_err e = {0};
  strcpy(o.files[0].path, pb); /* 8 x 3 where A is 4 x 8 */
  CHECK(sim_func_run(&v.t, &v.m, &o, &r, &e) == -1);
  CHECK(strstr(e.msg, "must have shape (4, 8)") != NULL);
  CHECK(e.kind == COM_EINPUT);
  strcpy(o.files[0].path, pa), strcpy(o.files[1].path, pf); /* float data for an int8 datapath */
  CHECK(sim_func_run(&v.t, &v.m, &o, &r, &e) == -1);
  CHECK(strstr(e.msg, "integer code") != NULL);
  b[5] = 300; /* an int32 file whose code does not fit int8 */
  CHECK(fn_write(pf, COM_NPY_I4, 8, 3, b) == 0);
  CHECK(sim_func_run(&v.t, &v.m, &o, &r, &e) == -1);
  CHECK(strstr(e.msg, "code 300 is outside int8's range [-128, 127]") != NULL);
  unlink(pa), unlink(pb), unlink(pf), rmdir(dir);
  free(v.a);
}

static void test_seed(void) {
  fn_env v;
  if (fn_gemm(&v, 24, 20, 64, "fp8_e4m3")) { CHECK(0); return; }
  fn_gemm_map(&v, 1);
  sim_func_opts o = sim_func_opts_default();
  sim_func_result a, b, c;
  o.seed = 7;
  CHECK(fn_run(&v, &o, &a));
  CHECK(fn_run(&v, &o, &b));
  o.seed = 8;
  CHECK(fn_run(&v, &o, &c));
  CHECK(fn_same(&a, &b));
  CHECK(!fn_same(&a, &c));
  sim_func_result_free(&a), sim_func_result_free(&b), sim_func_result_free(&c);
  free(v.a);
}

static void test_errors(void) {
  fn_env v;
  com_err e = {0};
  sim_func_result r;
  sim_func_opts o = sim_func_opts_default();
  ops_rank_decl rk[2] = {{"m", 8, {0}}, {"k", 8, {0}}};
  CHECK(fn_setup(&v, "Z[m] max= A[m,k] + B[k]", rk, 2, "int8") == 0);
  if (v.a) {
    fn_f(&v, 0, 0, 8, 1, 1), fn_f(&v, 0, 1, 8, 1, 1);
    CHECK(sim_func_run(&v.t, &v.m, &o, &r, &e) == -1);
    CHECK(strstr(e.msg, "multiply-accumulate einsums of two inputs") != NULL);
    CHECK(sim_func_supported(&v.t, &o, &e) == -1);
    free(v.a);
  }
  if (fn_gemm(&v, 24, 20, 64, "int8")) { CHECK(0); return; }
  fn_gemm_map(&v, 0);
  CHECK(sim_func_supported(&v.t, &o, &e) == 0);
  o.max_elems = 1000;
  CHECK(sim_func_run(&v.t, &v.m, &o, &r, &e) == -1);
  CHECK(strstr(e.msg, "above its limit of 1000") != NULL);
  o.max_elems = 0;
  v.a->arrays[0].units[0].inputs[0] = ops_format_find("mxfp8_e4m3");
  CHECK(sim_func_run(&v.t, &v.m, &o, &r, &e) == -1);
  CHECK(strstr(e.msg, "block format mxfp8_e4m3") != NULL);
  CHECK(sim_func_supported(&v.t, &o, &e) == -1);
  v.a->arrays[0].units[0].inputs[0] = ops_format_find("int8");
  v.a->arrays[0].units[0].acc = ops_format_find("fp16");
  CHECK(sim_func_run(&v.t, &v.m, &o, &r, &e) == -1);
  CHECK(strstr(e.msg, "accumulates in fp16") != NULL);
  v.a->arrays[0].units[0].acc = ops_format_find("int32");
  v.m.lv[0].t[SK_K] = 32; /* factors no longer multiply to K */
  CHECK(sim_func_run(&v.t, &v.m, &o, &r, &e) == -1);
  CHECK(e.kind == COM_EINPUT);
  sim_func_tree tr;
  sim_func_dist di;
  CHECK(sim_func_tree_parse("linear", &tr, &e) == 0 && tr == SIM_FUNC_TREE_LINEAR);
  CHECK(sim_func_tree_parse("ring", &tr, &e) == -1);
  CHECK(sim_func_dist_parse("uniform", &di, &e) == 0 && di == SIM_FUNC_DIST_UNIFORM);
  CHECK(sim_func_dist_parse("cauchy", &di, &e) == -1);
  free(v.a);
}

/* The simulate.data node, the unused-name check and the printers. */
static void test_yaml(void) {
  const char *y = "data: {seed: 9, dist: uniform, reduction: linear, acc: exact, max_elems: 5000,\n"
                  "       A: a.npy, B: /abs/b.npy}\n";
  com_ydoc *doc = NULL;
  com_err e = {0};
  CHECK(com_ydoc_load_buffer("/dir/w.yaml", y, strlen(y), &doc, &e) == 0);
  if (!doc) return;
  sim_func_opts o = sim_func_opts_default();
  CHECK(sim_func_opts_yaml(com_yget(doc->root, "data"), &o, &e) == 0);
  CHECK_U64(o.seed, 9);
  CHECK(o.dist == SIM_FUNC_DIST_UNIFORM && o.tree == SIM_FUNC_TREE_LINEAR);
  CHECK(o.has_acc && o.acc.kind == GOLD_ACC_EXACT);
  CHECK_U64(o.max_elems, 5000);
  CHECK_U64(o.nfiles, 2);
  CHECK_STR(o.files[0].tensor, "A");
  CHECK_STR(o.files[0].path, "/dir/a.npy");
  CHECK_STR(o.files[1].path, "/abs/b.npy");
  fn_env v;
  if (fn_gemm(&v, 4, 4, 4, "int8") == 0) {
    const ops_einsum *es = &v.es;
    CHECK(sim_func_opts_unused(&o, &es, 1) == NULL);
    strcpy(o.files[1].tensor, "Bx");
    CHECK_STR(sim_func_opts_unused(&o, &es, 1), "Bx");
    fn_f(&v, 0, SK_M, 4, 1, 1), fn_f(&v, 0, SK_N, 4, 1, 1), fn_f(&v, 0, SK_K, 4, 1, 1);
    sim_func_opts g = sim_func_opts_default();
    sim_func_result r;
    CHECK(fn_run(&v, &g, &r));
    char buf[2048] = "";
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    if (f) {
      sim_func_print(f, "  ", "Z", &r);
      com_json j;
      com_json_init(&j, f);
      sim_func_json(&j, NULL, &r);
      com_json_finish(&j);
      fclose(f);
    }
    CHECK(strstr(buf, "functional Z: int8 x int8 -> acc fixed:32 -> int32, order k-sequential") != NULL);
    CHECK(strstr(buf, "bit identity required: ok") != NULL);
    CHECK(strstr(buf, "\"bit_identical\": true") != NULL || strstr(buf, "\"bit_identical\":true") != NULL);
    sim_func_result_free(&r);
    free(v.a);
  }
  com_ydoc_free(doc);
  const char *bad = "data: {acc: fixed:99}\n";
  CHECK(com_ydoc_load_buffer("w.yaml", bad, strlen(bad), &doc, &e) == 0);
  if (doc) {
    sim_func_opts o2 = sim_func_opts_default();
    CHECK(sim_func_opts_yaml(com_yget(doc->root, "data"), &o2, &e) == -1);
    CHECK(strstr(e.msg, "w.yaml:1:") != NULL);
    com_ydoc_free(doc);
  }
}

int main(void) {
  test_int_mappings();
  test_float_orders();
  test_tree();
  test_outer_split();
  test_loop_order();
  test_conv();
  test_npy();
  test_seed();
  test_errors();
  test_yaml();
  UNIT_DONE();
}
