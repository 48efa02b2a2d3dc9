/*
 * test_causal — causal masks in the fused attention schedules (mapper/fuse.h): a hand-computed
 * case (4 x 4 tiles of which 10 are computed), K/V traffic with several query tiles, and on the
 * FuseMax/FLAT presets causal work, traffic and cycles between half and all of the non-causal
 * figures.
 */
#include <string.h>

#include "arch/arch.h"
#include "mapper/fuse.h"
#include "fuse_test.h"
#include "unit.h"

static ops_attention_shape shape(uint64_t p, uint64_t m, uint64_t d, bool causal) {
  ops_attention_shape s = {1, 1, p, m, d, causal, OPS_CASCADE_1PASS, OPS_SCHED_FUSEMAX};
  return s;
}

static void test_hand(void) {
  arch_spec *a = tiny_arch("8", "64 KiB"), *small = tiny_arch("8", "112");
  CHECK(a && small);
  if (!a || !small) return;
  map_fuse_result r, n;
  com_err e = {0};
  /* P = M = 16, d = 2: 4 row tiles x 4 key tiles; row tile i computes key tiles 0..i: 10 of 16.
   * 2D: 10 tiles x 13 cycles = 130 (non-causal 16 x 13 = 208). Score elements 4 x (4 + 8 + 12
   * + 16) = 160, (m1, p) rows 4 x (1 + 2 + 3 + 4) = 40: 1D 40 / 4 lanes x 14 = 140 + AV 16 / 4
   * x 2 = 8 -> 148. One query tile (P1 = 16): 4 steps, fill ceil(130 / 4) = 33 -> 181. MACs
   * (QK, SLNV: 2 + 2 per element) 640. The one query tile needs every key: K/V traffic
   * unchanged, 16 x 4 x 2 = 128 B. */
  ops_attention_shape s = shape(16, 16, 2, true), nc = shape(16, 16, 2, false);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, a, &r, &e) == 0);
  CHECK(map_fuse_eval(&nc, OPS_SCHED_FUSEMAX, 2, a, &n, &e) == 0);
  CHECK_U64(r.p1, 16);
  CHECK_U64(r.busy[MAP_FUSE_2D], 130);
  CHECK_U64(n.busy[MAP_FUSE_2D], 208);
  CHECK_U64(r.busy[MAP_FUSE_1D], 148);
  CHECK_U64(r.compute_cycles, 181);
  CHECK_U64(r.macs, 640);
  CHECK_U64(n.macs, 1024);
  CHECK_U64(r.dram_kv, 128);
  CHECK_U64(r.dram_read, 128 + 64);
  CHECK(r.energy_pj < n.energy_pj);
  /* FLAT: 10 tiles x (QK 2 + AV 2) = 40; 1D 160 elements / 4 x 10 = 400. */
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, a, &r, &e) == 0);
  CHECK_U64(r.busy[MAP_FUSE_2D], 40);
  CHECK_U64(r.busy[MAP_FUSE_1D], 400);
  /* A 112-byte buffer: K/V tiles 64 B + 4 queries x 12 B -> P1 = 4, four query tiles needing
   * 4, 8, 12, 16 keys: 40 keys x 4 x 2 B = 320 B of K/V (non-causal 4 x 16 keys: 512 B). */
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, small, &r, &e) == 0);
  CHECK(map_fuse_eval(&nc, OPS_SCHED_FUSEMAX, 2, small, &n, &e) == 0);
  CHECK_U64(r.p1, 4);
  CHECK_U64(r.dram_kv, 320);
  CHECK_U64(n.dram_kv, 512);
  CHECK_U64(r.busy[MAP_FUSE_2D], 130);
  /* More queries than keys (bottom-right aligned): queries 0..7 of 16 see no key at all. */
  s = shape(16, 8, 2, true);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, a, &r, &e) == 0);
  CHECK_U64(r.macs, 4 * (4 + 8) * 4); /* row tiles 2, 3 see 4 and 8 keys */
  arch_free(a);
  arch_free(small);
}

/* x within [lo, hi] (doubles, for counts up to 2^64). */
static bool within(double x, double lo, double hi) { return x >= lo * (1 - 1e-12) && x <= hi * (1 + 1e-12); }

static void test_half(void) {
  arch_spec *fm = preset("fusemax-cloud"), *flat = preset("flat-cloud");
  CHECK(fm && flat);
  if (!fm || !flat) return;
  static const uint64_t lens[] = {1000, 1024, 4096, 65536, 1048576};
  static const ops_attn_schedule sched[] = {OPS_SCHED_FUSEMAX, OPS_SCHED_ARCHITECTURE,
                                            OPS_SCHED_CASCADE, OPS_SCHED_FLAT};
  com_err e = {0};
  for (size_t i = 0; i < sizeof lens / sizeof *lens; i++)
    for (uint64_t d = 64; d <= 128; d *= 2)
      for (size_t k = 0; k < 4; k++) {
        const arch_spec *a = k < 2 ? fm : flat;
        ops_attention_shape s = shape(lens[i], lens[i], d, true), nc = shape(lens[i], lens[i], d, false);
        s.batch = nc.batch = 64;
        map_fuse_result r, n;
        if (map_fuse_eval(&nc, sched[k], 2, a, &n, &e)) continue; /* FLAT's row too long */
        CHECK(map_fuse_eval(&s, sched[k], 2, a, &r, &e) == 0);
        CHECK(within((double)r.macs, n.macs / 2.0, (double)n.macs));
        for (int x = 0; x < MAP_FUSE_NARRAYS; x++)
          CHECK(within((double)r.actions[x], n.actions[x] / 2.0, (double)n.actions[x]));
        CHECK(within((double)r.dram_kv, n.dram_kv / 2.0, (double)n.dram_kv));
        CHECK(within((double)r.compute_cycles, n.compute_cycles / 2.0, (double)n.compute_cycles));
        CHECK(within((double)r.cycles, n.cycles / 2.0, (double)n.cycles));
        CHECK(r.energy_pj <= n.energy_pj && r.energy_pj >= n.energy_pj / 2);
        CHECK(r.util[0] >= 0 && r.util[0] <= 1 + 1e-12 && r.util[1] >= 0 && r.util[1] <= 1 + 1e-12);
      }
  /* Fewer queries than keys: every query sees at least M - P keys, more than half the work. */
  ops_attention_shape s = shape(1024, 4096, 64, true), nc = shape(1024, 4096, 64, false);
  map_fuse_result r, n;
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, fm, &r, &e) == 0);
  CHECK(map_fuse_eval(&nc, OPS_SCHED_FUSEMAX, 2, fm, &n, &e) == 0);
  CHECK(within((double)r.macs, n.macs * 0.75, (double)n.macs));
  arch_free(fm);
  arch_free(flat);
}

int main(void) {
  test_hand();
  test_half();
  UNIT_DONE();
}
