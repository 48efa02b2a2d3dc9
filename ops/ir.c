/* ir — small helpers over the IR; see ir.h for the contract. */
#include "ops/ir.h"

#include <stdlib.h>
#include <string.h>

bool ops_einsum_is_mac(const ops_einsum *es) {
  return es->binop == OPS_BIN_MUL && es->unop == OPS_UN_NONE && es->reduce == OPS_RED_SUM;
}

int ops_einsum_rank(const ops_einsum *es, const char *name) {
  for (int i = 0; i < es->nranks; i++)
    if (strcmp(es->rank_name[i], name) == 0) return i;
  return -1;
}

const char *ops_kind_name(ops_kind kind) {
  switch (kind) {
  case OPS_KIND_GEMM: return "gemm";
  case OPS_KIND_CONV2D: return "conv2d";
  case OPS_KIND_ATTENTION: return "attention";
  case OPS_KIND_EINSUM: return "einsum";
  }
  return "?";
}

const char *ops_attn_schedule_name(ops_attn_schedule s) {
  static const char *const names[] = {"unfused", "flat", "cascade", "architecture", "fusemax",
                                      "flash", "auto"};
  return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *ops_cascade_name(ops_cascade_kind cascade) {
  switch (cascade) {
  case OPS_CASCADE_3PASS: return "3-pass";
  case OPS_CASCADE_2PASS: return "2-pass";
  case OPS_CASCADE_1PASS: return "1-pass";
  }
  return "?";
}

const char *ops_role_name(ops_role role) {
  switch (role) {
  case OPS_ROLE_INPUT: return "input";
  case OPS_ROLE_WEIGHT: return "weight";
  case OPS_ROLE_OUTPUT: return "output";
  }
  return "?";
}

void ops_op_clear(ops_op *op) {
  free(op->einsums);
  op->einsums = NULL;
  op->neinsums = 0;
}
