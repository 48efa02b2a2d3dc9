/*
 * test_core — the simulator's C cores without SystemC: systolic fold and burst timing for
 * os/ws/is (closed forms computed by hand), accumulator chain, 1D ops and emulated exp, MAC
 * depth from formats, DRAM channel timing, scratchpad bank conflicts.
 */
#include "unit.h"

#include "sim/core/sim_core.h"

static void test_a2d(void) {
  /* os on 32 x 32, K = 64, depth 1: 2R + C + K - 2 (the SCALE-Sim paper's formula) */
  sim_a2d a = {ARCH_DF_OS, 32, 32, 64, 1, 1, 1};
  CHECK_U64(sim_a2d_fold_isolated(&a), 2 * 32 + 32 + 64 - 2);
  /* SCALE-Sim's code omits the drain of R rows: R + C + K - 2 */
  CHECK_U64(sim_a2d_fold_isolated(&a) - a.rows, 32 + 32 + 64 - 2);
  /* a non-square array: R = 8 rows, C = 16 cols, depth 3 */
  sim_a2d b = {ARCH_DF_WS, 8, 16, 100, 1, 1, 3};
  CHECK_U64(sim_a2d_overhead(&b), 8 + 7 + 15 + 2);
  CHECK_U64(sim_a2d_fold_isolated(&b), 132);
  /* burst of 4 folds of L = 16 with a chain of 32 rows: 3 bubbles of 16 */
  sim_a2d c = {ARCH_DF_OS, 32, 32, 16, 4, 1, 1};
  uint64_t comp, bank, bub;
  CHECK_U64(sim_a2d_tile(&c, sim_a2d_chain(&c, false, true), 0, true, &comp, &bank, &bub), 64 + 48);
  CHECK_U64(comp, 64);
  CHECK_U64(bub, 48);
  /* inside a burst the first fold's chain is a bubble too */
  CHECK_U64(sim_a2d_tile(&c, 32, 0, false, &comp, &bank, &bub), 64 + 64);
  /* bank stall of 2 cycles per step: step = 3, stream 48 > chain 32, no bubble */
  CHECK_U64(sim_a2d_tile(&c, 32, 2, true, &comp, &bank, &bub), 64 + 128);
  CHECK_U64(bank, 128);
  CHECK_U64(bub, 0);
  /* accumulator: os continuing partial sums without one shifts them in too (2R) */
  CHECK_U64(sim_a2d_chain(&c, true, false), 64);
  CHECK_U64(sim_a2d_chain(&c, true, true), 32);
  CHECK_U64(sim_a2d_chain(&c, false, false), 32);
  sim_a2d w = {ARCH_DF_WS, 32, 32, 16, 4, 1, 1};
  CHECK_U64(sim_a2d_chain(&w, true, false), 32); /* ws reads them from the scratchpad instead */
  /* ii 2 doubles the stream */
  sim_a2d d = {ARCH_DF_IS, 4, 4, 10, 2, 2, 1};
  CHECK_U64(sim_a2d_tile(&d, 4, 0, true, &comp, &bank, &bub), 40);
}

static void test_vec(void) {
  CHECK_U64(sim_vec_tile(100, 2), 200);
  CHECK_U64(sim_vec_overhead(8), 7);
  arch_array ar;
  memset(&ar, 0, sizeof ar);
  ar.nunits = 2;
  ar.units[0].ops = (1u << ARCH_OP_MAC) | (1u << ARCH_OP_MAX);
  ar.units[0].pipeline_depth = 3;
  ar.units[0].initiation_interval = 1;
  ar.units[1].ops = 1u << ARCH_OP_ADD;
  ar.units[1].pipeline_depth = 2;
  ar.units[1].initiation_interval = 1;
  uint64_t lat, ii;
  CHECK(sim_vec_op_timing(&ar, ARCH_OP_MAX, &lat, &ii));
  CHECK_U64(lat, 3);
  CHECK(!sim_vec_op_timing(&ar, ARCH_OP_EXP, &lat, &ii));
  ar.has_exp_cost = true; /* FuseMax: exp = 6 mac + 1 add */
  ar.exp_cost[ARCH_OP_MAC] = 6;
  ar.exp_cost[ARCH_OP_ADD] = 1;
  CHECK(sim_vec_op_timing(&ar, ARCH_OP_EXP, &lat, &ii));
  CHECK_U64(lat, 6 * 3 + 2);
  CHECK_U64(ii, 7);
}

static void test_mac_depth(void) {
  arch_unit u;
  memset(&u, 0, sizeof u);
  u.ninputs = 2;
  u.pipeline_depth = 1;
  u.inputs[0] = u.inputs[1] = ops_format_find("fp16");
  u.acc = ops_format_find("fp32");
  CHECK_U64(sim_mac_depth(&u), 2 + 1 + 2 + 1); /* pm 22 -> 2, align, am 24 -> 2, normalize */
  u.inputs[0] = u.inputs[1] = ops_format_find("fp8_e4m3");
  CHECK_U64(sim_mac_depth(&u), 1 + 1 + 2 + 1);
  u.acc = ops_format_find("bf16");
  CHECK_U64(sim_mac_depth(&u), 1 + 1 + 1 + 1);
  u.inputs[0] = u.inputs[1] = ops_format_find("int8");
  u.acc = ops_format_find("int32");
  CHECK_U64(sim_mac_depth(&u), 1);
  u.pipeline_depth = 5; /* given in arch.yaml: kept */
  CHECK_U64(sim_mac_depth(&u), 5);
}

static void test_dram(void) {
  sim_dram d;
  /* one channel, 16 B/cycle, latency 100: 64 KiB in 4 KiB requests = 4096 + 100 */
  sim_dram_init(&d, 1, 16, 100, 64, 4096);
  uint64_t done = 0;
  for (uint64_t a = 0; a < 65536; a += 4096) done = sim_dram_access(&d, 0, a, 4096);
  CHECK_U64(done, 4096 + 100);
  CHECK_U64(d.bytes, 65536);
  /* two channels of 8 B/cycle each: the same total bandwidth, interleaved */
  sim_dram_init(&d, 2, 16, 100, 64, 4096);
  for (uint64_t a = 0; a < 65536; a += 4096) done = sim_dram_access(&d, 0, a, 4096);
  CHECK_U64(done, 4096 + 100);
  /* a request rounds up to whole bursts */
  sim_dram_init(&d, 1, 16, 0, 64, 4096);
  CHECK_U64(sim_dram_access(&d, 10, 0, 1), 14);
  /* ideal */
  sim_dram_init(&d, 1, 0, 0, 64, 4096);
  CHECK_U64(sim_dram_access(&d, 7, 0, 1 << 20), 7);
}

static void test_spad(void) {
  /* 8 banks of 4-byte words, 4-byte elements */
  CHECK_U64(sim_spad_strided(8, 4, 4, 8, 1), 1);  /* contiguous: one per bank */
  CHECK_U64(sim_spad_strided(8, 4, 4, 8, 2), 2);  /* stride 2: 4 banks */
  CHECK_U64(sim_spad_strided(8, 4, 4, 8, 8), 8);  /* stride = banks: all in one */
  CHECK_U64(sim_spad_strided(8, 4, 4, 8, 3), 1);  /* odd stride: all banks */
  CHECK_U64(sim_spad_strided(8, 4, 1, 32, 1), 1); /* 32 bytes in 8 words */
  CHECK_U64(sim_spad_strided(8, 4, 1, 64, 1), 2);
  uint64_t off[8], hist[8] = {0};
  for (int i = 0; i < 8; i++) off[i] = (uint64_t)i * 8;
  sim_spad_vector(8, 4, 4, 0, off, 8, hist);
  CHECK_U64(sim_spad_cycles(hist, 8), 8);
  memset(hist, 0, sizeof hist);
  for (int i = 0; i < 8; i++) off[i] = (uint64_t)i;
  sim_spad_vector(8, 4, 1, 0, off, 8, hist); /* 8 bytes: 2 words, banks 0 and 1 */
  CHECK_U64(sim_spad_cycles(hist, 8), 1);
  CHECK_U64(hist[0] + hist[1], 2);
}

int main(void) {
  test_a2d();
  test_vec();
  test_mac_depth();
  test_dram();
  test_spad();
  UNIT_DONE();
}
