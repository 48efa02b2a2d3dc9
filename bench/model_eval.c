/*
 * bench/model_eval — evaluations per second of the analytical model on one core: a 1024^3 GEMM
 * on simba-like (6 storage levels, fan-outs 4x4, 8 and 8) and a ResNet-50 conv layer on
 * eyeriss-like (5 levels, 14x12 fan-out), each with its best mapping found by the search,
 * evaluated back to back. Prints the figure; never fails on timings.
 */
#include <stdlib.h>

#include "bench_common.h"
#include "mapper/search.h"

static void run(const char *preset, const char *what, const char *expr, const ops_rank_decl *r,
                int n, const char *fmt, long iters) {
  arch_spec *a = bench_arch(preset);
  ops_einsum es;
  if (!a || bench_einsum(&es, expr, r, n, fmt)) { arch_free(a); return; }
  map_target t;
  com_err e = {0};
  map_options o = {.objective = MAP_OBJ_EDP, .time_limit_s = 60, .threads = 1, .seed = 1};
  map_best b;
  if (map_target_init(a, &es, &t, &e) || map_search_einsum(&t, &o, 1, &b, &e)) {
    fprintf(stderr, "%s: %s\n", what, e.msg);
    arch_free(a);
    return;
  }
  map_result res;
  double sink = 0, t0 = bench_now();
  for (long i = 0; i < iters; i++) {
    map_model_eval(&t, &b.m, &res);
    sink += (double)res.cycles;
  }
  double dt = bench_now() - t0;
  printf("%-10s on %-30s %d levels: %.3g evaluations/s on one core (%.0f ns each; %ld in %.3f s)%s\n",
         what, preset, t.nlevels, (double)iters / dt, dt / (double)iters * 1e9, iters, dt,
         sink > 0 ? "" : " ?");
  arch_free(a);
}

int main(int argc, char **argv) {
  long iters = argc > 1 ? atol(argv[1]) : 2000000;
  run("arch/presets/simba-like.yaml", "gemm1024", BENCH_GEMM, bench_gemm, 3, "int8", iters);
  run("arch/presets/eyeriss-like.yaml", "resnet-c3", BENCH_CONV, bench_conv, 7, "int16", iters);
  return 0;
}
