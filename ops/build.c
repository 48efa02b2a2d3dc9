/* build — operator builders; see build.h for the contract. */
#include "ops/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "ops/cascade.h"
#include "ops/einsum.h"

/* Parses each expression with the given ranks into a freshly allocated cascade. */
static int build_cascade(ops_op *op, const char *const *exprs, int n, const ops_rank_decl *all,
                         int nall, com_loc where, com_err *e) {
  ops_einsum *es = calloc((size_t)n, sizeof *es);
  if (!es) return com_err_oom(e);
  for (int i = 0; i < n; i++) {
    if (ops_einsum_parse(exprs[i], where, all, nall, OPS_EINSUM_DROP_UNUSED, &es[i], e)) {
      free(es);
      return -1;
    }
  }
  op->einsums = es;
  op->neinsums = n;
  return 0;
}

int ops_build_gemm(ops_op *op, com_loc where, com_err *e) {
  const ops_gemm_shape *g = &op->shape.gemm;
  ops_rank_decl ranks[] = {{"b", g->batch, where}, {"m", g->m, where}, {"n", g->n, where},
                           {"k", g->k, where}};
  if (g->batch > 1) {
    const char *expr = "Z[b,m,n] += A[b,m,k] * B[b,k,n]";
    return build_cascade(op, &expr, 1, ranks, 4, where, e);
  }
  const char *expr = "Z[m,n] += A[m,k] * B[k,n]";
  return build_cascade(op, &expr, 1, ranks + 1, 3, where, e);
}

int ops_build_conv2d(ops_op *op, com_loc where, com_err *e) {
  ops_conv_shape *c = &op->shape.conv;
  uint64_t out[2], in[2] = {c->h, c->w}, filt[2] = {c->r, c->s};
  for (int d = 0; d < 2; d++) {
    uint64_t padded, reach, pad2;
    if (!com_mul_u64(c->padding[d], 2, &pad2) || !com_add_u64(in[d], pad2, &padded) ||
        !com_mul_u64(c->dilation[d], filt[d] - 1, &reach) || !com_add_u64(reach, 1, &reach))
      return com_err_at(e, where, "conv2d sizes overflow 64 bits");
    if (reach > padded)
      return com_err_at(e, where,
                        "the %s filter (%llu with dilation %llu) is larger than the padded input (%llu)",
                        d ? "horizontal" : "vertical", (unsigned long long)filt[d],
                        (unsigned long long)c->dilation[d], (unsigned long long)padded);
    out[d] = (padded - reach) / c->stride[d] + 1;
  }
  c->p = out[0];
  c->q = out[1];
  char expr[256];
  snprintf(expr, sizeof expr, "O[n,k,p,q] += I[n,c,p*%llu+r*%llu,q*%llu+s*%llu] * W[k,c,r,s]",
           (unsigned long long)c->stride[0], (unsigned long long)c->dilation[0],
           (unsigned long long)c->stride[1], (unsigned long long)c->dilation[1]);
  ops_rank_decl ranks[] = {{"n", c->n, where}, {"k", c->k, where}, {"c", c->c, where},
                           {"p", c->p, where}, {"q", c->q, where}, {"r", c->r, where},
                           {"s", c->s, where}};
  const char *exprs[] = {expr};
  return build_cascade(op, exprs, 1, ranks, 7, where, e);
}

unsigned __int128 ops_attention_causal_pairs(uint64_t sq, uint64_t skv) {
  unsigned __int128 q = sq, kv = skv;
  if (skv >= sq) return q * (kv - q + 1) + q * (q - 1) / 2;
  return kv * (kv + 1) / 2;
}

/* Sum over v = 1 .. V of ceil(v / m0): the key tiles of m0 keys queries seeing 1 .. V keys
 * touch. */
static unsigned __int128 build_tile_sum(uint64_t V, uint64_t m0) {
  unsigned __int128 q = V / m0, rem = V % m0;
  return (unsigned __int128)m0 * q * (q + 1) / 2 + rem * (q + 1);
}

/* (key tile, query) pairs a causal mask keeps: tiles of m0 keys with at least one visible key. */
static unsigned __int128 build_causal_rows(uint64_t sq, uint64_t skv, uint64_t m0) {
  if (skv >= sq) return build_tile_sum(skv, m0) - build_tile_sum(skv - sq, m0);
  return build_tile_sum(skv, m0);
}

/* m0 of the 1-pass cascade when the builder cannot know the 2D array width: the FuseMax cloud
 * width. mapper/fuse.c re-derives the tiling from the architecture; these einsums only carry the
 * op's operation counts and the cascade's structure (docs/fusemax.md). */
#define BUILD_DEFAULT_M0 256

int ops_build_attention(ops_op *op, com_loc where, com_err *e) {
  const ops_attention_shape *a = &op->shape.attn;
  bool fused = a->schedule != OPS_SCHED_UNFUSED;
  bool two_ok = a->schedule == OPS_SCHED_FUSEMAX || a->schedule == OPS_SCHED_ARCHITECTURE;
  if ((a->cascade == OPS_CASCADE_2PASS && !two_ok) || (a->cascade == OPS_CASCADE_1PASS && !fused))
    return com_err_at(e, where,
                      "cascade '%s' cannot be evaluated %s: unfused attention maps the 3-pass "
                      "cascade, fused schedules (`schedule: fusemax`, ...) the 1-pass one, and the "
                      "2-pass one runs with `schedule: fusemax` or `architecture` "
                      "(`accel-sim cascade --builtin attention-%s` shows its pass analysis)",
                      ops_cascade_name(a->cascade), fused ? "by this schedule" : "unfused",
                      ops_cascade_name(a->cascade));
  uint64_t m0 = a->seq_kv % BUILD_DEFAULT_M0 == 0 ? BUILD_DEFAULT_M0 : a->seq_kv;
  ops_rank_decl ranks3[] = {{"b", a->batch, where},  {"h", a->heads, where},
                            {"m", a->seq_kv, where}, {"p", a->seq_q, where},
                            {"e", a->head_dim, where}, {"f", a->head_dim, where}};
  ops_rank_decl ranks1[] = {{"b", a->batch, where},       {"h", a->heads, where},
                            {"m1", a->seq_kv / m0, where}, {"m0", m0, where},
                            {"p", a->seq_q, where},       {"e", a->head_dim, where},
                            {"f", a->head_dim, where}};
  /* the 1-pass and 2-pass cascades split m into m1 x m0 */
  bool split = a->cascade != OPS_CASCADE_3PASS;
  const char *builtin = a->cascade == OPS_CASCADE_1PASS   ? "attention-1-pass"
                        : a->cascade == OPS_CASCADE_2PASS ? "attention-2-pass"
                                                          : "attention-3-pass";
  ops_cascade *c = NULL;
  com_err inner = {0};
  if (ops_cascade_builtin(builtin, split ? ranks1 : ranks3, split ? 7 : 6, &c, &inner))
    return com_err_at(e, where, "%s", strstr(inner.msg, "error: ") ? strstr(inner.msg, "error: ") + 7 : inner.msg);
  op->einsums = calloc((size_t)c->neinsums, sizeof *op->einsums);
  if (!op->einsums) {
    ops_cascade_free(c);
    return com_err_oom(e);
  }
  memcpy(op->einsums, c->einsums, (size_t)c->neinsums * sizeof *op->einsums);
  op->neinsums = c->neinsums;
  ops_cascade_free(c);
  if (!a->causal) return 0;
  /* The 3-pass einsums over (m, p) and the 1-/2-pass ones over (m1, m0, p) keep the visible
   * query/key pairs; the 1-/2-pass ones over (m1, p) the key tiles with a visible key. */
  unsigned __int128 pairs = ops_attention_causal_pairs(a->seq_q, a->seq_kv);
  unsigned __int128 rows = build_causal_rows(a->seq_q, a->seq_kv, m0);
  for (int i = 0; i < op->neinsums; i++) {
    ops_einsum *es = &op->einsums[i];
    bool elem = ops_einsum_rank(es, "m") >= 0 ||
                (ops_einsum_rank(es, "m1") >= 0 && ops_einsum_rank(es, "m0") >= 0);
    bool row = !elem && ops_einsum_rank(es, "m1") >= 0;
    if ((!elem && !row) || ops_einsum_rank(es, "p") < 0) continue;
    uint64_t full = elem ? a->seq_q * a->seq_kv : a->seq_q * (a->seq_kv / m0);
    unsigned __int128 rest = es->points / full; /* exact: a product of ranks */
    unsigned __int128 eff = rest * (elem ? pairs : rows);
    if (eff > UINT64_MAX) return com_err_at(e, where, "attention work overflows 64 bits");
    es->points_effective = (uint64_t)eff;
  }
  return 0;
}

static const char *const gemm_roles[] = {"a", "b", "out", "acc", NULL};
static const char *const conv_roles[] = {"input", "weight", "out", "acc", NULL};
static const char *const attn_roles[] = {"q", "k", "v", "p", "out", "acc", NULL};

const char *const *ops_kind_roles(ops_kind kind) {
  switch (kind) {
  case OPS_KIND_GEMM: return gemm_roles;
  case OPS_KIND_CONV2D: return conv_roles;
  case OPS_KIND_ATTENTION: return attn_roles;
  case OPS_KIND_EINSUM: return NULL;
  }
  return NULL;
}

const char *ops_tensor_role(ops_kind kind, const char *tensor) {
  static const struct { ops_kind kind; const char *tensor, *role; } table[] = {
      {OPS_KIND_GEMM, "A", "a"},       {OPS_KIND_GEMM, "B", "b"},       {OPS_KIND_GEMM, "Z", "out"},
      {OPS_KIND_CONV2D, "I", "input"}, {OPS_KIND_CONV2D, "W", "weight"}, {OPS_KIND_CONV2D, "O", "out"},
      {OPS_KIND_ATTENTION, "Q", "q"},  {OPS_KIND_ATTENTION, "K", "k"},   {OPS_KIND_ATTENTION, "V", "v"},
      {OPS_KIND_ATTENTION, "SN", "p"}, {OPS_KIND_ATTENTION, "A", "p"},   {OPS_KIND_ATTENTION, "AV", "out"},
      {OPS_KIND_ATTENTION, "QK", "acc"}, {OPS_KIND_ATTENTION, "GM", "acc"},
      {OPS_KIND_ATTENTION, "SD", "acc"},
  };
  if (kind == OPS_KIND_EINSUM) return tensor;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (table[i].kind == kind && strcmp(table[i].tensor, tensor) == 0) return table[i].role;
  return "acc";
}

int ops_op_count(ops_op *op, com_loc where, com_err *e) {
  op->macs = op->other_ops = 0;
  for (int i = 0; i < op->neinsums; i++) {
    uint64_t *sum = ops_einsum_is_mac(&op->einsums[i]) ? &op->macs : &op->other_ops;
    if (!com_add_u64(*sum, op->einsums[i].points_effective, sum))
      return com_err_at(e, where, "the op's operation count overflows 64 bits");
  }
  return 0;
}
