/* op_parse — one workload op; see op_parse.h for the contract. */
#include "ops/op_parse.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "ops/build.h"
#include "ops/einsum.h"

static const char *const kind_names[] = {"gemm", "conv2d", "attention", "einsum", NULL};
static const char *const gemm_keys[] = {"name", "kind", "shape", "formats", NULL};
static const char *const conv_keys[] = {"name", "kind", "shape", "formats", "stride",
                                        "dilation", "padding", NULL};
static const char *const attn_keys[] = {"name", "kind", "shape", "formats", "causal", "cascade",
                                        "schedule", NULL};
static const char *const einsum_keys[] = {"name", "kind", "expr", "ranks", "formats", NULL};
static const char *const gemm_shape[] = {"m", "n", "k", "batch", NULL};
static const char *const conv_shape[] = {"n", "c", "k", "h", "w", "r", "s", NULL};
static const char *const attn_shape[] = {"batch", "heads", "seq_q", "seq_kv", "head_dim", NULL};
static const char *const cascade_names[] = {"3-pass", "2-pass", "1-pass", NULL};
static const char *const schedule_names[] = {"unfused", "flat", "cascade", "architecture",
                                             "fusemax", "flash", "auto", NULL};

int ops_format_from_node(const com_ynode *n, const char *what, const ops_format **out, com_err *e) {
  const char *name;
  if (com_ystr(n, what, &name, e)) return -1;
  *out = ops_format_find(name);
  if (*out) return 0;
  char hint[96];
  com_suggest_phrase(name, ops_format_names(), hint, sizeof hint);
  return com_err_at(e, n->loc, "unknown number format '%s'%s", name, hint);
}

/* A size in shape: required or defaulted, 1 <= size <= OPS_MAX_SIZE. */
static int op_size(const com_ynode *shape, const char *key, uint64_t dflt, uint64_t *out, com_err *e) {
  const com_ynode *n = com_yget(shape, key);
  if (!n) {
    if (dflt) { *out = dflt; return 0; }
    return com_err_at(e, shape->loc, "missing required key '%s' in 'shape'", key);
  }
  return com_yu64(n, key, 1, OPS_MAX_SIZE, out, e);
}

/* One integer or a [vertical, horizontal] pair, each >= min. */
static int op_pair(const com_ynode *op, const char *key, uint64_t min, uint64_t dflt, uint64_t out[2],
                   com_err *e) {
  const com_ynode *n = com_yget(op, key);
  out[0] = out[1] = dflt;
  if (!n) return 0;
  if (n->kind == COM_Y_SEQ) {
    if (n->len != 2)
      return com_err_at(e, n->loc, "'%s' must be one integer or [vertical, horizontal], got %zu values",
                        key, n->len);
    return com_yu64(n->items[0], key, min, 1u << 20, &out[0], e) ||
                   com_yu64(n->items[1], key, min, 1u << 20, &out[1], e) ? -1 : 0;
  }
  if (com_yu64(n, key, min, 1u << 20, &out[0], e)) return -1;
  out[1] = out[0];
  return 0;
}

static int op_shape_gemm(ops_op *op, const com_ynode *s, com_err *e) {
  ops_gemm_shape *g = &op->shape.gemm;
  if (com_ycheck_keys(s, "a gemm 'shape'", gemm_shape, e) || op_size(s, "m", 0, &g->m, e) ||
      op_size(s, "n", 0, &g->n, e) || op_size(s, "k", 0, &g->k, e) || op_size(s, "batch", 1, &g->batch, e))
    return -1;
  return ops_build_gemm(op, s->loc, e);
}

static int op_shape_conv(ops_op *op, const com_ynode *node, const com_ynode *s, com_err *e) {
  ops_conv_shape *c = &op->shape.conv;
  if (com_ycheck_keys(s, "a conv2d 'shape'", conv_shape, e) || op_size(s, "n", 1, &c->n, e) ||
      op_size(s, "c", 0, &c->c, e) || op_size(s, "k", 0, &c->k, e) || op_size(s, "h", 0, &c->h, e) ||
      op_size(s, "w", 0, &c->w, e) || op_size(s, "r", 0, &c->r, e) || op_size(s, "s", 0, &c->s, e) ||
      op_pair(node, "stride", 1, 1, c->stride, e) || op_pair(node, "dilation", 1, 1, c->dilation, e) ||
      op_pair(node, "padding", 0, 0, c->padding, e))
    return -1;
  return ops_build_conv2d(op, s->loc, e);
}

static int op_shape_attention(ops_op *op, const com_ynode *node, const com_ynode *s, com_err *e) {
  ops_attention_shape *a = &op->shape.attn;
  if (com_ycheck_keys(s, "an attention 'shape'", attn_shape, e) || op_size(s, "batch", 1, &a->batch, e) ||
      op_size(s, "heads", 1, &a->heads, e) || op_size(s, "seq_q", 0, &a->seq_q, e) ||
      op_size(s, "seq_kv", a->seq_q, &a->seq_kv, e) || op_size(s, "head_dim", 0, &a->head_dim, e))
    return -1;
  const com_ynode *n = com_yget(node, "causal");
  if (n && com_ybool(n, "causal", &a->causal, e)) return -1;
  com_loc where = s->loc;
  const com_ynode *sn = com_yget(node, "schedule");
  if (sn) {
    int idx;
    if (com_yenum(sn, "schedule", schedule_names, &idx, e)) return -1;
    a->schedule = (ops_attn_schedule)idx;
  }
  /* flat runs the 3-pass cascade; cascade/architecture/fusemax/flash/auto the 1-pass one, and
   * architecture/fusemax the 2-pass one too when asked. */
  bool one_pass = a->schedule != OPS_SCHED_UNFUSED && a->schedule != OPS_SCHED_FLAT;
  if (one_pass) a->cascade = OPS_CASCADE_1PASS;
  n = com_yget(node, "cascade");
  if (n) {
    int idx;
    if (com_yenum(n, "cascade", cascade_names, &idx, e)) return -1;
    where = n->loc;
    bool two_ok = (ops_cascade_kind)idx == OPS_CASCADE_2PASS &&
                  (a->schedule == OPS_SCHED_FUSEMAX || a->schedule == OPS_SCHED_ARCHITECTURE);
    if (sn && a->schedule != OPS_SCHED_UNFUSED && (ops_cascade_kind)idx != a->cascade && !two_ok)
      return com_err_at(e, n->loc, "schedule '%s' runs the %s cascade, not '%s' (drop `cascade:`)",
                        schedule_names[a->schedule], cascade_names[a->cascade], cascade_names[idx]);
    a->cascade = (ops_cascade_kind)idx;
  }
  return ops_build_attention(op, where, e);
}

static int op_einsum(ops_op *op, const com_ynode *node, com_err *e) {
  const com_ynode *expr, *ranks;
  const char *text;
  if (com_yrequire(node, "expr", "an einsum op", &expr, e) || com_ystr(expr, "expr", &text, e) ||
      com_yrequire(node, "ranks", "an einsum op", &ranks, e) || com_yexpect(ranks, COM_Y_MAP, "ranks", e))
    return -1;
  if (ranks->len > OPS_MAX_RANKS)
    return com_err_at(e, ranks->loc, "an einsum may have at most %d ranks", OPS_MAX_RANKS);
  ops_rank_decl decl[OPS_MAX_RANKS];
  for (size_t i = 0; i < ranks->len; i++) {
    decl[i].name = ranks->keys[i]->text;
    decl[i].loc = ranks->items[i]->loc;
    if (com_yu64(ranks->items[i], decl[i].name, 1, OPS_MAX_SIZE, &decl[i].size, e)) return -1;
  }
  op->einsums = calloc(1, sizeof *op->einsums);
  if (!op->einsums) return com_err_oom(e);
  op->neinsums = 1;
  com_loc where = expr->loc;
  if (expr->quoted) where.col++;
  return ops_einsum_parse(text, where, decl, (int)ranks->len, OPS_EINSUM_STRICT, &op->einsums[0], e);
}

/* Checks that formats: names only roles of this op and only known formats. */
static int op_formats_check(const ops_op *op, const com_ynode *formats, com_err *e) {
  if (!formats) return 0;
  if (com_yexpect(formats, COM_Y_MAP, "formats", e)) return -1;
  const char *einsum_roles[8] = {NULL};
  const char *const *roles = ops_kind_roles(op->kind);
  if (!roles) {
    const ops_einsum *es = &op->einsums[0];
    int n = 0;
    for (int i = 0; i < es->ninputs; i++) einsum_roles[n++] = es->in[i].name;
    einsum_roles[n++] = es->out.name;
    einsum_roles[n++] = "acc";
    roles = einsum_roles;
  }
  char what[96];
  snprintf(what, sizeof what, "the 'formats' of a %s op", ops_kind_name(op->kind));
  if (com_ycheck_keys(formats, what, roles, e)) return -1;
  for (size_t i = 0; i < formats->len; i++) {
    const ops_format *f;
    if (ops_format_from_node(formats->items[i], formats->keys[i]->text, &f, e)) return -1;
  }
  return 0;
}

static const ops_format *op_role_format(const com_ynode *formats, const char *role, const ops_defaults *d) {
  const com_ynode *n = com_yget(formats, role);
  if (n) return ops_format_find(n->text);
  return strcmp(role, "acc") == 0 ? d->acc : d->format;
}

static int op_apply_formats(ops_op *op, const com_ynode *formats, const ops_defaults *d, com_err *e) {
  if (op_formats_check(op, formats, e)) return -1;
  op->acc = op_role_format(formats, "acc", d);
  for (int i = 0; i < op->neinsums; i++) {
    ops_einsum *es = &op->einsums[i];
    ops_tensor *tensors[3] = {&es->in[0], &es->in[1], &es->out};
    for (int t = 0; t < 3; t++) {
      if (t == 1 && es->ninputs < 2) continue;
      const char *role = ops_tensor_role(op->kind, tensors[t]->name);
      if (ops_tensor_set_format(tensors[t], op_role_format(formats, role, d), op->loc, e)) return -1;
    }
  }
  return 0;
}

static int op_name(ops_op *op, const com_ynode *node, com_err *e) {
  const com_ynode *n;
  const char *name;
  if (com_yrequire(node, "name", "an op", &n, e) || com_ystr(n, "name", &name, e)) return -1;
  if (strlen(name) >= OPS_NAME_MAX)
    return com_err_at(e, n->loc, "op name '%s' is longer than %d characters", name, OPS_NAME_MAX - 1);
  for (const char *c = name; *c; c++)
    if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
      return com_err_at(e, n->loc, "op name '%s' may only use letters, digits, '_', '-' and '.'", name);
  com_strlcpy(op->name, name, sizeof op->name);
  return 0;
}

static int op_parse_body(const com_ynode *node, const ops_defaults *d, ops_op *op, com_err *e) {
  static const char *const *keys_of[] = {gemm_keys, conv_keys, attn_keys, einsum_keys};
  const com_ynode *n, *shape = NULL;
  int kind;
  if (com_yexpect(node, COM_Y_MAP, "an op", e) || op_name(op, node, e) ||
      com_yrequire(node, "kind", "an op", &n, e) || com_yenum(n, "op kind", kind_names, &kind, e))
    return -1;
  op->kind = (ops_kind)kind;
  char what[96];
  snprintf(what, sizeof what, "a %s op", kind_names[kind]);
  if (com_ycheck_keys(node, what, keys_of[kind], e)) return -1;
  if (op->kind != OPS_KIND_EINSUM &&
      (com_yrequire(node, "shape", what, &shape, e) || com_yexpect(shape, COM_Y_MAP, "shape", e)))
    return -1;
  int st;
  switch (op->kind) {
  case OPS_KIND_GEMM: st = op_shape_gemm(op, shape, e); break;
  case OPS_KIND_CONV2D: st = op_shape_conv(op, node, shape, e); break;
  case OPS_KIND_ATTENTION: st = op_shape_attention(op, node, shape, e); break;
  default: st = op_einsum(op, node, e); break;
  }
  if (st || op_apply_formats(op, com_yget(node, "formats"), d, e)) return -1;
  return ops_op_count(op, op->loc, e);
}

int ops_op_parse(const com_ynode *node, const ops_defaults *d, ops_op *op, com_err *e) {
  memset(op, 0, sizeof *op);
  op->loc = node->loc;
  if (op_parse_body(node, d, op, e) == 0) return 0;
  ops_op_clear(op);
  return -1;
}
