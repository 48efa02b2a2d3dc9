/*
 * op_parse — one entry of `workload.ops`: its kind, shape, options and formats, validated and
 * built into an einsum cascade with every tensor's format resolved.
 *
 * Shapes: gemm {m, n, k, batch=1}; conv2d {n=1, c, k, h, w, r, s} with stride/dilation (>= 1)
 * and padding (>= 0) as one integer or [vertical, horizontal]; attention {batch=1, heads=1,
 * seq_q, seq_kv=seq_q, head_dim} with causal=false and cascade=3-pass; einsum {expr, ranks}.
 * formats: role -> format name (roles from ops_kind_roles, or tensor names for einsum, plus acc).
 */
#ifndef OPS_OP_PARSE_H
#define OPS_OP_PARSE_H

#include "common/ydoc.h"
#include "ops/ir.h"

typedef struct ops_defaults {
  const ops_format *format; /* every tensor without its own format */
  const ops_format *acc;    /* accumulators and the intermediates of cascades */
} ops_defaults;

/* Parses node into *op; on failure op owns nothing. Returns 0 or -1 with a located error. */
int ops_op_parse(const com_ynode *node, const ops_defaults *d, ops_op *op, com_err *e);
/* A number format named by a YAML scalar, with a "did you mean" hint when unknown. */
int ops_format_from_node(const com_ynode *n, const char *what, const ops_format **out, com_err *e);

#endif
