/*
 * sim_speed — simulated cycles per host second of the cycle simulator (docs/simulator.md):
 * a 1024^3 int8 GEMM on the edge 32x32 preset and a 4096^3 int8 GEMM on the same preset
 * widened to a 128x128 array with an 8 MiB scratchpad, each on the mapping the mapper chooses
 * (objective latency), and the first GEMM again with a hand mapping of 32x32 output tiles
 * (1024 tiles: the simulator's cost is per tile, not per cycle). All run in one SystemC
 * elaboration (one per process). Prints cycles,
 * wall time, cycles/s, tiles and peak host memory. SCALE-Sim: 2-6 thousand cycles/s and
 * 3.3 GB for the first. A figure, never a pass/fail timing.
 * Usage: bench_sim_speed [PRESET_DIR] (default arch/presets, run from the repository root).
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench_common.h"
#include "mapper/search.h"
#include "sim/sim.h"

typedef struct sb_case {
  const char *name;
  arch_spec *a;
  ops_einsum es;
  map_target t;
  map_best best;
} sb_case;

static int sb_setup(sb_case *c, uint64_t n, com_err *e) {
  ops_rank_decl r[3] = {{"m", n, {0}}, {"n", n, {0}}, {"k", n, {0}}};
  if (bench_einsum(&c->es, "Z[m,n] += A[m,k] * B[k,n]", r, 3, "int8")) return -1;
  if (map_target_init(c->a, &c->es, &c->t, e)) return -1;
  map_options o;
  if (map_options_parse(NULL, NULL, &o, e)) return -1;
  o.objective = MAP_OBJ_LATENCY;
  o.time_limit_s = 60;
  double t0 = bench_now();
  if (map_search_einsum(&c->t, &o, 0, &c->best, e)) return -1;
  printf("%s: mapping searched in %.2f s (analytical %llu cycles)\n", c->name, bench_now() - t0,
         (unsigned long long)c->best.r.cycles);
  return 0;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "arch/presets";
  char path[4096];
  snprintf(path, sizeof path, "%s/edge-32x32.yaml", dir);
  static sb_case c[2];
  c[0].name = "gemm 1024^3 on 32x32";
  c[1].name = "gemm 4096^3 on 128x128";
  c[0].a = bench_arch(path);
  c[1].a = bench_arch(path);
  if (!c[0].a || !c[1].a) return 1;
  arch_array *ar = &c[1].a->arrays[0];
  ar->rows = ar->cols = 128;
  ar->pes = 128 * 128;
  c[1].a->levels[1].size_bytes = 8u << 20;
  com_err e = {0};
  for (int i = 0; i < 2; i++)
    if (sb_setup(&c[i], i ? 4096 : 1024, &e)) {
      fprintf(stderr, "%s: %s\n", c[i].name, e.msg);
      return 1;
    }
  map_mapping small; /* 1024 tiles of 32 x 32 outputs, K whole, os */
  map_mapping_init(&c[0].t, &small);
  small.lv[0].t[0] = small.lv[0].t[1] = 32;
  small.lv[0].t[2] = 1;
  small.lv[1].t[2] = 1024;
  small.lv[1].sy[0] = small.lv[1].sx[1] = 32;
  small.lv[1].perm[0] = 2;
  small.lv[1].perm[1] = 0;
  small.lv[1].perm[2] = 1;
  if (map_mapping_check(&c[0].t, &small, &e)) {
    fprintf(stderr, "hand mapping: %s\n", e.msg);
    return 1;
  }
  sim_job jobs[3];
  for (int i = 0; i < 2; i++) jobs[i] = (sim_job){&c[i].t, &c[i].best.m, NULL};
  jobs[2] = (sim_job){&c[0].t, &small, NULL};
  static const char *const names[3] = {"gemm 1024^3 on 32x32", "gemm 4096^3 on 128x128",
                                       "gemm 1024^3 on 32x32, 1024 tiles"};
  sim_config cfg;
  sim_config_default(&cfg);
  sim_result r[3];
  sim_stats st;
  if (sim_run(jobs, 3, &cfg, r, &st, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return 1;
  }
  for (int i = 0; i < 3; i++)
    printf("%s: %llu simulated cycles (analytical %llu), %llu tiles, %.4f s wall, %.3g cycles/s\n",
           names[i], (unsigned long long)r[i].cycles, (unsigned long long)r[i].analytical_cycles,
           (unsigned long long)r[i].tiles, r[i].wall_s,
           r[i].wall_s > 0 ? (double)r[i].cycles / r[i].wall_s : 0);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("total: %llu cycles in %.4f s (%.3g cycles/s), quantum %llu, peak host memory %ld KiB\n",
         (unsigned long long)st.cycles, st.wall_s, st.cycles_per_s, (unsigned long long)st.quantum,
         ru.ru_maxrss);
  for (int i = 0; i < 2; i++) arch_free(c[i].a);
  return 0;
}
