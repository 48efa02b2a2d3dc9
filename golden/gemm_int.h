/*
 * gemm_int — private to golden/gemm*.c: GEMM operands decoded once into fp32 panels of element
 * values (unit scale for block formats) with their block scales, and the kernel entry points.
 */
#ifndef GOLD_GEMM_INT_H
#define GOLD_GEMM_INT_H

#include "golden/golden.h"

typedef struct gold_operand {
  uint64_t rows, k, kp; /* A: M rows; B: N rows (B transposed); K; K padded to the block */
  float *v;             /* rows x kp element values, zero padded; exact in fp32 */
  double *scale;        /* block formats: rows x nblk block scales (NULL otherwise) */
  uint64_t block, nblk; /* block length along K (0: elementwise, nblk = 1) */
  double tensor_scale;  /* int formats fitted from values: the per-tensor scale; else 1 */
  double quantum, vmax; /* every value is a multiple of quantum and |value| <= vmax */
  bool pow2;            /* block scales are exact powers of two (MX, BFP) */
  bool finite;          /* every value and scale is finite */
} gold_operand;

/* Decodes m (A when !transpose: rows x K; B when transpose: K x N, stored as N x K) in format f.
 * Returns 0 or -1 with an input error (codes out of range, block format given codes, ...). */
int gold_operand_make(const ops_format *f, const gold_matrix *m, bool transpose,
                      const gold_gemm_spec *s, gold_operand *op, com_err *e);
void gold_operand_free(gold_operand *op);

/* log2 of the largest magnitude, in quanta qa*qb, that a sum of n products of a and b can reach:
 * <= 24 means every partial sum is exact in fp32, <= 53 in fp64. */
double gold_sum_bits(const gold_operand *a, const gold_operand *b, uint64_t n);

/* B packed for the fast kernels: panels of 16 columns, k-major (v[(p * kp + k) * 16 + jj]),
 * zero padded to np = 16 * ceil(N / 16) columns; block scales as fp32 the same way
 * (s[(p * nblk + blk) * 16 + jj]; block formats only). */
typedef struct gold_packed {
  float *v, *s;
  uint64_t np;
  int32_t *w;        /* ints: s8 quads (k = 4kk + i in byte i) w[(p * kq + kk) * 16 + jj] */
  int32_t *cs;       /* ints: 128 x column sums per K chunk (GF_KQ quads): cs[(p * nch + ch) * 16 + jj] */
  uint64_t kq, nch;  /* ints: ceil(kp / 4), chunks */
} gold_packed;
/* Packs b (an operand stored N x K); with ints (every value of both operands an integer
 * in [-128, 127], every partial sum exact in fp32) also as s8 quads for the VNNI kernel.
 * Parallel over panels on `threads` threads. Returns 0 or -1 (out of memory). */
int gold_fast_pack(const gold_operand *b, bool ints, unsigned threads, gold_packed *pk);
void gold_packed_free(gold_packed *pk);

/* Output rows per thread unit of gold_gemm (a multiple of the fast kernels' 6-row micro-tiles;
 * large enough that a packed B chunk in L1 serves 8 micro-tiles). */
#define GOLD_FAST_ROWS 48

/* The fast (vectorized) fp32 kernels, bit-identical to the scalar path where gemm.c takes them:
 * elementwise fp32 FMA chains (acc = fmaf(a, b, acc) in k order), and MX blocks whose in-block
 * sums are exact in fp32 (acc = fmaf(S_b, X_a * X_b, acc) in block order). c is the m x n
 * output of raw fp32 accumulator values (n = b->rows); rows [r0, r1) are computed, every
 * element by this call alone. isa caps the kernel (GOLD_ISA_*, 0 = the best the CPU runs); every
 * level gives the same bits. Thread-safe. */
void gold_fast_elem(const gold_operand *a, const gold_packed *b, uint64_t n, float *c, uint64_t r0,
                    uint64_t r1, int isa);
void gold_fast_block(const gold_operand *a, const gold_packed *b, uint64_t n, float *c, uint64_t r0,
                     uint64_t r1, int isa);

#endif
