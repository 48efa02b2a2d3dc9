/*
 * test_passes — the fused evaluator's traversals of the keys (mapper/fuse.h): the 2-pass
 * cascade on the FuseMax binding and FLAT's choice between full score rows on chip and rows
 * spilled through DRAM, each on a tiny architecture with the figures computed by hand; and the
 * MAC lower bounds with and without a causal mask, checked against the op's own causal counts
 * (ops/build.c's points_effective).
 */
#include <string.h>

#include "arch/arch.h"
#include "mapper/fuse.h"
#include "fuse_test.h"
#include "unit.h"

static ops_attention_shape shape(uint64_t p, uint64_t m, uint64_t d, ops_cascade_kind c) {
  ops_attention_shape s = {1, 1, p, m, d, false, c, OPS_SCHED_FUSEMAX};
  return s;
}

static void test_two_pass(void) {
  arch_spec *a = tiny_arch("8", "64 KiB");
  CHECK(a != NULL);
  if (!a) return;
  ops_attention_shape s = shape(8, 8, 2, OPS_CASCADE_2PASS);
  map_fuse_result r;
  com_err e = {0};
  /* m0 = 4, 2 key tiles, P1 = 8 (one query tile), 2 row tiles: 4 2D tiles, 2 pipeline steps.
   * Pass 1: 2D per element QK 2 + LM 1 + SLN 7 + SLD 1 = 11 -> 44; 1D per (m1, p) RM 1 + PRM 7
   * + SPD 1 + RD 1 = 10, 16 rows / 4 lanes -> 40; fusemax 44 + ceil(40 / 2) = 64.
   * Pass 2: 2D QK 2 + SN 7 + A 1 (mul on the MAC) + AV 2 = 12 -> 48; 1D 1/RD, 8 queries / 4 ->
   * 2; 48 + ceil(2 / 2) = 49. Total 113. DRAM: Q 32 B, K twice and V once 8 x 6 x 2 = 96 B,
   * O 32 B. */
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, a, &r, &e) == 0);
  CHECK_U64(r.passes, 2);
  CHECK_U64(r.p1, 8);
  CHECK_U64(r.busy[MAP_FUSE_2D], 44 + 48);
  CHECK_U64(r.busy[MAP_FUSE_1D], 40 + 2);
  CHECK_U64(r.compute_cycles, 113);
  CHECK_U64(r.actions[MAP_FUSE_2D], 64 * 11 + 64 * 12);
  CHECK_U64(r.actions[MAP_FUSE_1D], 16 * 10 + 8);
  CHECK_U64(r.dram_read, 32 + 96);
  CHECK_U64(r.dram_kv, 96);
  CHECK_U64(r.dram_write, 32);
  CHECK_U64(r.macs, 64 * 2 * 3);
  CHECK_U64(r.between_pass_bytes, 2 * 8 * 2); /* RM and RD of the 8 queries */
  CHECK_U64(r.buffer_bytes, 64 + 8 * 12);
  /* one tile at a time: the stages add up, 44 + 40 + 48 + 2 */
  CHECK(map_fuse_eval(&s, OPS_SCHED_ARCHITECTURE, 2, a, &r, &e) == 0);
  CHECK_U64(r.compute_cycles, 134);
  /* 1-pass on the same shape (test_fuse.c: 86 cycles) is faster and reads K once */
  map_fuse_result one;
  s.cascade = OPS_CASCADE_1PASS;
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, a, &one, &e) == 0);
  CHECK_U64(one.compute_cycles, 86);
  CHECK_U64(one.passes, 1);
  CHECK_U64(one.between_pass_bytes, 0);
  /* the 2-pass cascade needs the FuseMax binding */
  s.cascade = OPS_CASCADE_2PASS;
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, a, &r, &e) == -1);
  CHECK(strstr(e.msg, "2-pass") && strstr(e.msg, "fusemax"));
  arch_free(a);
  /* On fusemax-cloud (BERT-like 4K, batch 2 x 4 heads): the second traversal recomputes QK, so
   * 2-pass is slower than 1-pass, but K is read twice and only 2 words per query stay between
   * the passes, independent of the sequence length. */
  arch_spec *fm = preset("fusemax-cloud");
  CHECK(fm != NULL);
  if (!fm) return;
  ops_attention_shape b = {2, 4, 4096, 4096, 64, false, OPS_CASCADE_2PASS, OPS_SCHED_FUSEMAX};
  CHECK(map_fuse_eval(&b, OPS_SCHED_FUSEMAX, 2, fm, &r, &e) == 0);
  b.cascade = OPS_CASCADE_1PASS;
  CHECK(map_fuse_eval(&b, OPS_SCHED_FUSEMAX, 2, fm, &one, &e) == 0);
  CHECK(r.cycles > one.cycles && r.cycles < 2 * one.cycles);
  CHECK_U64(r.dram_kv, one.dram_kv / 2 * 3);
  CHECK_U64(r.between_pass_bytes, 2 * r.p1 * 2);
  arch_free(fm);
}

static void test_flat_spill(void) {
  arch_spec *slow = tiny_arch("1", "64 KiB"), *fast = tiny_arch("8", "64 KiB");
  CHECK(slow && fast);
  if (!slow || !fast) { arch_free(slow); arch_free(fast); return; }
  map_fuse_result r;
  com_err e = {0};
  /* 64 queries, 4096 keys, d = 16, DRAM 1 B/cycle. Rows: (64 KiB - 512 B K/V tile) / (4096 +
   * 32) x 2 B per query = 7 -> 4 queries per block, K and V read 16 times: 16 x 4096 x 32 x 2 B
   * = 4,194,304 B + Q, O 4096 B -> 4,198,400 cycles. Spilled: one double-buffered row (16 KiB)
   * beside the K/V tile leaves room for all 64 queries' Q and O (64 B each): K, V once (262,144
   * B) and QK, A written and read once (4 x 262,144 scores x 2 B = 2,097,152 B): 2,363,392 B. */
  ops_attention_shape s = shape(64, 4096, 16, OPS_CASCADE_3PASS);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, slow, &r, &e) == 0);
  CHECK(r.spill);
  CHECK_U64(r.passes, 3);
  CHECK_U64(r.p1, 64);
  CHECK_U64(r.dram_kv, 262144);
  CHECK_U64(r.dram_scores, 2097152);
  CHECK_U64(r.dram_read, 2048 + 262144 + 1048576);
  CHECK_U64(r.dram_write, 2048 + 1048576);
  CHECK_U64(r.cycles, 2363392);
  CHECK_U64(r.between_pass_bytes, 2 * 4096 * 2);
  CHECK_U64(r.buffer_bytes, 512 + 16384 + 64 * 64);
  /* d = 2 at 8 B/cycle: the 1D array bounds both tilings (262,144 scores x (max 1 + exp 7 +
   * add 1 + div 1) / 4 lanes = 655,360 cycles); rows need less DRAM and win the tie on energy. */
  s = shape(64, 4096, 2, OPS_CASCADE_3PASS);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLAT, 2, fast, &r, &e) == 0);
  CHECK(!r.spill);
  CHECK_U64(r.cycles, 655360);
  CHECK_U64(r.p1, 4);
  CHECK_U64(r.dram_scores, 0);
  CHECK_U64(r.between_pass_bytes, 4 * 4096 * 2);
  arch_free(slow);
  arch_free(fast);
}

static void test_causal_bound(void) {
  arch_spec *a = tiny_arch("8", "64 KiB");
  CHECK(a != NULL);
  if (!a) return;
  map_fuse_result r;
  com_err e = {0};
  /* P = M = 16, d = 2: 136 of 256 (query, key) pairs visible, 4 MACs each; MAC PEs: 16 (2D) +
   * 4 (1D) = 20. */
  ops_attention_shape s = shape(16, 16, 2, OPS_CASCADE_1PASS);
  s.causal = true;
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, a, &r, &e) == 0);
  CHECK_U64(r.bound_macs, 136 * 4);
  CHECK_U64(r.bound_macs_full, 256 * 4);
  CHECK_U64(r.bound_cycles, 28);      /* ceil(544 / 20) */
  CHECK_U64(r.bound_cycles_full, 52); /* ceil(1024 / 20) */
  CHECK(r.macs >= r.bound_macs);      /* whole tiles on the diagonal are computed */
  CHECK(r.compute_cycles >= r.bound_cycles);
  s.causal = false;
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, a, &r, &e) == 0);
  CHECK_U64(r.bound_macs, r.bound_macs_full);
  /* the op's causal counts (ops/build.c) agree, also for P != M (bottom-right aligned) */
  static const char *ops[] = {
      "{name: a, kind: attention, schedule: fusemax, causal: true, "
      "shape: {batch: 2, heads: 3, seq_q: 512, seq_kv: 512, head_dim: 8}}",
      "{name: a, kind: attention, schedule: fusemax, causal: true, "
      "shape: {batch: 1, heads: 2, seq_q: 300, seq_kv: 1024, head_dim: 4}}",
      "{name: a, kind: attention, schedule: fusemax, causal: true, "
      "shape: {batch: 1, heads: 1, seq_q: 1024, seq_kv: 256, head_dim: 4}}"};
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
    ops_op op;
    CHECK(parse_op(ops[i], &op, &e) == 0); /* the op as the workload reader builds it */
    CHECK(map_fuse_eval(&op.shape.attn, OPS_SCHED_FUSEMAX, 2, a, &r, &e) == 0);
    CHECK_U64(r.bound_macs, op.macs);
    CHECK(r.bound_macs < r.bound_macs_full);
    ops_op_clear(&op);
  }
  arch_free(a);
}

int main(void) {
  test_two_pass();
  test_flat_spill();
  test_causal_bound();
  UNIT_DONE();
}
