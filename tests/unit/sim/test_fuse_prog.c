/*
 * test_fuse_prog — the fused attention program's event schedule (sim/core/fuse_prog.h), by
 * hand, on 2 query tiles x 2 key tiles (4 steps); 2D work 40 cycles (10 per step), 1D work 24
 * (6 per step).
 * Ideal DRAM:
 *   architecture  one step at a time: 4 x (10 + 6) = 64 = the model's sum
 *   fusemax       1D of step i under 2D of step i+1: 10 + 3 x max(10, 6) + 6 = 46, the model's
 *                 hi + ceil(lo / steps) = 40 + 6; with the arrays' work swapped (2D 24, 1D 40)
 *                 6 + 4 x 10 = 46 again (the 2D array waits on the 1D two steps back)
 *   flash         one array (40): 40
 *   2-pass        pass 2 work 2D 20, 1D 8: architecture 64 + 28 = 92; fusemax, passes
 *                 interleaved per query tile, (10,6) (10,6) (5,2) (5,2) twice: 64, while the
 *                 model charges a fill per pass: 46 + 22 = 68
 * DRAM of 8 B/cycle, no latency, one channel: Q, K/V and O tiles of 64 B (8 cycles each),
 * architecture: Q0 0-8, KV0 8-16, 2D 16-26, 1D 26-32, KV1 16-24, 2D 32-42, 1D 42-48, O0 48-56,
 * Q1 56-64 (queued behind O0 in the channel), KV2 64-72, 2D 72-82, 1D 82-88, KV3 72-80,
 * 2D 88-98, 1D 98-104, O1 104-112: 112 cycles >= max(compute 64, memory 512 / 8 = 64).
 * flat, 2 row blocks x 2 key tiles, ideal DRAM, order QK0 SM0 QK1 SM1 AV0 AV1:
 *   1D-bound (QK 8, softmax 20, AV 8): 2D QK0 0-4, 1D SM0 4-14, 2D QK1 4-8, 1D SM1 14-24,
 *                 2D AV0 14-18, AV1 24-28: 28 = the model's max(16, 20) + one block's 2D work
 *                 (the fill: QK0 before any softmax, AV1 after the last)
 *   2D-bound (QK 40, softmax 8, AV 40): QK0 0-20, SM0 20-24, QK1 20-40, SM1 40-44, AV0 40-60,
 *                 AV1 60-80: 80 = max(80, 8) exactly
 *   spilled rows (64 B of scores each way and kind, 8 B/cycle): DRAM bytes are the model's
 *                 (Q, K/V, O, plus QK and A written and read), cycles >= max(compute, memory).
 * Every engine's busy + stalls + idle and compute + DMA stall add up to the cycles. A program
 * over SIM_FUSE_MAX_STEPS is refused.
 */
#include "unit.h"

#include "sim/core/fuse_prog.h"

static sim_fuse_prog fp_prog(ops_attn_schedule s, int passes, uint64_t a, uint64_t c) {
  sim_fuse_prog p;
  memset(&p, 0, sizeof p);
  p.schedule = s;
  p.pipelined = s == OPS_SCHED_FUSEMAX || s == OPS_SCHED_CASCADE;
  p.passes = passes;
  p.steps = 4;
  p.q_tiles = 2;
  p.work[0][MAP_FUSE_2D] = a;
  p.work[0][MAP_FUSE_1D] = c;
  p.work[1][MAP_FUSE_2D] = 20;
  p.work[1][MAP_FUSE_1D] = 8;
  return p;
}

static void fp_partition(const sim_result *r) {
  const sim_engine_stats *e[4] = {&r->eng[0], &r->eng[1], &r->eng[2], &r->eng1d};
  for (int k = 0; k < 4; k++)
    CHECK_U64(e[k]->busy + e[k]->stall_in + e[k]->stall_out + e[k]->idle, r->cycles);
  CHECK_U64(r->compute + r->dma_stall, r->cycles);
}

static uint64_t fp_run(const sim_fuse_prog *p, double bw, sim_result *r) {
  static sim_dram d;
  sim_dram_init(&d, 1, bw, 0, 64, 4096);
  sim_fuse_dma dma = {4096, 8};
  memset(r, 0, sizeof *r);
  sim_fuse_exec(p, &d, 0, &dma, r);
  fp_partition(r);
  return r->cycles;
}

int main(void) {
  sim_result r;
  sim_fuse_prog p = fp_prog(OPS_SCHED_ARCHITECTURE, 1, 40, 24);
  CHECK_U64(fp_run(&p, 0, &r), 64);
  CHECK_U64(r.eng[SIM_ENG_ARRAY].busy, 40);
  CHECK_U64(r.eng1d.busy, 24);
  CHECK_U64(r.compute, 64);
  p = fp_prog(OPS_SCHED_FUSEMAX, 1, 40, 24);
  CHECK_U64(fp_run(&p, 0, &r), 46);
  CHECK_U64(r.compute, 46);
  p = fp_prog(OPS_SCHED_FUSEMAX, 1, 24, 40);
  CHECK_U64(fp_run(&p, 0, &r), 46);
  p = fp_prog(OPS_SCHED_FLASH, 1, 40, 0);
  CHECK_U64(fp_run(&p, 0, &r), 40);
  p = fp_prog(OPS_SCHED_ARCHITECTURE, 2, 40, 24);
  CHECK_U64(fp_run(&p, 0, &r), 92);
  p = fp_prog(OPS_SCHED_FUSEMAX, 2, 40, 24);
  CHECK_U64(fp_run(&p, 0, &r), 64);
  CHECK_U64(r.compute, 64);
  CHECK_U64(r.tiles, 8);
  /* realistic DRAM: 64 B tiles at 8 B/cycle */
  p = fp_prog(OPS_SCHED_ARCHITECTURE, 1, 40, 24);
  p.kv_bytes = 256;
  p.q_bytes = p.o_bytes = 128;
  CHECK_U64(fp_run(&p, 8, &r), 112);
  CHECK_U64(r.dram_read_bytes, 384);
  CHECK_U64(r.dram_write_bytes, 128);
  CHECK_U64(r.compute, 64);
  CHECK(r.cycles >= 512 / 8);
  p.schedule = OPS_SCHED_FUSEMAX;
  p.pipelined = true;
  CHECK(fp_run(&p, 8, &r) >= 64); /* never under max(compute 46, memory 64) */
  /* flat, built from the evaluator's figures */
  ops_op op;
  memset(&op, 0, sizeof op);
  snprintf(op.name, sizeof op.name, "attn");
  op.shape.attn.batch = op.shape.attn.heads = 1;
  map_fuse_result f;
  memset(&f, 0, sizeof f);
  f.schedule = OPS_SCHED_FLAT;
  f.steps = 4;
  f.q_tiles = 2;
  f.flat_busy[0][MAP_FUSE_2D] = f.flat_busy[2][MAP_FUSE_2D] = 8;
  f.flat_busy[1][MAP_FUSE_1D] = 20;
  com_err e = {0};
  CHECK(sim_fuse_build(&op, &f, &p, &e) == 0);
  CHECK(p.passes == 2 && p.steps == 4 && p.q_tiles == 2 && p.score_bytes == 0);
  CHECK_U64(fp_run(&p, 0, &r), 28);
  CHECK_U64(r.eng[SIM_ENG_ARRAY].busy, 16);
  CHECK_U64(r.eng1d.busy, 20);
  CHECK_U64(r.compute, 28);
  CHECK_U64(r.tiles, 10);
  f.flat_busy[0][MAP_FUSE_2D] = f.flat_busy[2][MAP_FUSE_2D] = 40;
  f.flat_busy[1][MAP_FUSE_1D] = 8;
  CHECK(sim_fuse_build(&op, &f, &p, &e) == 0);
  CHECK_U64(fp_run(&p, 0, &r), 80);
  /* spilled rows: Q 128, K/V 256, O 128, scores 64 x 4 */
  f.dram_kv = 256;
  f.dram_scores = 256;
  f.dram_read = 128 + 256 + 128;
  f.dram_write = 128 + 128;
  CHECK(sim_fuse_build(&op, &f, &p, &e) == 0);
  CHECK(p.score_bytes == 64 && p.q_bytes == 128 && p.o_bytes == 128);
  CHECK(fp_run(&p, 8, &r) >= 768 / 8); /* never under max(compute 80, memory 96) */
  CHECK_U64(r.dram_read_bytes, f.dram_read);
  CHECK_U64(r.dram_write_bytes, f.dram_write);
  CHECK_U64(r.eng[SIM_ENG_ARRAY].busy, 80);
  CHECK_U64(r.eng1d.busy, 8);
  memset(&f, 0, sizeof f);
  /* a program longer than the limit is refused, naming it */
  f.schedule = OPS_SCHED_FUSEMAX;
  f.steps = SIM_FUSE_MAX_STEPS + 1;
  CHECK(sim_fuse_build(&op, &f, &p, &e) == -1);
  CHECK(strstr(e.msg, "more than the cycle simulator runs") != NULL);
  f.steps = 4;
  f.q_tiles = 2;
  CHECK(sim_fuse_build(&op, &f, &p, &e) == 0);
  CHECK(p.pipelined && p.passes == 1 && p.q_tiles == 2);
  UNIT_DONE();
}
