/* ir_report — text and JSON views of the IR; see ir_report.h for the contract. */
#include "reports/ir_report.h"

#include <inttypes.h>

static const char *ir_einsum_class(const ops_einsum *es) {
  if (ops_einsum_is_mac(es)) return "mac";
  if (es->reduce == OPS_RED_MAX) return "max-reduce";
  if (es->reduce == OPS_RED_SUM) return "sum-reduce";
  return "map";
}

static void ir_shape_text(const ops_op *op, FILE *out) {
  switch (op->kind) {
  case OPS_KIND_GEMM: {
    const ops_gemm_shape *g = &op->shape.gemm;
    fprintf(out, "batch=%" PRIu64 " m=%" PRIu64 " n=%" PRIu64 " k=%" PRIu64, g->batch, g->m, g->n, g->k);
    break;
  }
  case OPS_KIND_CONV2D: {
    const ops_conv_shape *c = &op->shape.conv;
    fprintf(out, "n=%" PRIu64 " c=%" PRIu64 " k=%" PRIu64 " h=%" PRIu64 " w=%" PRIu64 " r=%" PRIu64
            " s=%" PRIu64 " stride=%" PRIu64 "x%" PRIu64 " dilation=%" PRIu64 "x%" PRIu64
            " padding=%" PRIu64 "x%" PRIu64 " -> p=%" PRIu64 " q=%" PRIu64,
            c->n, c->c, c->k, c->h, c->w, c->r, c->s, c->stride[0], c->stride[1], c->dilation[0],
            c->dilation[1], c->padding[0], c->padding[1], c->p, c->q);
    break;
  }
  case OPS_KIND_ATTENTION: {
    const ops_attention_shape *a = &op->shape.attn;
    fprintf(out, "batch=%" PRIu64 " heads=%" PRIu64 " seq_q=%" PRIu64 " seq_kv=%" PRIu64
            " head_dim=%" PRIu64 " cascade=%s%s%s%s",
            a->batch, a->heads, a->seq_q, a->seq_kv, a->head_dim, ops_cascade_name(a->cascade),
            a->causal ? " causal" : "", a->schedule != OPS_SCHED_UNFUSED ? " schedule=" : "",
            a->schedule != OPS_SCHED_UNFUSED ? ops_attn_schedule_name(a->schedule) : "");
    break;
  }
  case OPS_KIND_EINSUM: fprintf(out, "%d ranks", op->einsums[0].nranks); break;
  }
}

static void ir_tensor_text(const ops_tensor *t, FILE *out) {
  fprintf(out, "      %-4s %-6s [", t->name, ops_role_name(t->role));
  for (int d = 0; d < t->ndims; d++) fprintf(out, "%s%" PRIu64, d ? "," : "", t->extent[d]);
  fprintf(out, "] %" PRIu64 " elements, %s, %" PRIu64 " bytes\n", t->elems, t->format->name, t->bytes);
}

void rep_ir_text(const ops_workload *w, FILE *out) {
  fprintf(out, "workload %s (%s): %d op%s, defaults format=%s acc=%s\n", w->name, w->file, w->nops,
          w->nops == 1 ? "" : "s", w->default_format->name, w->default_acc->name);
  for (int i = 0; i < w->nops; i++) {
    const ops_op *op = &w->ops[i];
    fprintf(out, "\nop %s: %s ", op->name, ops_kind_name(op->kind));
    ir_shape_text(op, out);
    fprintf(out, "\n  %d einsum%s, %" PRIu64 " MACs, %" PRIu64 " other ops, accumulator %s\n",
            op->neinsums, op->neinsums == 1 ? "" : "s", op->macs, op->other_ops, op->acc->name);
    for (int k = 0; k < op->neinsums; k++) {
      const ops_einsum *es = &op->einsums[k];
      fprintf(out, "  einsum %s (%s): %s\n    ranks", es->name, ir_einsum_class(es), es->expr);
      for (int r = 0; r < es->nranks; r++) fprintf(out, " %s=%" PRIu64, es->rank_name[r], es->rank_size[r]);
      fprintf(out, "; points %" PRIu64, es->points);
      if (es->points_effective != es->points) fprintf(out, " (%" PRIu64 " under the causal mask)", es->points_effective);
      fputc('\n', out);
      for (int t = 0; t < es->ninputs; t++) ir_tensor_text(&es->in[t], out);
      ir_tensor_text(&es->out, out);
    }
  }
  fprintf(out, "\ntotal: %" PRIu64 " MACs, %" PRIu64 " other ops\n", w->macs, w->other_ops);
}

static void ir_shape_json(const ops_op *op, com_json *j) {
  com_json_obj_begin(j, "shape");
  switch (op->kind) {
  case OPS_KIND_GEMM:
    com_json_u64(j, "batch", op->shape.gemm.batch);
    com_json_u64(j, "m", op->shape.gemm.m);
    com_json_u64(j, "n", op->shape.gemm.n);
    com_json_u64(j, "k", op->shape.gemm.k);
    break;
  case OPS_KIND_CONV2D: {
    const ops_conv_shape *c = &op->shape.conv;
    const char *names[] = {"n", "c", "k", "h", "w", "r", "s", "p", "q"};
    uint64_t v[] = {c->n, c->c, c->k, c->h, c->w, c->r, c->s, c->p, c->q};
    for (int i = 0; i < 9; i++) com_json_u64(j, names[i], v[i]);
    const char *pairs[] = {"stride", "dilation", "padding"};
    const uint64_t *pv[] = {c->stride, c->dilation, c->padding};
    for (int i = 0; i < 3; i++) {
      com_json_arr_begin(j, pairs[i]);
      com_json_u64(j, NULL, pv[i][0]);
      com_json_u64(j, NULL, pv[i][1]);
      com_json_arr_end(j);
    }
    break;
  }
  case OPS_KIND_ATTENTION: {
    const ops_attention_shape *a = &op->shape.attn;
    com_json_u64(j, "batch", a->batch);
    com_json_u64(j, "heads", a->heads);
    com_json_u64(j, "seq_q", a->seq_q);
    com_json_u64(j, "seq_kv", a->seq_kv);
    com_json_u64(j, "head_dim", a->head_dim);
    com_json_bool(j, "causal", a->causal);
    com_json_str(j, "cascade", ops_cascade_name(a->cascade));
    com_json_str(j, "schedule", ops_attn_schedule_name(a->schedule));
    break;
  }
  case OPS_KIND_EINSUM: break;
  }
  com_json_obj_end(j);
}

static void ir_tensor_json(const ops_tensor *t, com_json *j) {
  com_json_obj_begin(j, NULL);
  com_json_str(j, "name", t->name);
  com_json_str(j, "role", ops_role_name(t->role));
  com_json_str(j, "format", t->format->name);
  com_json_arr_begin(j, "extent");
  for (int d = 0; d < t->ndims; d++) com_json_u64(j, NULL, t->extent[d]);
  com_json_arr_end(j);
  com_json_u64(j, "elements", t->elems);
  com_json_u64(j, "bytes", t->bytes);
  com_json_obj_end(j);
}

static void ir_einsum_json(const ops_einsum *es, com_json *j) {
  com_json_obj_begin(j, NULL);
  com_json_str(j, "name", es->name);
  com_json_str(j, "expr", es->expr);
  com_json_str(j, "class", ir_einsum_class(es));
  com_json_obj_begin(j, "ranks");
  for (int r = 0; r < es->nranks; r++) com_json_u64(j, es->rank_name[r], es->rank_size[r]);
  com_json_obj_end(j);
  com_json_u64(j, "points", es->points);
  com_json_u64(j, "points_effective", es->points_effective);
  com_json_arr_begin(j, "tensors");
  for (int t = 0; t < es->ninputs; t++) ir_tensor_json(&es->in[t], j);
  ir_tensor_json(&es->out, j);
  com_json_arr_end(j);
  com_json_obj_end(j);
}

void rep_ir_json(const ops_workload *w, com_json *j) {
  com_json_obj_begin(j, "workload");
  com_json_str(j, "name", w->name);
  com_json_str(j, "file", w->file);
  com_json_str(j, "default_format", w->default_format->name);
  com_json_str(j, "default_acc", w->default_acc->name);
  com_json_obj_end(j);
  com_json_arr_begin(j, "ops");
  for (int i = 0; i < w->nops; i++) {
    const ops_op *op = &w->ops[i];
    com_json_obj_begin(j, NULL);
    com_json_str(j, "name", op->name);
    com_json_str(j, "kind", ops_kind_name(op->kind));
    ir_shape_json(op, j);
    com_json_str(j, "acc", op->acc->name);
    com_json_u64(j, "macs", op->macs);
    com_json_u64(j, "other_ops", op->other_ops);
    com_json_arr_begin(j, "einsums");
    for (int k = 0; k < op->neinsums; k++) ir_einsum_json(&op->einsums[k], j);
    com_json_arr_end(j);
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
  com_json_obj_begin(j, "total");
  com_json_u64(j, "ops", (uint64_t)w->nops);
  com_json_u64(j, "macs", w->macs);
  com_json_u64(j, "other_ops", w->other_ops);
  com_json_obj_end(j);
}
