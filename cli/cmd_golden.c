/* cmd_golden — `accel-sim golden gemm|attention`, `accel-sim compare` and `accel-sim vectors`:
 * the golden kernels on .npy tensors (see docs/golden.md). Exit 0 ok, 1 failure (compare:
 * outside tolerance), 2 usage or input error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/num.h"
#include "golden/tensor.h"

static const char gemm_help[] =
    "usage: accel-sim golden gemm --a A.npy --b B.npy --a-format F --b-format F --acc SPEC\n"
    "                             [--order k-sequential|k-tiled:T] [--out-format F] --out C.npy\n"
    "                             [--raw R.npy] [-j N]\n\n"
    "C = A B with A (M x K) and B (K x N) quantized to their formats (float .npy files) or given\n"
    "as codes (integer .npy files), accumulated in SPEC: fp32, fp64, exact, int32, fixed:W[.F].\n"
    "C is rounded (RNE) to --out-format (default fp32) and written as float32 values; --raw\n"
    "writes a fixed-point accumulator's register (int64). Results do not depend on -j.\n";
static const char att_help[] =
    "usage: accel-sim golden attention --q Q.npy --k K.npy --v V.npy --cascade 1-pass|3-pass|exact\n"
    "         [--causal] [--tile-q N --tile-k N] [--q-format F --k-format F --v-format F\n"
    "         --p-format F --o-format F] [--scale S] --out O.npy [-j N]\n\n"
    "O = softmax(scale Q K^T) V for 2-D Q (Sq x d), K (Sk x d), V (Sk x dv); formats are\n"
    "minifloats (default fp32); the causal mask is bottom-right aligned.\n";
static const char cmp_help[] =
    "usage: accel-sim compare X.npy Y.npy [--atol A] [--rtol R] [--ulp N]\n\n"
    "Compares X with the reference Y (same shape): prints the max abs/rel error, an fp32 ULP\n"
    "histogram and the first mismatches. An element mismatches when |x-y| > atol + rtol|y| and\n"
    "(with --ulp) it is more than N fp32 ulps away; NaN matches only NaN. Default: exact.\n"
    "Exit 0 within tolerance, 1 outside, 2 on bad input.\n";
static const char vec_help[] =
    "usage: accel-sim vectors --a A.npy --b B.npy --a-format F --b-format F --acc SPEC\n"
    "                         [--order O] [--out-format F] --dir DIR [-j N]\n\n"
    "Runs the golden GEMM and writes RTL test vectors for $readmemh into DIR: a.hex, b.hex\n"
    "(operand codes, row-major), c.hex (expected C codes), a_scale.hex / b_scale.hex for block\n"
    "formats, and vectors.txt (shapes and formats).\n";

static int report(com_err *e) { return cli_report_error(e->msg, e->kind); }

static int parse_u(const char *cmd, const char *opt, const char *v, unsigned lo, unsigned hi, unsigned *out) {
  uint64_t x;
  if (com_parse_u64(v, &x) != COM_NUM_OK || x < lo || x > hi)
    return cli_usage_error(cmd, "%s needs an integer in %u..%u, not '%s'", opt, lo, hi, v);
  *out = (unsigned)x;
  return 0;
}

static int find_fmt(const char *cmd, const char *opt, const char *name, const ops_format **out) {
  if (!name) return 0;
  *out = ops_format_find(name);
  if (!*out) return cli_usage_error(cmd, "%s: unknown format '%s'", opt, name);
  return 0;
}

/* Shared by gemm and vectors: parses, loads, runs. */
static int gemm_common(const char *cmd, const char *help, int argc, char **argv, bool vectors) {
  const char *av = 0, *bv = 0, *af = 0, *bf = 0, *acc = 0, *ord = 0, *of = 0, *out = 0, *raw = 0, *jv = 0;
  cli_opt opts[] = {{"--a", true, &av},          {"--b", true, &bv},       {"--a-format", true, &af},
                    {"--b-format", true, &bf},   {"--acc", true, &acc},    {"--order", true, &ord},
                    {"--out-format", true, &of}, {vectors ? "--dir" : "--out", true, &out},
                    {"--raw", true, &raw},       {"-j", true, &jv}};
  const char *pos[1];
  int npos, st = cli_args_parse(cmd, argc, argv, opts, 10, pos, 0, &npos);
  if (st == 1) { fputs(help, stdout); return CLI_OK; }
  if (st) return st;
  if (!av || !bv || !af || !bf || !acc || !out)
    return cli_usage_error(cmd, "--a, --b, --a-format, --b-format, --acc and %s are required", vectors ? "--dir" : "--out");
  gold_gemm_spec s = gold_gemm_spec_default();
  com_err e = {0};
  if (find_fmt(cmd, "--a-format", af, &s.a_fmt) || find_fmt(cmd, "--b-format", bf, &s.b_fmt) ||
      find_fmt(cmd, "--out-format", of, &s.out_fmt))
    return CLI_USAGE;
  if (gold_acc_parse(acc, &s.acc, &e) || (ord && gold_order_parse(ord, &s.order, &e))) return report(&e);
  if (jv && parse_u(cmd, "-j", jv, 1, 256, &s.threads)) return CLI_USAGE;
  gold_matrix a = {0}, b = {0};
  float *va = NULL, *vb = NULL;
  int64_t *ca = NULL, *cb = NULL;
  gold_gemm_result r = {0};
  int rc = CLI_OK;
  if (gold_npy_matrix(av, &a, &va, &ca, &e) || gold_npy_matrix(bv, &b, &vb, &cb, &e) ||
      gold_gemm(&s, &a, &b, &r, &e)) {
    rc = report(&e);
    goto done;
  }
  if (vectors) {
    if (gold_vectors_write(out, &s, &a, &b, &r, &e)) rc = report(&e);
  } else {
    com_npy c;
    uint64_t shape[2] = {r.m, r.n};
    if (com_npy_alloc(&c, COM_NPY_F4, 2, shape, &e) == 0) {
      memcpy(c.data, r.c, (size_t)(r.m * r.n) * sizeof(float));
      if (com_npy_write(out, &c, &e)) rc = report(&e);
      com_npy_free(&c);
    } else rc = report(&e);
    if (rc == CLI_OK && raw) {
      if (!r.raw) rc = cli_usage_error(cmd, "--raw needs a fixed-point accumulator");
      else if (com_npy_alloc(&c, COM_NPY_I8, 2, shape, &e) == 0) {
        memcpy(c.data, r.raw, (size_t)(r.m * r.n) * sizeof(int64_t));
        if (com_npy_write(raw, &c, &e)) rc = report(&e);
        com_npy_free(&c);
      } else rc = report(&e);
    }
  }
  if (rc == CLI_OK)
    printf("%s: C %llu x %llu, %s path, %llu overflow(s)\n", cmd, (unsigned long long)r.m,
           (unsigned long long)r.n, r.fast ? "fast" : "scalar", (unsigned long long)r.overflows);
done:
  gold_gemm_result_free(&r);
  free(va), free(vb), free(ca), free(cb);
  return rc;
}

static int load_rows(const char *path, uint64_t *rows, uint64_t *cols, float **v, com_err *e) {
  gold_matrix m = {0};
  int64_t *codes = NULL;
  if (gold_npy_matrix(path, &m, v, &codes, e)) return -1;
  if (codes) {
    free(codes);
    return com_err_file(e, path, "attention takes float arrays (f2/f4/f8), not integer codes");
  }
  *rows = m.rows, *cols = m.cols;
  return 0;
}

static int cmd_attention(int argc, char **argv) {
  const char *cmd = "golden attention";
  const char *q = 0, *k = 0, *v = 0, *cas = 0, *causal = 0, *tq = 0, *tk = 0, *out = 0, *jv = 0, *sc = 0;
  const char *fm[5] = {0};
  cli_opt opts[] = {{"--q", true, &q},          {"--k", true, &k},          {"--v", true, &v},
                    {"--cascade", true, &cas},  {"--causal", false, &causal}, {"--tile-q", true, &tq},
                    {"--tile-k", true, &tk},    {"--out", true, &out},      {"-j", true, &jv},
                    {"--scale", true, &sc},     {"--q-format", true, &fm[0]}, {"--k-format", true, &fm[1]},
                    {"--v-format", true, &fm[2]}, {"--p-format", true, &fm[3]}, {"--o-format", true, &fm[4]}};
  const char *pos[1];
  int npos, st = cli_args_parse(cmd, argc, argv, opts, 15, pos, 0, &npos);
  if (st == 1) { fputs(att_help, stdout); return CLI_OK; }
  if (st) return st;
  if (!q || !k || !v || !cas || !out) return cli_usage_error(cmd, "--q, --k, --v, --cascade and --out are required");
  gold_att_spec s = gold_att_spec_default();
  if (!strcmp(cas, "exact")) s.cascade = GOLD_ATT_EXACT;
  else if (!strcmp(cas, "3-pass")) s.cascade = GOLD_ATT_3PASS;
  else if (!strcmp(cas, "1-pass")) s.cascade = GOLD_ATT_1PASS;
  else return cli_usage_error(cmd, "unknown cascade '%s' (expected 1-pass, 3-pass or exact)", cas);
  s.causal = causal != NULL;
  if ((tq && parse_u(cmd, "--tile-q", tq, 1, 1u << 20, &s.tile_q)) ||
      (tk && parse_u(cmd, "--tile-k", tk, 1, 1u << 20, &s.tile_k)) ||
      (jv && parse_u(cmd, "-j", jv, 1, 256, &s.threads)))
    return CLI_USAGE;
  if (sc && (com_parse_f64(sc, &s.scale) != COM_NUM_OK || s.scale <= 0))
    return cli_usage_error(cmd, "--scale needs a positive number, not '%s'", sc);
  const ops_fmt_float **slot[5] = {&s.q_fmt, &s.k_fmt, &s.v_fmt, &s.p_fmt, &s.o_fmt};
  for (int i = 0; i < 5; i++) {
    const ops_format *f = NULL;
    if (find_fmt(cmd, "format", fm[i], &f)) return CLI_USAGE;
    if (f && f->cls != OPS_FMT_FLOAT) return cli_usage_error(cmd, "attention formats are minifloats; '%s' is not", f->name);
    if (f) *slot[i] = &f->fp;
  }
  com_err e = {0};
  float *qv = NULL, *kv = NULL, *vv = NULL, *o = NULL;
  uint64_t sq, d, sk, dk, sv, dv;
  int rc = CLI_OK;
  if (load_rows(q, &sq, &d, &qv, &e) || load_rows(k, &sk, &dk, &kv, &e) || load_rows(v, &sv, &dv, &vv, &e)) {
    rc = report(&e);
  } else if (dk != d || sv != sk) {
    rc = cli_usage_error(cmd, "shapes disagree: Q %llux%llu, K %llux%llu, V %llux%llu", (unsigned long long)sq,
                         (unsigned long long)d, (unsigned long long)sk, (unsigned long long)dk,
                         (unsigned long long)sv, (unsigned long long)dv);
  } else {
    com_npy on;
    uint64_t shape[2] = {sq, dv};
    if (com_npy_alloc(&on, COM_NPY_F4, 2, shape, &e) ||
        gold_attention(&s, qv, kv, vv, sq, sk, d, dv, (float *)on.data, &e) || com_npy_write(out, &on, &e))
      rc = report(&e);
    com_npy_free(&on);
  }
  free(qv), free(kv), free(vv), free(o);
  return rc;
}

int cli_cmd_golden(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs("usage: accel-sim golden gemm|attention [options]   (see accel-sim golden gemm --help)\n\n", argc < 2 ? stderr : stdout);
    fputs(gemm_help, argc < 2 ? stderr : stdout);
    return argc < 2 ? CLI_USAGE : CLI_OK;
  }
  if (!strcmp(argv[1], "gemm")) return gemm_common("golden gemm", gemm_help, argc - 1, argv + 1, false);
  if (!strcmp(argv[1], "attention")) return cmd_attention(argc - 1, argv + 1);
  return cli_usage_error("golden", "unknown kernel '%s' (expected gemm or attention)", argv[1]);
}

int cli_cmd_vectors(int argc, char **argv) { return gemm_common("vectors", vec_help, argc, argv, true); }

static int load_f64(const char *path, com_npy *a, double **v, com_err *e) {
  if (com_npy_read(path, a, e)) return -1;
  return gold_npy_to_f64(a, v, e);
}

int cli_cmd_compare(int argc, char **argv) {
  const char *at = 0, *rt = 0, *ut = 0, *pos[2];
  cli_opt opts[] = {{"--atol", true, &at}, {"--rtol", true, &rt}, {"--ulp", true, &ut}};
  int npos, st = cli_args_parse("compare", argc, argv, opts, 3, pos, 2, &npos);
  if (st == 1) { fputs(cmp_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 2) return cli_usage_error("compare", "expected two .npy files");
  double atol = 0, rtol = 0;
  uint64_t ulp = 0;
  if ((at && (com_parse_f64(at, &atol) != COM_NUM_OK || atol < 0)) ||
      (rt && (com_parse_f64(rt, &rtol) != COM_NUM_OK || rtol < 0)))
    return cli_usage_error("compare", "--atol and --rtol need non-negative numbers");
  if (ut && com_parse_u64(ut, &ulp) != COM_NUM_OK)
    return cli_usage_error("compare", "--ulp needs a non-negative integer, not '%s'", ut);
  com_npy x = {0}, y = {0};
  double *xv = NULL, *yv = NULL;
  com_err e = {0};
  int rc = CLI_OK;
  if (load_f64(pos[0], &x, &xv, &e) || load_f64(pos[1], &y, &yv, &e)) {
    rc = report(&e);
  } else if (x.ndim != y.ndim || memcmp(x.shape, y.shape, sizeof x.shape) != 0) {
    rc = cli_report_error("error: the two arrays have different shapes", COM_EINPUT);
  } else {
    gold_cmp c;
    bool any_tol = at || rt || ut;
    gold_compare(xv, yv, x.count, atol, rtol, ut ? (long long)ulp : (any_tol ? -1 : 0), &c);
    printf("elements      %llu\nmax abs error %.9g\nmax rel error %.9g\nmax ulp (fp32) %llu\n",
           (unsigned long long)c.n, c.max_abs, c.max_rel, (unsigned long long)c.max_ulp);
    static const char *bins[6] = {"0", "1", "2-3", "4-15", "16-255", ">=256"};
    printf("ulp histogram:");
    for (int i = 0; i < 6; i++) printf(" %s:%llu", bins[i], (unsigned long long)c.ulp_hist[i]);
    printf("\nmismatches    %llu\n", (unsigned long long)c.mismatches);
    for (unsigned i = 0; i < c.nfirst; i++)
      printf("  [%llu] %.9g vs %.9g\n", (unsigned long long)c.first[i], xv[c.first[i]], yv[c.first[i]]);
    rc = c.mismatches ? CLI_FAIL : CLI_OK;
  }
  free(xv), free(yv);
  com_npy_free(&x), com_npy_free(&y);
  return rc;
}
