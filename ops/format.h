/*
 * format — the registry of number formats by name: what a workload or architecture may name,
 * how many bits an element costs in storage (block scales amortized: mxfp8 = 8.25), and the
 * parameters the codecs need (fmt_float.h, fmt_int.h, fmt_block.h, fmt_nf4.h, fmt_olive.h).
 *
 * Named formats: fp32 fp16 bf16 fp8_e4m3 fp8_e5m2 fp6_e2m3 fp6_e3m2 fp4_e2m1 e8m0, int2..int16
 * and int32, mxfp8_e4m3 mxfp8_e5m2 mxfp6_e2m3 mxfp6_e3m2 mxfp4_e2m1 mxint8, nvfp4, nf4, bfp8,
 * olive4 (int4 normal grid) and olive4_flint (flint4 grid).
 * Parametric names (docs/numerics.md):
 *   eXmY[_fn|_nospec][_bN]  minifloat with X exponent and Y mantissa bits; IEEE specials unless
 *                           _fn (finite-only, all-ones NaN) or _nospec (no specials); bias N
 *                           (-512..512, "_b-3"), default 2^(X-1)-1.  e.g. e3m4, e4m3_fn,
 *                           e2m1_nospec, e5m2_b16
 *   bfpN[_gB]               block floating point: N-bit sign+magnitude elements (N-1 magnitude
 *                           bits, N in 2..16), block B (default 32, 1..4096), E8M0 shared exponent
 * Lookups are thread-safe. Parametric formats live in an append-only intern table behind a
 * mutex (at most 512 distinct ones); an entry never changes once published, so results never
 * depend on the order of lookups.
 */
#ifndef OPS_FORMAT_H
#define OPS_FORMAT_H

#include <stdbool.h>

#include "ops/fmt_float.h"

typedef enum {
  OPS_FMT_FLOAT,  /* a minifloat ExMy (including fp32/fp16/bf16/e8m0) */
  OPS_FMT_INT,    /* a two's complement integer */
  OPS_FMT_BLOCK   /* elements sharing a scale per block: MX, NVFP4, BFP, NF4, OliVe */
} ops_format_class;

typedef enum {
  OPS_BLOCK_NONE,
  OPS_BLOCK_MX,     /* OCP MX: E8M0 scale, minifloat or int8 elements */
  OPS_BLOCK_NVFP4,  /* E4M3 scale per 16 E2M1 elements (+ optional fp32 tensor scale) */
  OPS_BLOCK_BFP,    /* shared exponent (E8M0 code), sign+magnitude integer elements */
  OPS_BLOCK_NF4,    /* fp32 absmax per 64, NF4 codebook */
  OPS_BLOCK_OLIVE   /* outlier-victim pairs on a 4-bit grid */
} ops_block_kind;

typedef enum { OPS_OLIVE_INT4, OPS_OLIVE_FLINT4 } ops_olive_grid;

typedef struct ops_format {
  const char *name;
  ops_format_class cls;
  unsigned elem_bits;     /* bits of one element code */
  unsigned block;         /* elements per shared scale; 0 when not a block format */
  unsigned scale_bits;    /* bits of the shared scale per block; 0 when none */
  double bits_per_elem;   /* storage cost: elem_bits + scale_bits / block */
  ops_block_kind block_kind;
  ops_fmt_float fp;       /* FLOAT: the format; MX/NVFP4 with float elements: the element */
  bool int_elems;         /* MX/BFP: elements are integers of elem_bits (mxint8, bfpN) */
  ops_olive_grid olive;   /* OLIVE: the normal-value grid */
} ops_format;

/* The format called name (named or parametric), or NULL when there is none. */
const ops_format *ops_format_find(const char *name);
/* All named format names, NULL-terminated (for "did you mean" and `accel-sim formats`). */
const char *const *ops_format_names(void);
/* Storage bytes of n elements in format f, rounded up to whole bytes; false on overflow. */
bool ops_format_bytes(const ops_format *f, unsigned long long n, unsigned long long *bytes);

#endif
