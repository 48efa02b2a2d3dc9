/*
 * test_func_io — the functional mode's data and options: .npy inputs (values checked by hand)
 * and their errors (shape, dtype, codes out of range), the seeded generator, unsupported
 * einsums and formats, the memory limit, the simulate.data node and the text/JSON printers.
 */
#include <unistd.h>

#include "test_func_env.h"

#include "common/npy.h"

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
  test_npy();
  test_seed();
  test_errors();
  test_yaml();
  UNIT_DONE();
}
