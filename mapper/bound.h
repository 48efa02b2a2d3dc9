/*
 * bound — DRAM traffic lower bounds of an operator on an architecture:
 *   compulsory  every input read once, the output written once (bytes of the op's external
 *               tensors: the first and last einsum's operands that are not intermediates);
 *   io          the I/O lower bound for the on-chip capacity S (all on-chip levels x instances,
 *               in elements of the smallest format): GEMM 2*B*M*N*K/sqrt(S) (Hong-Kung leading
 *               term); attention B*H*N^2*d^2/S when S >= d^2, else B*H*N^2*d/sqrt(S)
 *               (FlashAttention); conv2d and generic einsums: compulsory only.
 * lower = max(compulsory, io). Pure and thread-safe.
 */
#ifndef MAP_BOUND_H
#define MAP_BOUND_H

#include "arch/arch.h"
#include "ops/ir.h"

typedef struct map_bound {
  double compulsory_bytes;
  double io_bytes;          /* 0 when no I/O bound form applies */
  double lower_bytes;       /* max of the two */
  double onchip_elems;      /* S */
  const char *form;         /* "2MNK/sqrt(S)", "N^2 d^2/S", "N^2 d/sqrt(S)" or "compulsory" */
} map_bound;

void map_bound_op(const ops_op *op, const arch_spec *a, map_bound *b);

#endif
