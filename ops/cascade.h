/*
 * cascade — einsum cascades (FuseMax): an ordered list of einsums over shared ranks, with the
 * tensors that come from outside (`inputs`), ranks split into parts (`split: {m: [m1, m0]}`),
 * recurrences (R[m1+1] = f(R[m1], ...)) and their initial values (`init`).
 *
 *   version: 1
 *   name: attention-1-pass
 *   ranks: {p: 1024, m1: 4, m0: 256, e: 64, f: 64}
 *   split: {m: [m1, m0]}
 *   inputs: [Q, K, V]
 *   init: {RM: -inf, RD: 0, RNV: 0}
 *   einsums:
 *     - "QK[m1,m0,p] += Q[e,p] * K[e,m1,m0]"
 *     - ...
 *
 * Loading validates the dependency structure with located errors: tensors that are neither
 * inputs nor produced, tensors produced twice, reads of a tensor before the einsum that
 * produces it (a cycle, unless it is the loop-carried read of a recurrence), recurrences without
 * an initial value, initial values for tensors that are not recurrences.
 *
 * Pass analysis (ops_cascade_passes) derives, for every rank (a split rank counts as one, over
 * all its parts), how many passes over that rank's fiber the cascade needs: an einsum that
 * iterates the rank and reads a tensor completed over it (reduced over the whole rank, or read
 * at the final index of a recurrence over it) starts a new pass. Tensors produced in one pass
 * and read in a later one must stay on chip (or be re-read); those indexed by the rank grow
 * with its size. Not thread-safe per cascade; distinct cascades are independent.
 */
#ifndef OPS_CASCADE_H
#define OPS_CASCADE_H

#include "common/ydoc.h"
#include "ops/einsum.h"

#define OPS_CASCADE_MAX_EINSUMS 64
#define OPS_CASCADE_MAX_RANKS OPS_MAX_RANKS
#define OPS_CASCADE_MAX_TENSORS 64

/* A rank as the pass analysis sees it: a plain rank, or a split rank and its parts. */
typedef struct ops_cascade_rank {
  char name[OPS_NAME_MAX];
  int nparts;                              /* 1 for a plain rank (the part is itself) */
  char parts[OPS_MAX_RANKS][OPS_NAME_MAX];
  uint64_t size;                           /* product of the parts' sizes */
} ops_cascade_rank;

typedef struct ops_cascade_init {
  char tensor[OPS_NAME_MAX];
  double value;                            /* may be -inf (running max) */
} ops_cascade_init;

typedef struct ops_cascade {
  char name[OPS_NAME_MAX];
  char file[512];                                   /* the file locations refer to */
  int nranks;
  ops_rank_decl decl[OPS_CASCADE_MAX_RANKS];        /* the declared ranks and sizes */
  char decl_names[OPS_CASCADE_MAX_RANKS][OPS_NAME_MAX];
  int nbase;
  ops_cascade_rank base[OPS_CASCADE_MAX_RANKS];     /* ranks for pass counting */
  int ninputs;
  char inputs[OPS_CASCADE_MAX_TENSORS][OPS_NAME_MAX];
  int ninit;
  ops_cascade_init init[OPS_CASCADE_MAX_TENSORS];
  int neinsums;
  ops_einsum einsums[OPS_CASCADE_MAX_EINSUMS];
  com_loc where[OPS_CASCADE_MAX_EINSUMS];           /* where each einsum is written */
} ops_cascade;

/* Builds a cascade from its YAML mapping. sizes (may be NULL) override declared rank sizes by
 * name (the attention builder passes the op's shape). Returns 0 and a heap cascade in *out, or
 * -1 with a located error. */
int ops_cascade_from_node(const com_ynode *root, const ops_rank_decl *sizes, int nsizes,
                          ops_cascade **out, com_err *e);
/* Loads a cascade file. */
int ops_cascade_load_file(const char *path, ops_cascade **out, com_err *e);
/* A built-in cascade by name ("attention-3-pass", "attention-2-pass", "attention-1-pass"),
 * with rank sizes overridden as above. */
int ops_cascade_builtin(const char *name, const ops_rank_decl *sizes, int nsizes, ops_cascade **out,
                        com_err *e);
/* Names of the built-in cascades, NULL-terminated. */
const char *const *ops_cascade_builtin_names(void);
void ops_cascade_free(ops_cascade *c);

/* ---- pass analysis ---- */

typedef struct ops_cascade_buffer {
  char tensor[OPS_NAME_MAX];
  int producer, consumer;     /* einsum indices */
  int from_pass, to_pass;
  bool grows;                 /* indexed by the rank: its size grows with the rank's size */
  uint64_t elems;             /* elements of the tensor */
} ops_cascade_buffer;

typedef struct ops_cascade_rank_passes {
  int rank;                               /* index into base */
  int passes;                             /* 0 when no einsum iterates the rank */
  int einsum_pass[OPS_CASCADE_MAX_EINSUMS]; /* pass of each einsum over this rank (0: not iterated) */
  int nbuffers;
  ops_cascade_buffer buffers[OPS_CASCADE_MAX_EINSUMS * 2];
} ops_cascade_rank_passes;

typedef struct ops_cascade_analysis {
  int passes;                             /* the largest count over all ranks */
  int nranks;
  ops_cascade_rank_passes ranks[OPS_CASCADE_MAX_RANKS];
} ops_cascade_analysis;

/* Derives passes and between-pass buffers for every rank. Pure. */
void ops_cascade_passes(const ops_cascade *c, ops_cascade_analysis *out);

#endif
