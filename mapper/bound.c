/* bound — DRAM traffic lower bounds (see bound.h). */
#include <math.h>
#include <string.h>

#include "mapper/bound.h"

/* Bytes of the op's external tensors: inputs of any einsum not produced inside the op, and the
 * last einsum's output. */
static double bd_compulsory(const ops_op *op, double *min_bytes) {
  double total = 0;
  *min_bytes = 1e30;
  for (int i = 0; i < op->neinsums; i++) {
    const ops_einsum *es = &op->einsums[i];
    for (int k = 0; k < es->ninputs; k++) {
      bool internal = false;
      for (int p = 0; p < i; p++) internal |= strcmp(op->einsums[p].out.name, es->in[k].name) == 0;
      bool seen = false;
      for (int p = 0; p < i && !internal; p++)
        for (int q = 0; q < op->einsums[p].ninputs; q++)
          seen |= strcmp(op->einsums[p].in[q].name, es->in[k].name) == 0;
      for (int q = 0; q < k; q++) seen |= strcmp(es->in[q].name, es->in[k].name) == 0;
      if (!internal && !seen) total += (double)es->in[k].bytes;
      if (es->in[k].format && es->in[k].format->bits_per_elem / 8.0 < *min_bytes)
        *min_bytes = es->in[k].format->bits_per_elem / 8.0;
    }
  }
  if (op->neinsums) total += (double)op->einsums[op->neinsums - 1].out.bytes;
  if (*min_bytes > 1e29) *min_bytes = 1;
  return total;
}

void map_bound_op(const ops_op *op, const arch_spec *a, map_bound *b) {
  memset(b, 0, sizeof *b);
  double eb;
  b->compulsory_bytes = bd_compulsory(op, &eb);
  double cap = 0;
  for (int j = 1; j < a->nlevels; j++)
    cap += (double)a->levels[j].size_bytes * (double)(a->levels[j].instances ? a->levels[j].instances : 1);
  for (int i = 0; i < a->narrays; i++)
    if (a->arrays[i].has_local)
      cap += (double)a->arrays[i].local.size_bytes * (double)a->arrays[i].pes;
  double s = cap / eb;
  b->onchip_elems = s;
  b->form = "compulsory";
  if (s >= 1 && op->kind == OPS_KIND_GEMM) {
    const ops_gemm_shape *g = &op->shape.gemm;
    double batch = g->batch ? (double)g->batch : 1;
    b->io_bytes = 2.0 * batch * (double)g->m * (double)g->n * (double)g->k / sqrt(s) * eb;
    b->form = "2MNK/sqrt(S)";
  } else if (s >= 1 && op->kind == OPS_KIND_ATTENTION) {
    const ops_attention_shape *t = &op->shape.attn;
    double bh = (double)t->batch * (double)t->heads, d = (double)t->head_dim;
    double n2 = (double)t->seq_q * (double)t->seq_kv;
    if (s >= d * d) {
      b->io_bytes = bh * n2 * d * d / s * eb;
      b->form = "N^2 d^2/S";
    } else {
      b->io_bytes = bh * n2 * d / sqrt(s) * eb;
      b->form = "N^2 d/sqrt(S)";
    }
  }
  b->lower_bytes = fmax(b->compulsory_bytes, b->io_bytes);
}
