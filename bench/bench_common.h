/*
 * bench_common — shared set-up of the mapper benchmarks: load a preset, build a GEMM or a
 * conv2d einsum with one format on every tensor. Benchmarks print figures; they never fail on
 * timings.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdio.h>
#include <time.h>

#include "arch/arch.h"
#include "ops/einsum.h"

static inline double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int bench_einsum(ops_einsum *es, const char *expr, const ops_rank_decl *r, int n,
                               const char *fmt) {
  com_err e = {0};
  com_loc loc = {"bench", 1, 1};
  const ops_format *f = ops_format_find(fmt);
  if (ops_einsum_parse(expr, loc, r, n, OPS_EINSUM_STRICT, es, &e) ||
      ops_tensor_set_format(&es->in[0], f, loc, &e) ||
      ops_tensor_set_format(&es->in[1], f, loc, &e) || ops_tensor_set_format(&es->out, f, loc, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return -1;
  }
  return 0;
}

static inline arch_spec *bench_arch(const char *path) {
  arch_spec *a = NULL;
  com_err e = {0};
  if (arch_load_file(path, &a, &e)) fprintf(stderr, "%s\n", e.msg);
  return a;
}

static const ops_rank_decl bench_gemm[] = {{"m", 1024, {0}}, {"n", 1024, {0}}, {"k", 1024, {0}}};
#define BENCH_GEMM "Z[m,n] += A[m,k] * B[k,n]"
/* ResNet-50 conv3_x 3x3 layer: C = K = 128, 28x28 output, stride 1 (input padded to 30x30). */
static const ops_rank_decl bench_conv[] = {{"n", 1, {0}},  {"k", 128, {0}}, {"c", 128, {0}},
                                           {"p", 28, {0}}, {"q", 28, {0}},  {"r", 3, {0}},
                                           {"s", 3, {0}}};
#define BENCH_CONV "O[n,k,p,q] += I[n,c,p+r,q+s] * W[k,c,r,s]"

#endif
