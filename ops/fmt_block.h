/*
 * fmt_block — block-scaled formats: OCP MX (E8M0 scale per 32 minifloat or int8 elements),
 * NVFP4 (E4M3 scale per 16 E2M1 elements, optional fp32 tensor scale), BFP (shared exponent,
 * sign+magnitude integer elements; MXINT8 is BFP8 with block 32), and one entry point that
 * quantizes/dequantizes one block of any block format of the registry (MX, NVFP4, BFP, NF4,
 * OliVe) for the CLI and the golden kernels.
 *
 * A block's codes are the scale code and one code per element (two's complement for integer
 * elements, minifloat codes otherwise). Every decision where libraries differ is an option of
 * ops_block_opts with the default named below; docs/numerics.md lists the differences.
 * All functions are pure and thread-safe.
 */
#ifndef OPS_FMT_BLOCK_H
#define OPS_FMT_BLOCK_H

#include "ops/format.h"

typedef enum {
  OPS_MX_SCALE_FLOOR, /* default, OCP MX v1.0: floor(log2 amax) - emax_elem */
  OPS_MX_SCALE_CEIL,  /* ceil(log2 amax) - emax_elem (torchao CEIL) */
  OPS_MX_SCALE_EVEN,  /* floor(log2 round(amax to the element's mantissa width)) - emax_elem */
  OPS_MX_SCALE_RCEIL  /* E8M0 round-up of fp32(amax * fp32(1/max_elem)) (cuBLAS, cvt.rp) */
} ops_mx_scale_method;

typedef struct ops_block_opts {
  ops_rounding elem_rounding;   /* element rounding; default RNE. Elements always saturate. */
  uint64_t seed;                /* for stochastic element rounding */
  ops_mx_scale_method mx_scale; /* MX: default floor */
  ops_rounding nvfp4_scale_rounding; /* NVFP4 E4M3 block scale: RNE (default) or UP (cuDNN) */
  float tensor_scale;           /* NVFP4: fp32 per-tensor scale, 0 = none; OliVe: the grid unit
                                   (0 = 1.0); ignored elsewhere */
} ops_block_opts;

/* Defaults: RNE elements, seed 0, floor MX scale, RNE NVFP4 scale, no tensor scale. */
ops_block_opts ops_block_opts_default(void);

/* Parses "floor", "ceil", "even", "rceil"; false when unknown. */
bool ops_mx_scale_parse(const char *s, ops_mx_scale_method *out);

/* emax_elem of an MX format (E4M3 8, E5M2 15, E3M2 4, E2M3 2, E2M1 2, INT8 0). */
int ops_mx_emax_elem(const ops_format *f);

/* Shared exponent of a block of n values for format f (MX or BFP) with method m: the unbiased
 * exponent in -127..127, or 128 when the block's scale is NaN (a NaN or Inf input, or an
 * exponent above 127). An all-zero block gets -127. */
int ops_mx_shared_exp(const ops_format *f, const float *x, size_t n, ops_mx_scale_method m);

/* Quantizes one block (1 <= n <= f->block) of a block format: *scale_code gets the scale code
 * (MX/BFP: E8M0 code, 0xFF = NaN; NVFP4: E4M3 code; NF4: the fp32 bits of absmax; OliVe: 0),
 * codes[i] the element codes (NaN scale: all 0). counter0 numbers the elements for stochastic
 * rounding. Returns 0, or -1 with an input error (not a block format, bad n, bad scale). */
int ops_block_quantize(const ops_format *f, const float *x, size_t n, const ops_block_opts *o,
                       uint64_t counter0, uint32_t *scale_code, uint32_t *codes, com_err *e);
/* The MX/BFP case of ops_block_quantize, two implementations that give bit-identical codes
 * (tests/unit/ops/test_fmt_mx_fast.c checks them on > 10^6 random blocks). f is an MX or BFP
 * format and 1 <= n <= f->block (not checked); BFP always uses the floor scale.
 * ops_mx_quantize_ref, the reference: the shared exponent of ops_mx_shared_exp, then each
 * element x[i] / 2^se taken exactly in double and encoded saturating by ops_fmt_encode_f64
 * (integer elements: ops_fmt_round_integer), with any o->elem_rounding.
 * ops_mx_quantize_rne, the fast path for RNE elements (what ops_block_quantize uses for them):
 * the shared exponent from the fp32 bits of the block's amax with integer exponent arithmetic
 * (RCEIL: the reference's fp32 product on amax), the elements from exact fp32 products
 * x[i] * 2^-se, branch-free bit rounding and fp32 round-to-integer (vectorized, chunks of 32);
 * element formats outside its preconditions (none of the registry's) go to the reference.
 * Needs the default floating-point environment (round to nearest, no flush to zero).
 * Both pure and thread-safe. */
void ops_mx_quantize_ref(const ops_format *f, const float *x, size_t n, const ops_block_opts *o,
                         uint64_t counter0, uint32_t *scale_code, uint32_t *codes);
void ops_mx_quantize_rne(const ops_format *f, const float *x, size_t n, ops_mx_scale_method m,
                         uint32_t *scale_code, uint32_t *codes);
/* Decodes one block: out[i] = the element value times the scale(s), rounded once to fp32. */
int ops_block_dequantize(const ops_format *f, uint32_t scale_code, const uint32_t *codes,
                         size_t n, const ops_block_opts *o, float *out, com_err *e);

/* The value of one element code of an MX/BFP/NVFP4 block at unit scale (int elements:
 * code * 2^-(elem_bits-2), the MXINT8 rule 2^-6 generalized). */
double ops_block_elem_value(const ops_format *f, uint32_t code);

/* NVFP4, one block of n <= 16 values (the recipe of the reference, torchao's order of fp32
 * operations): s = fp32(amax / 6), divided by the tensor scale t when o->tensor_scale != 0;
 * scale code = E4M3(clamp(s, 2^-6, 448)) rounded with o->nvfp4_scale_rounding; elements =
 * E2M1(clamp(x / fp32(t * scale), -6, 6)) with o->elem_rounding. A NaN input gives the NaN
 * scale 0x7F and zero element codes. Used through ops_block_quantize; always returns 0. */
int ops_nvfp4_quantize_block(const ops_format *f, const float *x, size_t n, const ops_block_opts *o,
                             uint64_t counter0, uint32_t *scale_code, uint32_t *codes);
/* out[i] = fp32(E2M1(code) * E4M3(scale) * t); the NaN scale gives NaN. */
void ops_nvfp4_dequantize_block(const ops_format *f, uint32_t scale_code, const uint32_t *codes,
                                size_t n, const ops_block_opts *o, float *out);

/* NVFP4 per-tensor scale of one reference recipe: fp32(amax / 2688) (2688 = 448 * 6); 0 when
 * all values are zero. NaN values are ignored. */
float ops_nvfp4_tensor_scale(const float *x, size_t n);

#endif
