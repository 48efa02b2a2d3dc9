/*
 * golden — the reference executor: quantized GEMM with a declared accumulator and reduction
 * order, attention (exact fp64, 3-pass, 1-pass FlashAttention-2 order), tensor comparison and
 * RTL test vectors. The per-element arithmetic is golden/arith.h, shared with golden/cuda/.
 * docs/golden.md states every semantic choice; the short version is in each contract below.
 * Every function is thread-safe on distinct arguments; results never depend on the thread count.
 */
#ifndef GOLD_GOLDEN_H
#define GOLD_GOLDEN_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "golden/att_row.h"
#include "ops/fmt_block.h"
#include "ops/format.h"

typedef enum { GOLD_ACC_FP32, GOLD_ACC_FP64, GOLD_ACC_FIXED, GOLD_ACC_EXACT } gold_acc_kind;
typedef struct gold_acc {
  gold_acc_kind kind;
  int width; /* FIXED: register width W, 2..62 */
  int frac;  /* FIXED: fractional bits F (quantum 2^-F), -64..64 */
} gold_acc;

typedef enum { GOLD_ORDER_SEQ, GOLD_ORDER_TILED } gold_order_kind;
typedef struct gold_order {
  gold_order_kind kind;
  unsigned tile; /* TILED: terms per tile, 1..256 */
} gold_order;

/* Parses "fp32", "fp64", "exact", "fixed:W" or "fixed:W.F" (also "int32" = fixed:32).
 * Returns 0, or -1 with a plain input error. */
int gold_acc_parse(const char *s, gold_acc *out, com_err *e);
/* Parses "k-sequential" or "k-tiled:T". Returns 0 or -1 with a plain input error. */
int gold_order_parse(const char *s, gold_order *out, com_err *e);
/* Writes the canonical spelling of acc into buf (cap bytes). */
void gold_acc_name(const gold_acc *a, char *buf, unsigned cap);

/* One GEMM operand of `rows` x `cols` (row-major): either fp32 values to quantize with the
 * operand's format, or codes (two's complement integer codes for int formats, bit patterns for
 * minifloats). Block formats only take values (the scale is fitted by ops_block_quantize). */
typedef struct gold_matrix {
  uint64_t rows, cols;
  const float *values; /* exactly one of values / codes is set */
  const int64_t *codes;
} gold_matrix;

typedef struct gold_gemm_spec {
  const ops_format *a_fmt, *b_fmt; /* element formats of A (M x K) and B (K x N) */
  gold_acc acc;
  gold_order order;
  const ops_format *out_fmt;       /* minifloat the result is rounded to; NULL = fp32 */
  ops_fmt_opts in_opts;            /* quantizing fp32 values into minifloat inputs */
  ops_fmt_opts out_opts;           /* rounding into out_fmt */
  ops_block_opts block_opts;       /* quantizing into block formats */
  unsigned threads;                /* 0 = 1 */
  bool no_fast;                    /* force the scalar reference path (tests) */
  int fast_isa;                    /* cap on the fast kernels (tests): GOLD_ISA_*; 0 = best */
} gold_gemm_spec;

/* Kernel levels of the fast paths (all give the same bits): portable C, AVX+FMA, AVX-512F, and
 * AVX-512 VNNI (int16 pair dot products for small-integer operands, else as AVX-512F). */
enum { GOLD_ISA_C = 1, GOLD_ISA_AVX = 2, GOLD_ISA_AVX512 = 3, GOLD_ISA_VNNI = 4 };

/* Defaults: fp32 inputs, fp32 accumulator, k-sequential, fp32 output, codec defaults, 1 thread. */
gold_gemm_spec gold_gemm_spec_default(void);

typedef struct gold_gemm_result {
  uint64_t m, n;
  float *c;          /* m x n values of the output format (fp32 holds them exactly) */
  int64_t *raw;      /* FIXED accumulators: the final register contents (m x n), else NULL */
  uint64_t overflows; /* FIXED: partial sums that left the register; EXACT: terms out of range */
  bool fast;         /* a vectorized path was used (bit-identical to the scalar path) */
} gold_gemm_result;

/* C = A * B under spec (see docs/golden.md for the exact semantics). Returns 0, or -1 with an
 * input error (shape mismatch, a format that cannot be a GEMM operand, codes out of range,
 * bad accumulator) or COM_EFAIL (out of memory, threads). r is owned by the caller. */
int gold_gemm(const gold_gemm_spec *spec, const gold_matrix *a, const gold_matrix *b,
              gold_gemm_result *r, com_err *e);
void gold_gemm_result_free(gold_gemm_result *r);

/* ---- attention ---- */
typedef enum { GOLD_ATT_EXACT, GOLD_ATT_3PASS, GOLD_ATT_1PASS } gold_att_cascade;

typedef struct gold_att_spec {
  gold_att_cascade cascade;
  bool causal;                  /* bottom-right aligned: query i sees keys j <= i + (Sk - Sq) */
  unsigned tile_q, tile_k;      /* 1-pass: row (query) and column (key) tile sizes */
  const ops_fmt_float *q_fmt, *k_fmt, *v_fmt, *p_fmt, *o_fmt; /* NULL = fp32 */
  double scale;                 /* softmax scale; 0 = 1/sqrt(head_dim) */
  unsigned threads;
} gold_att_spec;

gold_att_spec gold_att_spec_default(void);
/* O (sq x d) = softmax(scale * Q K^T + mask) V for Q (sq x d), K (sk x d), V (sk x dv).
 * Q, K, V are first rounded to their formats (RNE). EXACT computes in fp64 from the rounded
 * inputs and rounds O once; 3-PASS and 1-PASS follow docs/golden.md. A fully masked row gives 0.
 * Returns 0 or -1 (bad tile sizes, shapes, out of memory). */
int gold_attention(const gold_att_spec *s, const float *q, const float *k, const float *v,
                   uint64_t sq, uint64_t sk, uint64_t d, uint64_t dv, float *o, com_err *e);
/* The parameters of the shared 1-pass row (golden/att_row.h) for s and the shapes, and the Q, K,
 * V formats as gold_mf in in[0..2] (has_in[i] = 0: fp32): what the CUDA kernel takes. Returns 0,
 * or -1 with an input error (unsigned or no-subnormal formats such as E8M0). */
int gold_att_row_setup(const gold_att_spec *s, uint64_t sq, uint64_t sk, uint64_t d, uint64_t dv,
                       gold_att_row_cfg *rc, gold_mf in[3], int has_in[3], com_err *e);
/* The naive low-precision reference of the acceptance rule: S, softmax and P V evaluated with
 * every intermediate rounded to fmt (as a framework computing in fp16/bf16 would). */
int gold_attention_lowprec(const ops_fmt_float *fmt, bool causal, double scale, const float *q,
                           const float *k, const float *v, uint64_t sq, uint64_t sk, uint64_t d,
                           uint64_t dv, float *o, com_err *e);

/* ---- comparison ---- */
typedef struct gold_cmp {
  uint64_t n, mismatches, nan_mismatch;
  double max_abs, max_rel;
  uint64_t max_ulp;
  uint64_t ulp_hist[6];   /* 0, 1, 2-3, 4-15, 16-255, >=256 ulps (fp32 ulps) */
  uint64_t first[8];      /* indices of the first mismatches */
  unsigned nfirst;
} gold_cmp;
/* Compares x against y (reference): element i mismatches when it is outside every given
 * tolerance: |x-y| > atol + rtol*|y| and (ulp_tol < 0 or ulps(x, y) > ulp_tol); NaN matches
 * only NaN. Pure. */
void gold_compare(const double *x, const double *y, uint64_t n, double atol, double rtol,
                  long long ulp_tol, gold_cmp *out);
/* Distance in fp32 ulps between x and y rounded to fp32 (0 when equal; UINT64_MAX when one is NaN). */
uint64_t gold_ulps_f32(double x, double y);

#endif
