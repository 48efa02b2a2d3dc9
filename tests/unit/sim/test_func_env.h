/*
 * test_func_env — shared by the functional-mode tests (test_func*.c): the sk architecture on an
 * einsum with int8 -> int32 or float -> fp32 units, mappings set factor by factor, four
 * reference GEMM mappings, and result helpers. Header-only, test use only.
 */
#ifndef SIM_TEST_FUNC_ENV_H
#define SIM_TEST_FUNC_ENV_H

#include <stdlib.h>

#include "unit.h"

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
static inline int fn_setup(fn_env *v, const char *expr, const ops_rank_decl *r, int nr, const char *fmt) {
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

static inline int fn_gemm(fn_env *v, uint64_t M, uint64_t N, uint64_t K, const char *fmt) {
  ops_rank_decl r[3] = {{"m", M, {0}}, {"n", N, {0}}, {"k", K, {0}}};
  return fn_setup(v, "Z[m,n] += A[m,k] * B[k,n]", r, 3, fmt);
}

/* Factors of rank r at level j: temporal t, spatial x, y. */
static inline void fn_f(fn_env *v, int j, int r, uint64_t t, uint64_t x, uint64_t y) {
  v->m.lv[j].t[r] = t, v->m.lv[j].sx[r] = x, v->m.lv[j].sy[r] = y;
}

/* Runs and checks it completed; returns r.ok (the caller frees r). */
static inline bool fn_run(fn_env *v, const sim_func_opts *o, sim_func_result *r) {
  com_err e = {0};
  if (sim_func_run(&v->t, &v->m, o, r, &e)) {
    fprintf(stderr, "sim_func_run: %s\n", e.msg);
    memset(r, 0, sizeof *r);
    return false;
  }
  return r->ok;
}

static inline bool fn_same(const sim_func_result *a, const sim_func_result *b) {
  return a->out && b->out && a->elems == b->elems && memcmp(a->out, b->out, a->elems * sizeof(double)) == 0;
}

/* GEMM 24 x 20 x 64 mappings: 0 K all temporal at DRAM (os: m, n on the array); 1 K split over
 * the 8 rows, 8 DRAM tiles (ws); 2 K tiles at the SRAM level, K innermost there, n outer; 3 K
 * over rows and columns (4 x 2), m spatial nowhere. */
static inline void fn_gemm_map(fn_env *v, int which) {
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

#endif
