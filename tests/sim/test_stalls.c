/*
 * test_stalls — SystemC runs whose per-engine busy / stalled-on-input / stalled-on-output /
 * idle cycles, DRAM row hits and misses, and VCD are checked by hand (docs/simulator.md,
 * "Engine stalls"). 8 x 8 os array, int8, DRAM 8 B/cycle (one channel, 64-byte bursts),
 * every tile single-buffered (the SRAM holds one copy of the tiles, not two); burst overhead
 * 2R + C - 2 = 22.
 *   S1 K = 128 split in 2 at DRAM, no DRAM latency (A, B 512 B per tile, Z 64 B once):
 *      A0 0-64, B0 64-128; tile 0 128-192; A1 may only load when tile 0 releases A0 (192):
 *      the load DMA stalls on output 128-192, loads A1 192-256, B1 256-320; tile 1 320-384
 *      (a new burst: fill/drain 22); drain to 406; store 406-414.
 *      load: busy 256, stalled on output 64, idle 94; array: busy 128, stalled on input
 *      128 + 128, idle 30; store: stalled on input 406, busy 8.           cycles 414
 *   S2 N = 16 split in 2 at DRAM, K = 2, no latency (A, B 16 B, Z 64 B per tile), 16-byte
 *      bursts, three channels of 8 B/cycle (A, B and Z each on its own: no queue order):
 *      A0, B0 0-2; tile 0 2-4, Z0 drained at 26; B1 waits for tile 0 (stalled 2-4), loads
 *      4-6; Z0 stored 26-34; tile 1 needs Z's buffer when its first results land, 22 cycles
 *      after its start: starts at 34 - 22 = 12, stalled on output 6-12; runs 12-14, drained
 *      at 36, stored 36-44.
 *      load: busy 4, stalled on output 2; array: busy 4, stalled on input 2 + 2, on output
 *      6, idle 30; store: busy 16, stalled on input 26 + 2.                 cycles 44
 *   S3 one tile K = 64 (A, B 512 B, Z 64 B), latency 100, DRAM rows (8 banks of 2 KiB rows,
 *      hit 1 cycle, miss 10): A, B and Z each open a row of bank 0 (a miss) and hit on
 *      their other bursts: 3 misses, 14 hits; 422 without rows (test_directed case 4)
 *      + 3 x 10 + 14 x 1.                                                    cycles 466
 * S1's action counts (DRAM reads and SRAM fills of A and B, DRAM updates of Z, MACs) are
 * checked by hand and its energy against the model's.
 * The VCD of the run (argv[2]) must parse: header, one $var per engine, strictly increasing
 * timestamps, and each wire's summed time at 1 equal to its engine's busy cycles.
 * Usage: test_stalls QUANTUM FILE.vcd (ST_TRACE=FILE.json also writes the Perfetto trace, to
 * check the timelines above by eye).
 */
#include <stdlib.h>

#include "unit.h"

#include "common/num.h"
#include "sim/sim.h"
#include "sim/sk.h"

typedef struct st_case {
  ops_einsum es;
  map_target t;
  map_mapping m;
  sim_config cfg;
} st_case;

/* An M x N x K GEMM with the K loop innermost at the SRAM (os, M on rows, N on columns). */
static int st_init(st_case *c, arch_spec *a, uint64_t M, uint64_t N, uint64_t K, uint64_t kd,
                   uint64_t nd) {
  com_err e = {0};
  if (sk_gemm(&c->es, M, N, K) || map_target_init(a, &c->es, &c->t, &e)) return -1;
  sk_map(&c->t, &c->m);
  c->m.lv[0].t[SK_K] = kd;
  c->m.lv[0].t[SK_N] = nd;
  c->m.lv[1].t[SK_K] = K / kd;
  c->m.lv[1].sy[SK_M] = 8;
  c->m.lv[1].sx[SK_N] = 8;
  sk_perm(&c->m, 1, SK_K, SK_M, SK_N);
  sim_config_default(&c->cfg);
  c->cfg.dram_latency = 0;
  if (map_mapping_check(&c->t, &c->m, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return -1;
  }
  return 0;
}

/* Checks the VCD: returns the summed busy cycles per wire in busy[] (0 on a parse error). */
static int st_vcd(const char *path, uint64_t busy[SIM_ENG_COUNT]) {
  static const char *const names[] = {"dma_load", "dma_store", "array"};
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  char line[256];
  int vars = 0, defs = 0, bad = 0;
  uint64_t now = 0, since[SIM_ENG_COUNT] = {0};
  int value[SIM_ENG_COUNT] = {0}, stamps = 0;
  while (fgets(line, sizeof line, f)) {
    char id, name[64];
    if (sscanf(line, "$var wire 1 %c %63s $end", &id, name) == 2) {
      bad |= id != '!' + vars || vars >= SIM_ENG_COUNT || strcmp(name, names[vars]) != 0;
      vars++;
    } else if (!strncmp(line, "$enddefinitions", 15)) defs = 1;
    else if (line[0] == '#') {
      uint64_t t = strtoull(line + 1, NULL, 10);
      bad |= stamps && t <= now; /* strictly increasing */
      now = t;
      stamps++;
    } else if ((line[0] == '0' || line[0] == '1') && line[1] >= '!' && line[1] < '!' + vars) {
      int w = line[1] - '!', v = line[0] - '0';
      if (!defs) continue;
      if (value[w] && !v) busy[w] += now - since[w];
      if (!value[w] && v) since[w] = now;
      value[w] = v;
    }
  }
  fclose(f);
  for (int w = 0; w < SIM_ENG_COUNT; w++) bad |= value[w]; /* every wire falls again */
  return bad || vars != SIM_ENG_COUNT || !defs || !stamps ? -1 : 0;
}

int main(int argc, char **argv) {
  uint64_t q = 1000;
  if (argc != 3 || com_parse_u64(argv[1], &q) != COM_NUM_OK) return 2;
  static st_case c[3];
  arch_spec *one = sk_arch(8, 1, 1500, 64, 8, 8, 8);
  arch_spec *tiny = sk_arch(24, 3, 150, 64, 8, 8, 8);
  arch_spec *big = sk_arch(8, 1, 1 << 20, 64, 8, 8, 8);
  if (st_init(&c[0], one, 8, 8, 128, 2, 1) || st_init(&c[1], tiny, 8, 16, 2, 1, 2) ||
      st_init(&c[2], big, 8, 8, 64, 1, 1))
    return 1;
  c[1].cfg.burst_bytes = 16;
  c[2].cfg.dram_latency = 100;
  c[2].cfg.dram_rows = (map_dram_rows){8, 2048, 1, 10};
  sim_job jobs[3];
  for (int i = 0; i < 3; i++) jobs[i] = (sim_job){&c[i].t, &c[i].m, &c[i].cfg};
  sim_config run;
  sim_config_default(&run);
  run.quantum = q;
  run.vcd_path = argv[2];
  run.trace_path = getenv("ST_TRACE");
  sim_result r[3];
  sim_stats st;
  com_err e = {0};
  if (sim_run(jobs, 3, &run, r, &st, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return 1;
  }
  for (int i = 0; i < 3; i++) {
    printf("S%d: %llu cycles;", i + 1, (unsigned long long)r[i].cycles);
    for (int k = 0; k < SIM_ENG_COUNT; k++)
      printf(" %llu/%llu/%llu/%llu", (unsigned long long)r[i].eng[k].busy,
             (unsigned long long)r[i].eng[k].stall_in, (unsigned long long)r[i].eng[k].stall_out,
             (unsigned long long)r[i].eng[k].idle);
    printf("\n");
    for (int k = 0; k < SIM_ENG_COUNT; k++) /* the four states partition the cycles */
      CHECK_U64(r[i].eng[k].busy + r[i].eng[k].stall_in + r[i].eng[k].stall_out + r[i].eng[k].idle,
                r[i].cycles);
  }
  const sim_engine_stats *l = r[0].eng, *m = r[1].eng;
  CHECK_U64(r[0].cycles, 414);
  CHECK_U64(l[SIM_ENG_LOAD].busy, 256);
  CHECK_U64(l[SIM_ENG_LOAD].stall_out, 64);
  CHECK_U64(l[SIM_ENG_LOAD].stall_in, 0);
  CHECK_U64(l[SIM_ENG_ARRAY].busy, 128);
  CHECK_U64(l[SIM_ENG_ARRAY].stall_in, 256);
  CHECK_U64(l[SIM_ENG_ARRAY].stall_out, 0);
  CHECK_U64(l[SIM_ENG_STORE].stall_in, 406);
  CHECK_U64(l[SIM_ENG_STORE].busy, 8);
  CHECK_U64(r[0].fill_drain, 44);
  /* S1's simulated action counts (elements): A and B loaded twice (2 x 512 each, DRAM reads
   * and SRAM fills), Z stored once (64 DRAM updates), 8 x 8 x 128 MACs; priced as the model
   * prices its own counts, which they equal */
  CHECK_U64(r[0].lv[0].reads[0], 1024);
  CHECK_U64(r[0].lv[0].reads[1], 1024);
  CHECK_U64(r[0].lv[0].updates[2], 64);
  CHECK_U64(r[0].lv[1].fills[0], 1024);
  CHECK_U64(r[0].lv[1].fills[1], 1024);
  CHECK_U64(r[0].points, 8192);
  CHECK(r[0].energy_pj > 0);
  CHECK_NEAR(r[0].energy_pj, r[0].analytical_energy_pj, 1e-9 * r[0].energy_pj);
  CHECK_U64(r[1].cycles, 44);
  CHECK_U64(m[SIM_ENG_LOAD].busy, 4);
  CHECK_U64(m[SIM_ENG_LOAD].stall_out, 2);
  CHECK_U64(m[SIM_ENG_ARRAY].busy, 4);
  CHECK_U64(m[SIM_ENG_ARRAY].stall_in, 4);
  CHECK_U64(m[SIM_ENG_ARRAY].stall_out, 6);
  CHECK_U64(m[SIM_ENG_STORE].busy, 16);
  CHECK_U64(m[SIM_ENG_STORE].stall_in, 28);
  CHECK_U64(m[SIM_ENG_STORE].stall_out, 0);
  CHECK_U64(r[1].fill_drain, 30);
  CHECK_U64(r[2].cycles, 466);
  CHECK_U64(r[2].row_misses, 3);
  CHECK_U64(r[2].row_hits, 14);
  CHECK_U64(r[0].row_misses + r[0].row_hits, 0); /* model off */
  uint64_t busy[SIM_ENG_COUNT] = {0};
  CHECK(st_vcd(argv[2], busy) == 0);
  for (int k = 0; k < SIM_ENG_COUNT; k++)
    CHECK_U64(busy[k], r[0].eng[k].busy + r[1].eng[k].busy + r[2].eng[k].busy);
  UNIT_DONE();
}
