/*
 * func — the simulator's functional mode: real tensor data carried through a lowered mapping.
 *
 * The timing engines (SystemC) move no data; this C executor computes what the datapath of the
 * same mapping produces. For a MAC einsum (two inputs, `*` map, `+=` reduction, affine indices)
 * it takes the tile program's loops (sim_lower: the temporal loops above the array's level) and
 * the mapping's loops at and below it, quantizes the inputs to the array unit's input formats,
 * and accumulates every output element's terms in the order that loop nest gives the hardware:
 *   - temporal loops over reduction ranks add their terms one after the other into the same
 *     accumulator (one rounding per term, an FMA for fp32); partial sums stay in the
 *     accumulator format across K tiles, also when they leave the array and are reloaded;
 *   - a spatial loop over a reduction rank (a K split across PEs or instances) gives every
 *     spatial instance its own accumulator starting at 0 for the loops inside it; the instances'
 *     partial sums are reduced by SIM_FUNC_TREE_PAIRWISE (an adder tree: level by level,
 *     neighbours (0,1), (2,3), ... with one rounding each, an odd last passed up) or
 *     SIM_FUNC_TREE_LINEAR (a systolic chain: the partial sum enters instance 0, each instance
 *     adds its terms to it and hands it on), and the result is added to the enclosing
 *     accumulator with one rounding;
 *   - the accumulator is rounded to the output tensor's format when the output is stored.
 * Index convention (Timeloop's): a rank's index is the mixed-radix number of its loop digits,
 * outer loops more significant; within a level temporal loops (permutation order) are outer
 * to its spatial loops, Y outer to X.
 * The per-step arithmetic is golden/dot.h's (gold_dot_step) and golden/arith.h's.
 *
 * The output is then compared with the golden GEMM (golden/golden.h) on the same inputs — the
 * einsum flattened to a GEMM per batch point (im2col: rows = output ranks of the first input,
 * columns = those of the second, K = the reduction ranks in einsum order, last fastest) — in
 * the hardware's order when golden can spell it (`k-sequential`, `k-tiled:T`), else
 * `k-sequential`, and with an exact (Kulisch) accumulator. docs/simulator.md, "Functional
 * mode", states the guarantees: fixed-point (integer) and exact accumulators are bit-identical
 * for every mapping; fp32/fp64 are bit-identical when the order has a golden spelling and
 * otherwise within the bound computed per element (the formula is in the docs).
 * Memory: tensors are allocated only here, at most opts->max_elems elements in all.
 * Thread-safe on distinct arguments.
 */
#ifndef SIM_FUNC_H
#define SIM_FUNC_H

#include <stdbool.h>
#include <stdint.h>

#include <stdio.h>

#include "common/json.h"
#include "common/ydoc.h"
#include "golden/golden.h"
#include "mapper/mapping.h"

#define SIM_FUNC_MAX_ELEMS ((uint64_t)1 << 28) /* default limit on allocated elements */

typedef enum { SIM_FUNC_TREE_PAIRWISE, SIM_FUNC_TREE_LINEAR } sim_func_tree;
typedef enum { SIM_FUNC_DIST_NORMAL, SIM_FUNC_DIST_UNIFORM } sim_func_dist;

#define SIM_FUNC_MAX_FILES 8
typedef struct sim_func_file {
  char tensor[OPS_NAME_MAX];  /* an input tensor's name (case-sensitive) */
  char path[1024];
} sim_func_file;

typedef struct sim_func_opts {
  int nfiles;             /* .npy files by tensor name; an input without one is generated */
  sim_func_file files[SIM_FUNC_MAX_FILES];
  uint64_t seed;          /* generator: same seed, same data */
  sim_func_dist dist;     /* floats: N(0,1) or U[-1,1); ints: codes N(0, qmax/3) or uniform */
  sim_func_tree tree;     /* how a spatial reduction combines partial sums */
  bool has_acc;           /* acc overrides the unit's accumulator (e.g. exact) */
  gold_acc acc;
  uint64_t max_elems;     /* elements allocated in all; 0 = SIM_FUNC_MAX_ELEMS */
} sim_func_opts;

typedef struct sim_func_result {
  uint64_t elems;          /* output elements */
  uint64_t terms;          /* reduction length per element (product of the reduction ranks) */
  uint64_t batches;        /* golden GEMMs (points of ranks indexing both inputs and the output) */
  int spatial_reductions;  /* spatial loops over reduction ranks */
  char acc[32];            /* the accumulator, golden spelling */
  char in_fmt[2][32], out_fmt[32];
  char order[48];          /* the hardware order in golden spelling, or "mapping" */
  bool order_golden;       /* golden can spell the hardware order */
  bool must_match;         /* bit identity is guaranteed (fixed/exact acc, or order_golden) */
  bool bit_identical;      /* every element equals the golden's bit for bit */
  gold_cmp vs_golden;      /* against golden in `order` (k-sequential when !order_golden) */
  gold_cmp vs_exact;       /* against golden with an exact accumulator */
  double bound_ratio;      /* max over elements of |out - exact| / bound (fp32/fp64; else 0) */
  bool within_bound;
  uint64_t overflows;      /* fixed: partial sums that left the register */
  bool ok;                 /* must_match ? bit_identical : within_bound */
  double *out;             /* the datapath's output, output tensor layout (row-major), owned */
} sim_func_result;

sim_func_opts sim_func_opts_default(void);
/* Runs mapping m of t's einsum functionally and compares it with the golden kernel. Returns 0
 * with *r filled (r->ok says whether the datapath met its guarantee), or -1: COM_EINPUT for an
 * einsum or format the functional mode does not support (named), a mapping that does not lower,
 * a bad .npy (shape, dtype), more than max_elems elements; COM_EFAIL when out of memory.
 * Free r with sim_func_result_free. */
int sim_func_run(const map_target *t, const map_mapping *m, const sim_func_opts *o,
                 sim_func_result *r, com_err *e);
/* 0 when the functional mode runs t's einsum with o's accumulator (the einsum's shape, the
 * unit's formats, the output format), else -1 with the reason sim_func_run would give. Lets a
 * caller skip (and say so) the einsums of a workload it cannot run, e.g. attention's softmax. */
int sim_func_supported(const map_target *t, const sim_func_opts *o, com_err *e);
void sim_func_result_free(sim_func_result *r);

/* Parses the `simulate: {data: ...}` node into *o (docs/simulator.md, "Functional mode"):
 *   seed: N, dist: normal|uniform, reduction: pairwise|linear, acc: SPEC (gold_acc_parse),
 *   max_elems: N, and TENSOR: FILE.npy for any other key (a path relative to the directory of
 *   the file the node was read from). Located input errors. */
int sim_func_opts_yaml(const com_ynode *data, sim_func_opts *o, com_err *e);
/* The first file's tensor name that is no input of the n einsums (a misspelt name), or NULL. */
const char *sim_func_opts_unused(const sim_func_opts *o, const ops_einsum *const *es, int n);
/* The result as text lines ("functional Z: ...", indent first) and as a JSON object `key`. */
void sim_func_print(FILE *f, const char *indent, const char *einsum, const sim_func_result *r);
void sim_func_json(com_json *j, const char *key, const sim_func_result *r);
/* "pairwise" / "linear" and "normal" / "uniform" names and parsing (0 or -1, input error). */
const char *sim_func_tree_name(sim_func_tree t);
int sim_func_tree_parse(const char *s, sim_func_tree *out, com_err *e);
int sim_func_dist_parse(const char *s, sim_func_dist *out, com_err *e);

#endif
