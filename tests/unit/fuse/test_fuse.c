/*
 * test_fuse — the fused attention evaluator (mapper/fuse.h) on a tiny architecture whose figures
 * are computed by hand (compute-bound and memory-bound), the FLAT row-buffer overflow error,
 * fusemax never slower than architecture, utilization bounds, 1-pass buffering independent of
 * the sequence length, bindings the hardware cannot do, and auto.
 */
#include <string.h>

#include "arch/arch.h"
#include "mapper/fuse.h"
#include "fuse_test.h"
#include "unit.h"

static ops_attention_shape shape(uint64_t b, uint64_t h, uint64_t p, uint64_t m, uint64_t d) {
  ops_attention_shape s = {b, h, p, m, d, false, OPS_CASCADE_1PASS, OPS_SCHED_FUSEMAX};
  return s;
}

static void test_hand(void) {
  arch_spec *a = tiny_arch("8", "64 KiB"), *slow = tiny_arch("1", "64 KiB");
  CHECK(a && slow);
  if (!a || !slow) return;
  ops_attention_shape s = shape(1, 1, 8, 8, 2);
  map_fuse_result r;
  com_err e = {0};
  /* fusemax: m0 = 4, M1 = 2, P1 = 8. 2D per element: QK 2 + LM 1 + SLN 7 + SLD 1 + SLNV 2 = 13
   * cycles, 2 row tiles x 2 key tiles -> 52. 1D per (m1,p): RM 1 + PRM 7 + SPD 1 + RD 1 +
   * SPNV 2 + RNV 2 = 14, 16 rows / 4 lanes -> 56; AV 2 divides x 8 queries / 4 -> 4: 60.
   * fusemax = 60 + ceil(52 / 2 steps) = 86; DRAM (Q 16 + K,V 32) x 2 B + O 32 B = 128 B. */
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, a, &r, &e) == 0);
  CHECK_U64(r.m0, 4);
  CHECK_U64(r.p1, 8);
  CHECK_U64(r.busy[MAP_FUSE_2D], 52);
  CHECK_U64(r.busy[MAP_FUSE_1D], 60);
  CHECK_U64(r.compute_cycles, 86);
  CHECK_U64(r.dram_read, 96);
  CHECK_U64(r.dram_write, 32);
  CHECK_U64(r.memory_cycles, 16);
  CHECK_U64(r.cycles, 86);
  CHECK_U64(r.macs, 2 * 64 * 2);
  CHECK_U64(r.buffer_bytes, 64 + 8 * 12);
  CHECK(map_fuse_eval(&s, OPS_SCHED_ARCHITECTURE, 2, a, &r, &e) == 0);
  CHECK_U64(r.cycles, 112);
  /* Memory-bound: 1 B per cycle -> 128 cycles. */
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, slow, &r, &e) == 0);
  CHECK_U64(r.memory_cycles, 128);
  CHECK_U64(r.cycles, 128);
  CHECK(r.util[MAP_FUSE_1D] < 0.5);
  /* FLAT: 2D per element QK 2 + AV 2 = 4 x 4 tiles = 16; 1D max 1 + exp 7 + add 1 + div 1 = 10
   * per element, 64 elements / 4 lanes -> 160; overlapped: 160. */
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, a, &r, &e) == 0);
  CHECK_U64(r.busy[MAP_FUSE_2D], 16);
  CHECK_U64(r.busy[MAP_FUSE_1D], 160);
  CHECK_U64(r.cycles, 160);
  CHECK_U64(r.buffer_bytes, 64 + 8 * (8 + 4) * 2);
  arch_free(a);
  arch_free(slow);
}

static void test_errors(void) {
  arch_spec *a = tiny_arch("8", "64 KiB"), *flat = preset("flat-cloud");
  CHECK(a && flat);
  if (!a || !flat) return;
  map_fuse_result r;
  com_err e = {0};
  ops_attention_shape s = shape(1, 1, 8, 40000, 2); /* one row of 40000 scores: 80 KB > 64 KiB */
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, a, &r, &e) == -1);
  CHECK(strstr(e.msg, "full score row") && strstr(e.msg, "buf"));
  memset(&e, 0, sizeof e);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, a, &r, &e) == 0); /* 1-pass: no row buffer */
  s = shape(1, 1, 1024, 1024, 64);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, flat, &r, &e) == -1); /* 2D array: mac only */
  CHECK(strstr(e.msg, "cannot perform max") != NULL);
  memset(&e, 0, sizeof e);
  CHECK(map_fuse_eval(&s, OPS_SCHED_CASCADE, 2, flat, &r, &e) == 0);
  map_fuse_result fl;
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, flat, &fl, &e) == 0);
  CHECK(map_fuse_eval(&s, OPS_SCHED_AUTO, 2, flat, &r, &e) == 0);
  CHECK(r.schedule == OPS_SCHED_CASCADE || r.schedule == OPS_SCHED_FLAT);
  CHECK(r.cycles <= fl.cycles);
  s.causal = true; /* causal masks: modelled by every fused schedule (test_causal.c) */
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, flat, &r, &e) == 0);
  arch_free(a);
  arch_free(flat);
}

static void test_properties(void) {
  arch_spec *fm = preset("fusemax-cloud"), *flat = preset("flat-cloud");
  CHECK(fm && flat);
  if (!fm || !flat) return;
  static const uint64_t lens[] = {100, 1024, 4096, 65536, 1048576};
  static const uint64_t dims[] = {64, 128};
  com_err e = {0};
  for (size_t i = 0; i < 5; i++)
    for (size_t d = 0; d < 2; d++) {
      ops_attention_shape s = shape(64, 16, lens[i], lens[i], dims[d]);
      map_fuse_result f, ar, fl, c;
      CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, fm, &f, &e) == 0);
      CHECK(map_fuse_eval(&s, OPS_SCHED_ARCHITECTURE, 2, fm, &ar, &e) == 0);
      CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, flat, &fl, &e) == 0);
      CHECK(map_fuse_eval(&s, OPS_SCHED_CASCADE, 2, flat, &c, &e) == 0);
      CHECK(f.cycles <= ar.cycles);
      CHECK(f.cycles >= f.compute_cycles && f.cycles >= f.memory_cycles);
      const map_fuse_result *all[] = {&f, &ar, &fl, &c};
      for (int k = 0; k < 4; k++)
        for (int x = 0; x < MAP_FUSE_NARRAYS; x++)
          CHECK(all[k]->util[x] >= 0 && all[k]->util[x] <= 1.0 + 1e-12);
      CHECK(f.dram_bytes <= fl.dram_bytes);
    }
  /* 1-pass buffering does not grow with the sequence length; FLAT's row does. */
  ops_attention_shape s1 = shape(1, 1, 512, 1024, 64), s2 = shape(1, 1, 512, 262144, 64);
  map_fuse_result r1, r2;
  CHECK(map_fuse_eval(&s1, OPS_SCHED_FUSEMAX, 2, fm, &r1, &e) == 0);
  CHECK(map_fuse_eval(&s2, OPS_SCHED_FUSEMAX, 2, fm, &r2, &e) == 0);
  CHECK_U64(r1.buffer_bytes, r2.buffer_bytes);
  CHECK(map_fuse_eval(&s1, OPS_SCHED_FLAT, 2, flat, &r1, &e) == 0);
  CHECK(map_fuse_eval(&s2, OPS_SCHED_FLAT, 2, flat, &r2, &e) == 0);
  CHECK(r2.p1 < r1.p1);
  arch_free(fm);
  arch_free(flat);
}

int main(void) {
  test_hand();
  test_errors();
  test_properties();
  UNIT_DONE();
}
