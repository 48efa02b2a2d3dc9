/*
 * test_schedule — `schedule:` on attention ops: parsing (each name, unknown names, cascades a
 * schedule cannot run), the 1-pass build, and the run path (map_run_op on a workloads/fusemax/
 * file gives the fused evaluator's figures).
 */
#include <string.h>

#include "cli/load.h"
#include "mapper/run.h"
#include "fuse_test.h"
#include "unit.h"

#define SHAPE "shape: {batch: 2, heads: 2, seq_q: 1024, seq_kv: 1024, head_dim: 64}"

static void test_parse(void) {
  ops_op op;
  com_err e;
  CHECK(parse_op("{name: a, kind: attention, " SHAPE "}", &op, &e) == 0);
  CHECK(op.shape.attn.schedule == OPS_SCHED_UNFUSED && op.neinsums == 6);
  ops_op_clear(&op);
  CHECK(parse_op("{name: a, kind: attention, schedule: fusemax, " SHAPE "}", &op, &e) == 0);
  CHECK(op.shape.attn.schedule == OPS_SCHED_FUSEMAX && op.shape.attn.cascade == OPS_CASCADE_1PASS);
  CHECK(op.neinsums == 12);
  ops_op_clear(&op);
  CHECK(parse_op("{name: a, kind: attention, schedule: architecture, cascade: 1-pass, " SHAPE "}", &op, &e) == 0);
  ops_op_clear(&op);
  CHECK(parse_op("{name: a, kind: attention, schedule: flat, " SHAPE "}", &op, &e) == 0);
  CHECK(op.shape.attn.cascade == OPS_CASCADE_3PASS && op.neinsums == 6);
  ops_op_clear(&op);
  CHECK(parse_op("{name: a, kind: attention, schedule: fusemax, cascade: 3-pass, " SHAPE "}", &op, &e) == -1);
  CHECK(strstr(e.msg, "1-pass") != NULL);
  CHECK(parse_op("{name: a, kind: attention, schedule: flat, cascade: 1-pass, " SHAPE "}", &op, &e) == -1);
  CHECK(parse_op("{name: a, kind: attention, cascade: 1-pass, " SHAPE "}", &op, &e) == -1);
  CHECK(strstr(e.msg, "unfused") != NULL);
  CHECK(parse_op("{name: a, kind: attention, schedule: fusemx, " SHAPE "}", &op, &e) == -1);
  CHECK(strstr(e.msg, "fusemax") != NULL);
  /* causal 1-pass: the IR keeps the visible (m1, m0, p) pairs and the (m1, p) key tiles with a
   * visible key (m0 = 256: queries 0..255 see one tile, 256..1023 two to four). */
  CHECK(parse_op("{name: a, kind: attention, schedule: fusemax, causal: true, " SHAPE "}", &op, &e) == 0);
  for (int i = 0; i < op.neinsums; i++) {
    const ops_einsum *es = &op.einsums[i];
    bool elem = ops_einsum_rank(es, "m0") >= 0 && ops_einsum_rank(es, "p") >= 0;
    bool row = !elem && ops_einsum_rank(es, "m1") >= 0 && ops_einsum_rank(es, "p") >= 0;
    if (elem) CHECK_U64(es->points_effective, es->points / (1024 * 1024) * (1024 * 1025 / 2));
    else if (row) CHECK_U64(es->points_effective, es->points / (1024 * 4) * (256 * (1 + 2 + 3 + 4)));
    else CHECK_U64(es->points_effective, es->points);
  }
  ops_op_clear(&op);
  CHECK(parse_op("{name: a, kind: attention, schedule: flash, " SHAPE "}", &op, &e) == 0);
  CHECK(op.shape.attn.schedule == OPS_SCHED_FLASH && op.shape.attn.cascade == OPS_CASCADE_1PASS);
  CHECK(strcmp(ops_attn_schedule_name(OPS_SCHED_FLASH), "flash") == 0);
  ops_op_clear(&op);
}

static void test_run(void) {
  cli_session s;
  com_err e = {0};
  if (cli_session_load("workloads/fusemax/bert-fusemax.yaml", NULL, &s, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    CHECK(0);
    return;
  }
  map_op_run run;
  const ops_op *op = &s.workload->ops[0];
  CHECK(map_run_op(op, s.arch, &s.map, 1, NULL, &run, &e) == 0);
  CHECK(run.fused && run.n == 0);
  map_fuse_result r;
  CHECK(map_fuse_eval(&op->shape.attn, OPS_SCHED_FUSEMAX, 2, s.arch, &r, &e) == 0);
  CHECK_U64(run.cycles, r.cycles);
  CHECK_U64(run.dram_bytes, r.dram_bytes);
  CHECK(run.bound.lower_bytes > 0 && (double)run.dram_bytes >= run.bound.compulsory_bytes);
  map_run_free(&run);
  cli_session_free(&s);
}

int main(void) {
  test_parse();
  test_run();
  UNIT_DONE();
}
