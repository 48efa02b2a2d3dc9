/*
 * bench/mapper — time to the best mapping: a 1024^3 GEMM on eyeriss-like, simba-like and
 * tpu-v1-like, and a ResNet-50 conv layer on eyeriss-like, on N threads (argv[1], default 2).
 * Prints the mapspace figures and the best mapping's cycles, energy and DRAM bytes.
 */
#include <stdlib.h>

#include "bench_common.h"
#include "mapper/search.h"

static void run(const char *preset, const char *what, const char *expr, const ops_rank_decl *r,
                int n, const char *fmt, int threads) {
  arch_spec *a = bench_arch(preset);
  ops_einsum es;
  if (!a || bench_einsum(&es, expr, r, n, fmt)) { arch_free(a); return; }
  map_target t;
  com_err e = {0};
  map_options o = {.objective = MAP_OBJ_EDP, .time_limit_s = 60, .threads = (uint64_t)threads, .seed = 1};
  map_best b;
  if (map_target_init(a, &es, &t, &e) || map_search_einsum(&t, &o, threads, &b, &e)) {
    fprintf(stderr, "%s on %s: %s\n", what, preset, e.msg);
    arch_free(a);
    return;
  }
  printf("%-10s %-28s %2d threads  %7.3f s  %s  tilings %llu  evaluated %llu  valid %llu "
         "(%.2g M eval/s)  cycles %llu  energy %.4g uJ  dram %llu B\n",
         what, preset, threads, b.st.seconds, b.st.exhausted ? "exhausted" : "TIME LIMIT",
         (unsigned long long)b.st.tilings, (unsigned long long)b.st.evaluated,
         (unsigned long long)b.st.valid, (double)b.st.evaluated / b.st.seconds / 1e6,
         (unsigned long long)b.r.cycles, b.r.energy_pj * 1e-6, (unsigned long long)b.r.dram_bytes);
  arch_free(a);
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  run("arch/presets/eyeriss-like.yaml", "gemm1024", BENCH_GEMM, bench_gemm, 3, "int16", threads);
  run("arch/presets/simba-like.yaml", "gemm1024", BENCH_GEMM, bench_gemm, 3, "int8", threads);
  run("arch/presets/tpu-v1-like.yaml", "gemm1024", BENCH_GEMM, bench_gemm, 3, "int8", threads);
  run("arch/presets/eyeriss-like.yaml", "resnet-c3", BENCH_CONV, bench_conv, 7, "int16", threads);
  return 0;
}
