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
 * Every engine's busy + stalls + idle and compute + DMA stall add up to the cycles. flat and a
 * program over SIM_FUSE_MAX_STEPS are refused.
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
  /* flat is refused with the op's name */
  ops_op op;
  memset(&op, 0, sizeof op);
  snprintf(op.name, sizeof op.name, "attn");
  map_fuse_result f;
  memset(&f, 0, sizeof f);
  f.schedule = OPS_SCHED_FLAT;
  com_err e = {0};
  CHECK(sim_fuse_build(&op, &f, &p, &e) == -1);
  CHECK(strstr(e.msg, "op 'attn'") && strstr(e.msg, "schedule flat"));
  /* a program longer than the limit is refused, naming it */
  f.schedule = OPS_SCHED_FUSEMAX;
  f.steps = SIM_FUSE_MAX_STEPS + 1;
  op.shape.attn.batch = op.shape.attn.heads = 1;
  CHECK(sim_fuse_build(&op, &f, &p, &e) == -1);
  CHECK(strstr(e.msg, "more than the cycle simulator runs") != NULL);
  f.steps = 4;
  f.q_tiles = 2;
  CHECK(sim_fuse_build(&op, &f, &p, &e) == 0);
  CHECK(p.pipelined && p.passes == 1 && p.q_tiles == 2);
  UNIT_DONE();
}
