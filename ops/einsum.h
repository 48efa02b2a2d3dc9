/*
 * einsum — parsing einsum expressions into the IR.
 *
 *   expr    := ref assign rhs
 *   assign  := "=" | "+=" | "max="          (+= sums, max= takes the max over reduced ranks)
 *   rhs     := operand | operand binop operand | "exp(" rhs ")" | "max(" operand "," operand ")"
 *   binop   := "*" | "+" | "-" | "/"
 *   operand := NAME [ "[" index { "," index } "]" ]
 *   index   := term { "+" term }             term := NAME | INT | INT "*" NAME | NAME "*" INT | FINAL
 *
 * The output indexes plain ranks, each once; rank+N (N >= 1) makes the einsum a recurrence
 * over that rank, which may then read its own output at lower indices (R[m1+1] = max(R[m1], X)).
 * FINAL is a declared rank written in capitals (M1 for m1): the constant index equal to the
 * rank's size, i.e. the last value of a recurrence. Ranks used only on the right are reduced,
 * which needs += or max=. Every rank used must be declared with a size, and every declared rank
 * used (unless OPS_EINSUM_DROP_UNUSED).
 * Errors point into the expression: the caller passes where the expression text starts.
 */
#ifndef OPS_EINSUM_H
#define OPS_EINSUM_H

#include "ops/ir.h"

typedef struct ops_rank_decl {
  const char *name;
  uint64_t size;
  com_loc loc; /* where the size was written */
} ops_rank_decl;

/* Flags of ops_einsum_parse. */
enum {
  OPS_EINSUM_STRICT = 0,       /* a declared rank that the expression does not use is an error */
  OPS_EINSUM_DROP_UNUSED = 1   /* declared ranks not used are left out (builders share a list) */
};

/* Parses expr with the given rank sizes into *es (tensor formats left NULL, bytes 0).
 * where: location of the first character of expr. Returns 0 or -1 with a located error. */
int ops_einsum_parse(const char *expr, com_loc where, const ops_rank_decl *ranks, int nranks,
                     unsigned flags, ops_einsum *es, com_err *e);
/* Index of the rank called name in ranks, or -1. */
int ops_einsum_rank_declared(const ops_rank_decl *ranks, int nranks, const char *name);
/* True when an output tensor is written at rank+N (the einsum is a recurrence). */
bool ops_tensor_is_recurrence(const ops_tensor *out);
/* Sets a tensor's format and storage bytes; fails on byte-count overflow. */
int ops_tensor_set_format(ops_tensor *t, const ops_format *f, com_loc where, com_err *e);

#endif
