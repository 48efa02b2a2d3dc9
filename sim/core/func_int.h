/*
 * func_int — private to sim/core/func*.c: the einsum seen as batched GEMMs (func_data.c: input
 * tensors, im2col, quantization) and the hardware's reduction order (func_order.c: the loop
 * nest's reduction loops, the term permutation, one element's accumulation).
 */
#ifndef SIM_FUNC_INT_H
#define SIM_FUNC_INT_H

#include "golden/dot.h"
#include "sim/core/func.h"
#include "sim/core/lower.h"

#define SF_MAX_LOOPS (3 * SIM_MAX_LOOPS) /* temporal + X + Y per rank and level */

/* The einsum as GEMMs: per point of the batch ranks (indexing both inputs and the output),
 * A (M x K) from the first input and B (K x N) from the second, M/N/K the row-major
 * linearizations of their ranks in einsum order. Input tensors: values (float formats) or codes
 * (integer formats), as the user gave or the generator drew them (before quantization). */
typedef struct sf_data {
  const ops_einsum *es;
  const ops_format *fmt[2];      /* the unit's input formats */
  float *val[2];                 /* float formats: the tensor's values */
  int64_t *code[2];              /* integer formats: the tensor's codes */
  int nr[4], rk[4][OPS_MAX_RANKS]; /* ranks per class: SF_B, SF_M, SF_N, SF_K */
  uint64_t ext[4];               /* product of each class's sizes */
} sf_data;
enum { SF_B, SF_M, SF_N, SF_K };

/* Classifies es's ranks and checks the einsum is one the functional mode runs. */
int sf_classify(const ops_einsum *es, sf_data *d, com_err *e);
/* The unit's input formats into d->fmt and the checks on them and on the output format. */
int sf_formats(const map_target *t, sf_data *d, com_err *e);
/* Loads (o->files) or generates the two input tensors. */
int sf_inputs(const sim_func_opts *o, sf_data *d, com_err *e);
void sf_data_free(sf_data *d);
/* Gathers batch point b of input i as a matrix: A (M x K) for i = 0, B (K x N) for i = 1, into
 * vals or codes (whichever the input has; the other is untouched). */
void sf_gather(const sf_data *d, int i, uint64_t b, float *vals, int64_t *codes);
/* The quantized (format) values of n gathered elements into q. Returns 0 or -1 (a code out of
 * its format's range). */
int sf_quantize(const sf_data *d, int i, const float *vals, const int64_t *codes, uint64_t n,
                float *q, com_err *e);
/* The output tensor offset of batch point b, row i, column j. */
uint64_t sf_out_offset(const sf_data *d, uint64_t b, uint64_t i, uint64_t j);

/* The hardware's reduction for one output element: the reduction loops of the nest, outermost
 * first, and perm[t] = the K index (im2col column) of the t-th term in loop order. */
typedef struct sf_loop {
  uint64_t factor, stride;       /* stride: terms per step of this loop */
  bool spatial;
} sf_loop;
typedef struct sf_plan {
  int nloops;
  sf_loop loop[SF_MAX_LOOPS];
  uint64_t terms, *perm;         /* owned */
  bool identity;                 /* perm[t] = t */
  int nspatial;
  uint64_t rounds;               /* roundings one term can see: K + 1 + per spatial loop of S
                                    instances ceil(log2 S) + 1 (the bound's n) */
  sim_func_tree tree;
  gold_dot_cfg cfg;              /* the accumulator (tile 0: steps are gold_dot_step) */
  double *pv[SF_MAX_LOOPS];      /* partial sums of each spatial loop's instances (owned) */
  int64_t *pq[SF_MAX_LOOPS];
} sf_plan;

/* Builds the plan from program p (its loops above the array level) and p's mapping below.
 * Returns 0 or -1 (out of memory). */
int sf_plan_build(const sim_prog *p, const sf_data *d, sim_func_tree tree, const gold_acc *acc,
                  sf_plan *pl, com_err *e);
void sf_plan_free(sf_plan *pl);
/* The golden spelling of the plan's order into buf ("k-sequential", "k-tiled:T"); false when
 * golden has none. */
bool sf_plan_golden(const sf_plan *pl, char *buf, unsigned cap);
/* One output element: a points at A's row (K values), b at B's column (stride n). */
gold_dot_out sf_plan_element(sf_plan *pl, const float *a, const float *b, uint64_t n);

#endif
