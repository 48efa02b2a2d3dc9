/*
 * test_flash — the `flash` schedule (FlashAttention-style tiling on a single on-chip buffer,
 * mapper/fuse.h): a hand-computed case, block sizes from the buffer, K/V traffic doubling when
 * the buffer halves in the flash regime, traffic never below the attention I/O lower bound
 * (mapper/bound.h), causal masks, errors, and the gpu-like preset with `auto`.
 */
#include <string.h>

#include "arch/arch.h"
#include "fuse_test.h"
#include "mapper/bound.h"
#include "mapper/fuse.h"
#include "ops/op_parse.h"
#include "unit.h"

/* One 4x4 array (mac/max/add/mul/div, exp = 6 mac + 1 add) on one buffer of the given size. */
static const char gpu_fmt[] =
    "name: tinygpu\nclock_mhz: 1000\nmemory:\n"
    "  - {name: dram, kind: dram, width_bits: 64, read_bw: 8, write_bw: 8}\n"
    "  - {name: smem, kind: sram, size: %llu, width_bits: 64, keep: all}\n"
    "compute:\n"
    "  - {name: sm, kind: array2d, rows: 4, cols: 4, dataflows: [os], attach: smem,\n"
    "     exp_cost: {mac: 6, add: 1},\n"
    "     units: [{name: pe, operations: [mac, max, add, mul, div], inputs: [fp16, fp16]}]}\n";

static arch_spec *gpu(uint64_t bytes) {
  char text[2048];
  snprintf(text, sizeof text, gpu_fmt, (unsigned long long)bytes);
  return arch_from_text(text);
}

static ops_attention_shape shape(uint64_t n, uint64_t d, bool causal) {
  ops_attention_shape s = {1, 1, n, n, d, causal, OPS_CASCADE_1PASS, OPS_SCHED_FLASH};
  return s;
}

static void test_hand(void) {
  arch_spec *a = gpu(64);
  CHECK(a != NULL);
  if (!a) return;
  map_fuse_result r;
  com_err e = {0};
  /* N = 16, d = 2, 64 B = 32 elements: B_c = ceil(32 / 8) = 4, B_r = min(4, 2) = 2, blocks of
   * (4 + 2) x 2 x 2 = 24 elements. 8 query blocks each read all 16 keys: K/V 8 x 16 x 4 x 2 B =
   * 1024 B, Q 64 B, O 64 B. Work over 16 PEs: 256 elements x 13 (QK 2, LM 1, SLN 7, SLD 1,
   * SLNV 2) / 16 = 208, 64 rows x 14 / 16 = 56, 16 queries x 2 / 16 = 2: 266 cycles; memory
   * 1152 / 8 = 144. */
  ops_attention_shape s = shape(16, 2, false);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLASH, 2, a, &r, &e) == 0);
  CHECK(r.schedule == OPS_SCHED_FLASH);
  CHECK_U64(r.m0, 4);
  CHECK_U64(r.p1, 2);
  CHECK_U64(r.q_tiles, 8);
  CHECK_U64(r.buffer_bytes, 48);
  CHECK_U64(r.dram_kv, 1024);
  CHECK_U64(r.dram_read, 1088);
  CHECK_U64(r.dram_write, 64);
  CHECK_U64(r.busy[MAP_FUSE_2D], 266);
  CHECK_U64(r.busy[MAP_FUSE_1D], 0);
  CHECK_U64(r.memory_cycles, 144);
  CHECK_U64(r.cycles, 266);
  CHECK(r.array_name[MAP_FUSE_1D] == NULL);
  /* Causal: block i (queries 2i, 2i+1) needs keys 0 .. 2i+1, i.e. ceil((2i + 2) / 4) key blocks:
   * 1,1,2,2,3,3,4,4 = 20 blocks x 4 keys = 80 keys x 4 x 2 B = 640 B of K/V. */
  s.causal = true;
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLASH, 2, a, &r, &e) == 0);
  CHECK_U64(r.dram_kv, 640);
  CHECK_U64(r.macs, 2 * 4 * 4 * 20); /* 20 blocks of 2 x 4 elements, QK + SLNV 2 + 2 each */
  arch_free(a);
}

/* Parses an attention op (fp16) for map_bound_op. */
static int attn_op(uint64_t n, uint64_t d, ops_op *op) {
  char text[512];
  snprintf(text, sizeof text, "{name: a, kind: attention, schedule: flash, shape: {batch: 1, heads: 1, "
           "seq_q: %llu, seq_kv: %llu, head_dim: %llu}}", (unsigned long long)n,
           (unsigned long long)n, (unsigned long long)d);
  com_err e;
  int st = parse_op(text, op, &e);
  if (st) fprintf(stderr, "%s\n", e.msg);
  return st;
}

static void test_scaling(void) {
  com_err e = {0};
  /* Flash regime (B_r = M/4d <= d, M <= 4 d^2 = 32 KiB at d = 64, fp16): halving M doubles the
   * K/V traffic. Above it B_r stays d and the traffic does not change (64 KiB vs 32 KiB). */
  static const uint64_t kib[] = {32, 24, 16, 12, 8, 6, 4};
  for (uint64_t n = 1024; n <= 4096; n *= 4)
    for (size_t i = 0; i + 2 < sizeof kib / sizeof *kib; i++) {
      arch_spec *big = gpu(kib[i] * 1024), *half = gpu(kib[i + 2] * 1024);
      CHECK(big && half && kib[i] == 2 * kib[i + 2]);
      if (!big || !half) continue;
      ops_attention_shape s = shape(n, 64, false);
      map_fuse_result rb, rh;
      CHECK(map_fuse_eval(&s, OPS_SCHED_FLASH, 2, big, &rb, &e) == 0);
      CHECK(map_fuse_eval(&s, OPS_SCHED_FLASH, 2, half, &rh, &e) == 0);
      CHECK(rh.p1 < 64 && rb.p1 <= 64);
      double ratio = (double)rh.dram_kv / (double)rb.dram_kv;
      CHECK(ratio > 1.9 && ratio < 2.1);
      if (kib[i] % 16 == 0) CHECK_U64(rh.dram_kv, 2 * rb.dram_kv);
      arch_free(big);
      arch_free(half);
    }
  arch_spec *b64 = gpu(64 * 1024), *b32 = gpu(32 * 1024);
  ops_attention_shape s = shape(4096, 64, false);
  map_fuse_result r64, r32;
  CHECK(b64 && b32 && map_fuse_eval(&s, OPS_SCHED_FLASH, 2, b64, &r64, &e) == 0 &&
        map_fuse_eval(&s, OPS_SCHED_FLASH, 2, b32, &r32, &e) == 0);
  CHECK(r64.p1 == 64 && r64.m0 == 128 && r32.dram_kv == r64.dram_kv);
  arch_free(b64);
  arch_free(b32);
  /* Never below the I/O lower bound, from M < d^2 to M >> 4 d^2. */
  for (uint64_t n = 1024; n <= 4096; n *= 4)
    for (uint64_t d = 64; d <= 128; d *= 2) {
      ops_op op;
      memset(&op, 0, sizeof op);
      CHECK(attn_op(n, d, &op) == 0);
      for (uint64_t bytes = 4 * d * 2 * 2; bytes <= (4u << 20); bytes = bytes * 3 / 2) {
        arch_spec *a = gpu(bytes);
        if (!a) { CHECK(0); continue; }
        map_fuse_result r;
        map_bound b;
        CHECK(map_fuse_eval(&op.shape.attn, OPS_SCHED_FLASH, 2, a, &r, &e) == 0);
        map_bound_op(&op, a, &b);
        CHECK(b.lower_bytes > 0 && (double)r.dram_bytes >= b.lower_bytes);
        CHECK(r.buffer_bytes <= bytes);
        arch_free(a);
      }
      ops_op_clear(&op);
    }
}

static void test_errors_presets(void) {
  com_err e = {0};
  map_fuse_result r;
  arch_spec *tiny = gpu(256); /* 128 elements < one query and one key of d = 64 (256) */
  ops_attention_shape s = shape(1024, 64, false);
  CHECK(tiny && map_fuse_eval(&s, OPS_SCHED_FLASH, 2, tiny, &r, &e) == -1);
  CHECK(strstr(e.msg, "does not fit") && strstr(e.msg, "smem"));
  memset(&e, 0, sizeof e);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, tiny, &r, &e) == -1);
  CHECK(strstr(e.msg, "flash") != NULL);
  arch_free(tiny);
  arch_spec *fm = NULL, *g = NULL;
  CHECK(arch_load_file("arch/presets/fusemax-cloud.yaml", &fm, &e) == 0);
  CHECK(arch_load_file("arch/presets/gpu-like.yaml", &g, &e) == 0);
  if (!fm || !g) return;
  memset(&e, 0, sizeof e);
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLASH, 2, fm, &r, &e) == -1); /* the 2D PEs cannot divide */
  CHECK(strstr(e.msg, "cannot perform div") != NULL);
  s.batch = 8;
  s.heads = 12;
  CHECK(map_fuse_eval(&s, OPS_SCHED_FLASH, 2, g, &r, &e) == 0);
  CHECK(r.buffer_bytes <= r.buffer_cap && r.util[MAP_FUSE_2D] > 0 && r.util[MAP_FUSE_2D] <= 1);
  map_fuse_result au;
  CHECK(map_fuse_eval(&s, OPS_SCHED_AUTO, 2, g, &au, &e) == 0);
  CHECK(au.schedule == OPS_SCHED_FLASH && au.cycles == r.cycles);
  arch_free(fm);
  arch_free(g);
}

int main(void) {
  test_hand();
  test_scaling();
  test_errors_presets();
  UNIT_DONE();
}
