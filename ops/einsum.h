/*
 * einsum — parsing einsum expressions into the IR.
 *
 *   expr    := ref assign rhs
 *   assign  := "=" | "+=" | "max="          (+= sums, max= takes the max over reduced ranks)
 *   rhs     := operand | operand binop operand | "exp(" rhs ")" | "max(" operand "," operand ")"
 *   binop   := "*" | "+" | "-" | "/"
 *   operand := NAME [ "[" index { "," index } "]" ]
 *   index   := term { "+" term }             term := NAME | INT | INT "*" NAME | NAME "*" INT
 *
 * The output indexes plain ranks, each once. Ranks used only on the right are reduced, which
 * needs += or max=. Every rank used must be declared with a size, and every declared rank used.
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
/* Sets a tensor's format and storage bytes; fails on byte-count overflow. */
int ops_tensor_set_format(ops_tensor *t, const ops_format *f, com_loc where, com_err *e);

#endif
