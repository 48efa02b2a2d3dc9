/*
 * bench_fusemax — the FuseMax reproduction table (docs/fusemax.md): BERT, TrXL, T5 and XLM
 * attention at batch 64 and sequence lengths 1K..1M; FLAT and the 1-pass cascade on
 * flat-cloud, the one-tile-at-a-time FuseMax architecture and full FuseMax on fusemax-cloud, all
 * by the fused analytical evaluator (mapper/fuse.h). Prints per point the speedup of each step
 * over FLAT, FuseMax's energy relative to FLAT and the arrays' utilizations, then the means next
 * to the published 6.7x / 79%. Usage: bench_fusemax [REPO_ROOT] (default "."). Exit 0, or 1 when
 * an architecture does not load or a point fails (the error is printed).
 */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "arch/arch.h"
#include "mapper/fuse.h"

typedef struct bf_model { const char *name; uint64_t heads, dim; } bf_model;

int main(int argc, char **argv) {
  const char *root = argc > 1 ? argv[1] : ".";
  static const bf_model models[] = {{"BERT", 12, 64}, {"TrXL", 16, 64}, {"T5", 8, 64}, {"XLM", 16, 128}};
  static const uint64_t lens[] = {1024, 4096, 16384, 65536, 262144, 1048576};
  char path[2][1024];
  snprintf(path[0], sizeof path[0], "%s/arch/presets/flat-cloud.yaml", root);
  snprintf(path[1], sizeof path[1], "%s/arch/presets/fusemax-cloud.yaml", root);
  arch_spec *flat = NULL, *fm = NULL;
  com_err e = {0};
  if (arch_load_file(path[0], &flat, &e) || arch_load_file(path[1], &fm, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    arch_free(flat);
    return 1;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  printf("FuseMax reproduction: batch 64, 16-bit, 940 MHz, DRAM 400 GiB/s; speedups over FLAT "
         "(flat-cloud), energy relative to FLAT\n");
  printf("%-5s %6s | %12s %5s | %7s %7s %7s | %6s %6s | %6s %6s | %s\n", "model", "seq",
         "FLAT cycles", "bound", "+casc", "+arch", "fusemax", "energy", "(casc)", "2D FL", "2D FM",
         "FuseMax bound");
  double s_sum = 0, e_sum = 0, s_log = 0, e_log = 0;
  int n = 0, rc = 0;
  for (size_t mi = 0; mi < sizeof models / sizeof *models; mi++)
    for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
      ops_attention_shape s = {64, models[mi].heads, lens[li], lens[li], models[mi].dim, false,
                               OPS_CASCADE_1PASS, OPS_SCHED_FUSEMAX};
      map_fuse_result rf, rc1, ra, rm;
      if (map_fuse_eval(&s, OPS_SCHED_FLAT, 2, flat, &rf, &e) ||
          map_fuse_eval(&s, OPS_SCHED_CASCADE, 2, flat, &rc1, &e) ||
          map_fuse_eval(&s, OPS_SCHED_ARCHITECTURE, 2, fm, &ra, &e) ||
          map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, fm, &rm, &e)) {
        printf("%-5s %6llu | %s\n", models[mi].name, (unsigned long long)lens[li], e.msg);
        rc = 1;
        continue;
      }
      double sp = (double)rf.cycles / (double)rm.cycles, en = rm.energy_pj / rf.energy_pj;
      printf("%-5s %5lluK | %12llu %5s | %6.2fx %6.2fx %6.2fx | %5.1f%% %5.1f%% | %6.3f %6.3f | %s\n",
             models[mi].name, (unsigned long long)(lens[li] / 1024), (unsigned long long)rf.cycles,
             rf.compute_cycles >= rf.memory_cycles ? "comp" : "mem",
             (double)rf.cycles / (double)rc1.cycles, (double)rf.cycles / (double)ra.cycles, sp,
             100 * en, 100 * rc1.energy_pj / rf.energy_pj, rf.util[MAP_FUSE_2D],
             rm.util[MAP_FUSE_2D], rm.compute_cycles >= rm.memory_cycles ? "compute" : "memory");
      s_sum += sp;
      e_sum += en;
      s_log += log(sp);
      e_log += log(en);
      n++;
    }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (n) {
    printf("\nmean over %d points: speedup %.2fx (geomean %.2fx), energy %.1f%% (geomean %.1f%%)\n", n,
           s_sum / n, exp(s_log / n), 100 * e_sum / n, 100 * exp(e_log / n));
    printf("published (FuseMax, MICRO 2024, 24 points): speedup 6.7x, energy 79%%\n");
  }
  printf("table computed in %.3f s\n",
         (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
  arch_free(flat);
  arch_free(fm);
  return rc;
}
