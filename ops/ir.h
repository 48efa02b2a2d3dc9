/*
 * ir — what is computed: tensors with affine projections, einsums, and operators made of
 * einsum cascades. Builders (gemm, conv2d, attention) and the generic einsum parser all
 * produce these structures; the mapper, the simulator and the reports read them.
 *
 * Sizes are 64-bit and every product of user sizes was overflow-checked when the IR was
 * built, so readers may multiply rank sizes of one einsum without checking again.
 */
#ifndef OPS_IR_H
#define OPS_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "ops/format.h"

#define OPS_NAME_MAX 48   /* names of ops, einsums, tensors, ranks (including the NUL) */
#define OPS_MAX_RANKS 12  /* ranks of one einsum */
#define OPS_MAX_DIMS 8    /* dimensions of one tensor */
#define OPS_MAX_TERMS 4   /* rank terms in one affine index (p*2 + r*1 has two) */
#define OPS_MAX_SIZE ((uint64_t)1 << 53) /* largest rank size: exact in a double too */

/* One tensor dimension: offset + sum of coef[i] * rank[i]; coefficients are >= 1. */
typedef struct ops_affine {
  int nterms;
  int rank[OPS_MAX_TERMS]; /* index into the einsum's ranks */
  uint64_t coef[OPS_MAX_TERMS];
  uint64_t offset;
} ops_affine;

/* The class of a tensor for storage decisions (arch `keep`/`bypass` lists): the first operand
 * of an einsum is its input, the second its weight, the result its output. */
typedef enum { OPS_ROLE_INPUT, OPS_ROLE_WEIGHT, OPS_ROLE_OUTPUT } ops_role;

typedef struct ops_tensor {
  char name[OPS_NAME_MAX];
  ops_role role;
  int ndims;
  ops_affine dims[OPS_MAX_DIMS];
  uint64_t extent[OPS_MAX_DIMS]; /* size of each dimension */
  uint64_t elems;                /* product of the extents */
  const ops_format *format;
  uint64_t bytes;                /* storage of elems in format, rounded up */
} ops_tensor;

/* out  assign  unary( a  binop  b ): the map part is binop (and the optional unary), the
 * reduction over ranks absent from the output is the assign operator. */
typedef enum { OPS_BIN_NONE, OPS_BIN_MUL, OPS_BIN_ADD, OPS_BIN_SUB, OPS_BIN_DIV, OPS_BIN_MAX } ops_binop;
typedef enum { OPS_UN_NONE, OPS_UN_EXP } ops_unop;
typedef enum { OPS_RED_NONE, OPS_RED_SUM, OPS_RED_MAX } ops_reduce;

typedef struct ops_einsum {
  char name[OPS_NAME_MAX];      /* the output tensor's name */
  char expr[512];               /* canonical text, e.g. "Z[m,n] += A[m,k] * B[k,n]" */
  int nranks;
  char rank_name[OPS_MAX_RANKS][OPS_NAME_MAX];
  uint64_t rank_size[OPS_MAX_RANKS];
  int ninputs;                  /* 1 or 2 */
  ops_tensor in[2];
  ops_tensor out;
  ops_binop binop;
  ops_unop unop;
  ops_reduce reduce;
  uint64_t points;              /* iteration space: product of all rank sizes */
  uint64_t points_effective;    /* points actually computed (a causal mask removes some) */
} ops_einsum;

/* True when the einsum is a multiply-accumulate (mul map, sum reduce): its points are MACs. */
bool ops_einsum_is_mac(const ops_einsum *es);
/* Index of the rank called name, or -1. */
int ops_einsum_rank(const ops_einsum *es, const char *name);

typedef enum { OPS_KIND_GEMM, OPS_KIND_CONV2D, OPS_KIND_ATTENTION, OPS_KIND_EINSUM } ops_kind;
typedef enum { OPS_CASCADE_3PASS, OPS_CASCADE_2PASS, OPS_CASCADE_1PASS } ops_cascade_kind;
/* How an attention op is scheduled (docs/fusemax.md): unfused (every einsum through DRAM,
 * searched einsum by einsum), or one of the fused schedules evaluated by mapper/fuse.h. */
typedef enum {
  OPS_SCHED_UNFUSED, OPS_SCHED_FLAT, OPS_SCHED_CASCADE, OPS_SCHED_ARCHITECTURE, OPS_SCHED_FUSEMAX,
  OPS_SCHED_FLASH, OPS_SCHED_AUTO
} ops_attn_schedule;

typedef struct ops_gemm_shape { uint64_t batch, m, n, k; } ops_gemm_shape;
typedef struct ops_conv_shape {
  uint64_t n, c, k, h, w, r, s;     /* h, w: input height and width before padding */
  uint64_t stride[2], dilation[2], padding[2]; /* [0] vertical, [1] horizontal */
  uint64_t p, q;                    /* output height and width (derived) */
} ops_conv_shape;
typedef struct ops_attention_shape {
  uint64_t batch, heads, seq_q, seq_kv, head_dim;
  bool causal;
  ops_cascade_kind cascade;
  ops_attn_schedule schedule;      /* default OPS_SCHED_UNFUSED */
} ops_attention_shape;

typedef struct ops_op {
  char name[OPS_NAME_MAX];
  ops_kind kind;
  com_loc loc;                  /* where the op is written, for later messages */
  union {
    ops_gemm_shape gemm;
    ops_conv_shape conv;
    ops_attention_shape attn;
  } shape;
  const ops_format *acc;        /* accumulator format of the op */
  int neinsums;
  ops_einsum *einsums;          /* the cascade, in execution order (owned) */
  uint64_t macs;                /* sum of points_effective over MAC einsums */
  uint64_t other_ops;           /* sum of points_effective over the other einsums */
} ops_op;

const char *ops_kind_name(ops_kind kind);
const char *ops_cascade_name(ops_cascade_kind cascade);
const char *ops_attn_schedule_name(ops_attn_schedule s);
const char *ops_role_name(ops_role role);

/* Frees what an op owns (its einsums). */
void ops_op_clear(ops_op *op);

#endif
