/*
 * graph — a dataflow graph of operators and tensors for graph-level scheduling (COSMA).
 *
 *   version: 1
 *   name: resnet50
 *   tensors:                                  # every tensor, with its size in bytes
 *     - {name: x, bytes: 150528}
 *   ops:                                      # in a valid execution order (the default order)
 *     - {name: conv1, inputs: [x, w1], outputs: [c1]}
 *
 * Validation (located errors): unknown keys, unknown or duplicate names, zero sizes, a tensor
 * produced twice, an op reading its own output, a tensor consumed before it is produced (or a
 * cycle, named as such), an op without outputs. Tensors never produced are graph inputs (they
 * start in DRAM); tensors never consumed are graph outputs (written to DRAM when produced).
 * Graphs are immutable once built and may be read from several threads.
 */
#ifndef MAP_GRAPH_H
#define MAP_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "common/err.h"
#include "ops/workload.h"

#define MAP_GRAPH_NAME 64
#define MAP_GRAPH_MAX_OPS 200000
#define MAP_GRAPH_MAX_BYTES ((uint64_t)1 << 50)

typedef struct map_gtensor {
  char name[MAP_GRAPH_NAME];
  uint64_t bytes;
  int producer;   /* op index, or -1 for a graph input */
  int nconsumers; /* number of ops reading it */
  com_loc loc;
} map_gtensor;

typedef struct map_gop {
  char name[MAP_GRAPH_NAME];
  int nin, nout;
  int *in, *out;  /* tensor indices (into the graph's edge pool) */
  com_loc loc;
} map_gop;

typedef struct map_graph {
  char name[MAP_GRAPH_NAME];
  int ntensors, nops;
  map_gtensor *t;
  map_gop *ops;
  int *pool;      /* storage of every op's in/out lists */
  int npool, cappool;
} map_graph;

/* ---- building (used by the loaders and the generators) ---- */
map_graph *map_graph_new(const char *name);
/* Adds a tensor; returns its index or -1 (out of memory). */
int map_graph_add_tensor(map_graph *g, const char *name, uint64_t bytes, com_loc loc);
/* Adds an op with tensor indices; returns its index or -1 (out of memory). */
int map_graph_add_op(map_graph *g, const char *name, int nin, const int *in, int nout,
                     const int *out, com_loc loc);
/* Checks producers, sizes, in-place ops and the order (consumed before produced / cycles);
 * fills producer and nconsumers. Returns 0 or -1 with an error naming the culprit. */
int map_graph_finish(map_graph *g, com_err *e);
void map_graph_free(map_graph *g);

/* ---- loading ---- */
int map_graph_load_file(const char *path, map_graph **out, com_err *e);
int map_graph_load_buffer(const char *name, const void *buf, size_t len, map_graph **out,
                          com_err *e);
/* The ops of a workload as a chain: each op reads its external einsum inputs (named
 * OP.TENSOR) and writes its final output; the input-role tensor of op i > 0 is op i-1's
 * output (its size the larger of the two views). */
int map_graph_from_workload(const ops_workload *w, map_graph **out, com_err *e);
/* A random DAG for tests and benchmarks: nops ops, fan-in 1..3, sizes 1..max_bytes, a few
 * weights; deterministic for a seed. NULL when out of memory. */
map_graph *map_graph_random(uint64_t seed, int nops, uint64_t max_bytes);

/* ---- queries ---- */
/* Whether order (a permutation of the ops) respects every dependency. */
bool map_graph_order_valid(const map_graph *g, const int *order);
/* Bytes of op o's inputs + outputs (each tensor once). */
uint64_t map_graph_op_bytes(const map_graph *g, int o);
/* M_R: the largest op working set; *op (may be NULL) gets that op. */
uint64_t map_graph_min_budget(const map_graph *g, int *op);
/* Peak live bytes when ops run in order and nothing is spilled (a tensor is live from its
 * producing step, or first use for graph inputs, to its last use). */
uint64_t map_graph_peak(const map_graph *g, const int *order);
/* A topological order chosen greedily to keep the live bytes low (free ops first, then the
 * op whose run frees the most). Writes nops indices. Returns 0, -1 when out of memory. */
int map_graph_min_peak_order(const map_graph *g, int *order);

#endif
