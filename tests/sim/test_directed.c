/*
 * test_directed — SystemC runs whose cycle counts are computed by hand (docs/simulator.md):
 *   1 os, one tile, ideal memory, 8 x 8, K = 64:            2R + C + K - 2        = 86
 *   2 ws, one tile, ideal memory, k on 8 rows, m streamed 64: the same closed form = 86
 *   3 os, 3 folds of K = 4 < R = 8: overhead 22 + 3*4 + 2 bubbles of (8 - 4)        = 42
 *   4 DMA-bound: case 1 with DRAM 8 B/cycle, latency 100:
 *     1024 B in / 8 + 100 + 86 + 64 B out / 8 + 100                                  = 422
 *   5 bank conflicts: case 1 with a 32-bit x 8-bank SRAM and DRAM layout: A's column vector
 *     hits one bank, 8 accesses per step, 7 stall cycles x 64 steps: 86 + 448         = 534
 *   6 the same with the array layout (contiguous vectors): no conflict              = 86
 *   7 double buffering: K split into 4 tiles at DRAM (64 B/cycle, latency 10): first loads
 *     26 + 4 x 64 + overhead 22 + store 1 + latency 10                               = 315
 * Usage: test_directed [QUANTUM] — the figures must not depend on the quantum.
 */
#include <stdlib.h>

#include "unit.h"

#include "common/num.h"
#include "sim/sim.h"
#include "sim/sk.h"

typedef struct dc_case {
  arch_spec *a;
  ops_einsum es;
  map_target t;
  map_mapping m;
  sim_config cfg;
} dc_case;

static int dc_init(dc_case *c, arch_spec *a, uint64_t M, uint64_t N, uint64_t K) {
  com_err e = {0};
  c->a = a;
  if (sk_gemm(&c->es, M, N, K) || map_target_init(a, &c->es, &c->t, &e)) return -1;
  sk_map(&c->t, &c->m);
  sim_config_default(&c->cfg);
  return 0;
}

int main(int argc, char **argv) {
  uint64_t q = 1000;
  if (argc > 1 && com_parse_u64(argv[1], &q) != COM_NUM_OK) return 2;
  static dc_case c[7];
  arch_spec *ideal = sk_arch(16, 1, 1 << 20, 64, 8, 8, 8);
  arch_spec *slow = sk_arch(8, 1, 1 << 20, 64, 8, 8, 8);
  arch_spec *narrow = sk_arch(16, 1, 1 << 20, 32, 8, 8, 8);
  arch_spec *fast = sk_arch(64, 1, 1 << 20, 64, 8, 8, 8);
  int bad = 0;
  bad |= dc_init(&c[0], ideal, 8, 8, 64);
  c[0].m.lv[1].t[SK_K] = 64;
  c[0].m.lv[1].sy[SK_M] = 8;
  c[0].m.lv[1].sx[SK_N] = 8;
  sk_perm(&c[0].m, 1, SK_K, SK_M, SK_N);
  for (int r = 0; r < 3; r++) c[0].m.lv[0].t[r] = 1;
  c[0].cfg.ideal_memory = true;

  bad |= dc_init(&c[1], ideal, 64, 8, 8);
  for (int r = 0; r < 3; r++) c[1].m.lv[0].t[r] = 1;
  c[1].m.lv[1].t[SK_M] = 64;
  c[1].m.lv[1].sy[SK_K] = 8;
  c[1].m.lv[1].sx[SK_N] = 8;
  sk_perm(&c[1].m, 1, SK_M, SK_N, SK_K);
  c[1].cfg.ideal_memory = true;

  bad |= dc_init(&c[2], ideal, 8, 24, 4);
  for (int r = 0; r < 3; r++) c[2].m.lv[0].t[r] = 1;
  c[2].m.lv[1].t[SK_K] = 4;
  c[2].m.lv[1].t[SK_N] = 3;
  c[2].m.lv[1].sy[SK_M] = 8;
  c[2].m.lv[1].sx[SK_N] = 8;
  sk_perm(&c[2].m, 1, SK_K, SK_N, SK_M);
  c[2].cfg.ideal_memory = true;

  bad |= dc_init(&c[3], slow, 8, 8, 64);
  c[3].m = c[0].m;
  c[3].cfg.dram_latency = 100;

  bad |= dc_init(&c[4], narrow, 8, 8, 64);
  c[4].m = c[0].m;
  c[4].cfg.ideal_memory = true;
  c[4].cfg.dram_layout = true;

  bad |= dc_init(&c[5], narrow, 8, 8, 64);
  c[5].m = c[0].m;
  c[5].cfg.ideal_memory = true;

  bad |= dc_init(&c[6], fast, 8, 8, 256);
  c[6].m = c[0].m;
  c[6].m.lv[0].t[SK_K] = 4;
  c[6].cfg.dram_latency = 10;
  if (bad) {
    fprintf(stderr, "setup failed\n");
    return 1;
  }
  sim_job jobs[7];
  for (int i = 0; i < 7; i++) {
    com_err e = {0};
    if (map_mapping_check(&c[i].t, &c[i].m, &e)) fprintf(stderr, "case %d: %s\n", i + 1, e.msg);
    jobs[i] = (sim_job){&c[i].t, &c[i].m, &c[i].cfg};
  }
  sim_config run;
  sim_config_default(&run);
  run.quantum = q;
  sim_result r[7];
  sim_stats st;
  com_err e = {0};
  int rc = sim_run(jobs, 7, &run, r, &st, &e);
  if (rc) fprintf(stderr, "%s\n", e.msg);
  CHECK(rc == 0);
  CHECK_U64(r[0].cycles, 86);
  CHECK_U64(r[0].compute, 64);
  CHECK_U64(r[0].fill_drain, 22);
  CHECK_U64(r[1].cycles, 86);
  CHECK_U64(r[2].cycles, 42);
  CHECK_U64(r[2].bubble, 8);
  CHECK_U64(r[3].cycles, 422);
  CHECK_U64(r[3].dram_read_bytes, 1024);
  CHECK_U64(r[3].dram_write_bytes, 64);
  CHECK_U64(r[3].dma_stall, 422 - 86);
  CHECK_U64(r[4].cycles, 534);
  CHECK_U64(r[4].bank, 448);
  CHECK_U64(r[5].cycles, 86);
  CHECK_U64(r[6].cycles, 315);
  CHECK_U64(r[6].tiles, 4);
  CHECK_U64(r[6].bursts, 1);
  /* the analytical model agrees on the compute-bound single tiles up to its +1 (depth vs
   * depth - 1 in the skew) */
  CHECK_U64(r[0].analytical_compute, 87);
  CHECK_U64(st.quantum, q);
  CHECK(sim_ran());
  CHECK(sim_run(jobs, 1, &run, r, &st, &e) == -1); /* once per process */
  for (int i = 0; i < 7; i++) printf("case %d: %llu cycles\n", i + 1, (unsigned long long)r[i].cycles);
  UNIT_DONE();
}
