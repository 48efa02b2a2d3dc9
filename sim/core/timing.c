/*
 * timing — the 2D-array, 1D-array and MAC-pipeline cores (see sim_core.h for the model).
 * Pure functions; no allocation.
 */
#include "sim/core/sim_core.h"

static uint64_t tm_max(uint64_t a, uint64_t b) { return a > b ? a : b; }

uint64_t sim_a2d_overhead(const sim_a2d *a) {
  return a->rows + (a->rows - 1) + (a->cols - 1) + (a->depth - 1);
}

uint64_t sim_a2d_chain(const sim_a2d *a, bool acc_in, bool has_acc) {
  if (a->df == ARCH_DF_OS && acc_in && !has_acc) return 2 * a->rows;
  return a->rows;
}

uint64_t sim_a2d_fold_isolated(const sim_a2d *a) { return sim_a2d_overhead(a) + a->stream * a->ii; }

uint64_t sim_a2d_tile(const sim_a2d *a, uint64_t chain, uint64_t stall_per_step, bool burst_start,
                      uint64_t *compute, uint64_t *bank, uint64_t *bubble) {
  uint64_t step = a->stream * (a->ii + stall_per_step);
  uint64_t extra = chain > step ? chain - step : 0; /* chain slower than the stream */
  uint64_t nb = burst_start ? a->folds - 1 : a->folds;
  *compute = a->folds * a->stream * a->ii;
  *bank = a->folds * a->stream * stall_per_step;
  *bubble = nb * extra;
  return *compute + *bank + *bubble;
}

uint64_t sim_vec_tile(uint64_t per_lane, uint64_t ii) { return per_lane * (ii ? ii : 1); }
uint64_t sim_vec_overhead(uint64_t depth) { return depth ? depth - 1 : 0; }

bool sim_vec_op_timing(const arch_array *ar, arch_op op, uint64_t *latency, uint64_t *ii) {
  const arch_unit *u = arch_array_unit_for(ar, op);
  if (u) {
    *latency = u->pipeline_depth ? u->pipeline_depth : 1;
    *ii = u->initiation_interval ? u->initiation_interval : 1;
    return true;
  }
  if (op != ARCH_OP_EXP || !ar->has_exp_cost) return false;
  *latency = 0;
  *ii = 0;
  for (int o = 0; o < ARCH_OP_COUNT; o++) {
    if (!ar->exp_cost[o] || o == ARCH_OP_EXP) continue;
    const arch_unit *v = arch_array_unit_for(ar, (arch_op)o);
    if (!v) return false;
    *latency += ar->exp_cost[o] * (v->pipeline_depth ? v->pipeline_depth : 1);
    *ii += ar->exp_cost[o] * (v->initiation_interval ? v->initiation_interval : 1);
  }
  if (!*ii) *ii = 1;
  if (!*latency) *latency = 1;
  return true;
}

static unsigned tm_mant(const ops_format *f, bool *is_float) {
  if (!f) return 7;
  if (f->cls == OPS_FMT_FLOAT || (f->cls == OPS_FMT_BLOCK && !f->int_elems &&
                                  f->block_kind != OPS_BLOCK_NF4 && f->block_kind != OPS_BLOCK_OLIVE)) {
    *is_float = true;
    return f->fp.mbits;
  }
  return f->elem_bits;
}

static uint64_t tm_ceil(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

uint64_t sim_mac_depth(const arch_unit *u) {
  if (u->pipeline_depth > 1) return u->pipeline_depth;
  bool fa = false, fb = false, fc = false;
  unsigned ma = tm_mant(u->inputs[0], &fa);
  unsigned mb = tm_mant(u->ninputs > 1 ? u->inputs[1] : u->inputs[0], &fb);
  const ops_format *acc = u->acc ? u->acc : u->inputs[0];
  unsigned am = tm_mant(acc, &fc);
  if (!fa && !fb && !fc) return 1; /* an integer MAC: one cycle */
  uint64_t pm = (uint64_t)ma + 1 + mb + 1;
  return tm_max(1, tm_ceil(pm, 12) + 1 + tm_ceil((uint64_t)am + 1, 12) + 1);
}
