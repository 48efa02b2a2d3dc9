/*
 * build — operator builders: turn a gemm, conv2d or attention shape into its einsum cascade,
 * and name the format role of every tensor so the workload's `formats:` can be applied.
 *
 * gemm       Z[b,m,n] += A[b,m,k] * B[b,k,n]     (no b rank when batch is absent)
 * conv2d     O[n,k,p,q] += I[n,c,p*sh+r*dh,q*sw+s*dw] * W[k,c,r,s]   (I is the padded input)
 * attention  the built-in cascade attention-3-pass (ops/cascades/attention-3-pass.yaml:
 *            QK, GM, SN, SD, A, AV)
 *
 * Builders fill op->einsums (owned by op) with formats unset; op->shape must be filled and
 * validated (sizes >= 1) by the caller. Errors are reported at `where` (the op's shape).
 */
#ifndef OPS_BUILD_H
#define OPS_BUILD_H

#include "ops/ir.h"

int ops_build_gemm(ops_op *op, com_loc where, com_err *e);
/* Also derives op->shape.conv.p and .q; fails when the filter does not fit the padded input. */
int ops_build_conv2d(ops_op *op, com_loc where, com_err *e);
/* Builds the op's cascade: 3-pass (unfused, flat), 1-pass (fused schedules) or 2-pass (fusemax,
 * architecture); other combinations are refused with a clear error. Under a causal mask each
 * einsum's points_effective counts the visible query/key pairs (or key tiles). */
int ops_build_attention(ops_op *op, com_loc where, com_err *e);
/* Query/key pairs a causal mask keeps (bottom-right aligned, as FlashAttention): query i of
 * seq_q sees keys j <= i + (seq_kv - seq_q). Exact in 128 bits. */
unsigned __int128 ops_attention_causal_pairs(uint64_t seq_q, uint64_t seq_kv);

/* The format role of a tensor of an op of the given kind: gemm a/b/out, conv2d
 * input/weight/out, attention q/k/v/p/out/acc. For einsum ops the role is the tensor name. */
const char *ops_tensor_role(ops_kind kind, const char *tensor);
/* The roles a kind's `formats:` may name (NULL-terminated); NULL for einsum (tensor names). */
const char *const *ops_kind_roles(ops_kind kind);

/* Adds up op->macs and op->other_ops; fails on overflow. */
int ops_op_count(ops_op *op, com_loc where, com_err *e);

#endif
