/*
 * fuse_prog — the cycle simulator's program for a fused attention op (docs/simulator.md,
 * "Fused attention schedules"): the fused evaluator's pipeline (mapper/fuse.h) replayed step by
 * step against the DRAM model, so that latency comes from the engines' dependencies and the
 * simulated DRAM timing instead of max(compute, memory).
 *
 * A step is one (batch x head x query tile, key tile) pair of one traversal of the keys. Query
 * tiles run one after the other; inside one, each traversal (2-pass: pass 1, then pass 2) walks
 * the tile's steps. Per step: the DMA load queue brings its K/V tile (and, on a query tile's
 * first step, the Q tile), the 2D array then the 1D array do the step's work, and after the
 * tile's last step the DMA store queue writes the O tile. Work per step: each traversal's busy
 * cycles per array from the evaluator (pass_busy), spread evenly over its steps (the first
 * `remainder` steps take one cycle more), so the simulated busy sums equal the model's.
 * Dependencies:
 *   architecture, flash  the 2D work of a step waits for the 1D work of the step before
 *                        (one step at a time, no overlap between steps);
 *   fusemax, cascade     the 1D work of step i overlaps the 2D work of step i+1; the 2D work
 *                        of step i+2 waits for the 1D work of step i (two intermediate buffers);
 *   flat                 a 3-pass pipeline of row blocks (below).
 * Buffers: K/V double-buffered (the load of step i+2 waits for the 2D work of step i; the
 * evaluator's buffer sizing reserves two K/V tiles), Q and O double-buffered per query tile
 * (assumed; the evaluator sizes one). DRAM bytes: the evaluator's, K/V spread evenly over
 * all steps, Q and O evenly over the query tiles.
 * FLAT (row blocks = the query tiles, their key tiles = the steps): pass 1 walks the block's key
 * tiles (Q loaded once, a K tile per step, QK on the 2D array), pass 2 is the softmax of the
 * block's buffered score rows on the 1D array (one item per block; operations the 1D array
 * lacks follow on the 2D array), pass 3 walks the key tiles again (a V tile per step, AV on the
 * 2D array), then O is stored. Work per pass: the evaluator's flat_busy, spread evenly over the
 * steps (passes 1, 3) or the row blocks (pass 2). Order: QK(0), SM(0), then per block j
 * QK(j+1), SM(j+1), AV(j): the softmax of one block overlaps the 2D work of its neighbours, as
 * the evaluator's max(2D, 1D) assumes, which needs the score rows of two blocks on chip
 * (assumed; the evaluator sizes one): QK(j+2) waits for AV(j). Spilled rows (the evaluator's
 * `spill`): each QK step stores its scores, the softmax loads its block's and stores A, each AV
 * step loads its A share, all through the DMA queues (score_bytes each way and kind).
 */
#ifndef SIM_FUSE_PROG_H
#define SIM_FUSE_PROG_H

#include <stdbool.h>
#include <stdint.h>

#include "mapper/fuse.h"
#include "sim/core/sim_core.h"
#include "sim/sim.h"

#define SIM_FUSE_MAX_STEPS ((uint64_t)1 << 28) /* steps x traversals simulated at most */

typedef struct sim_fuse_prog {
  ops_attn_schedule schedule;
  bool pipelined;              /* 1D of step i overlaps 2D of step i+1 */
  int passes;                  /* traversals of the keys per query tile (FLAT: 2, QK and AV) */
  uint64_t steps;              /* per traversal, all query tiles */
  uint64_t q_tiles;            /* batch x heads x query tiles */
  uint64_t work[2][MAP_FUSE_NARRAYS]; /* [traversal][array] busy cycles (the model's) */
  uint64_t flat[3][MAP_FUSE_NARRAYS]; /* FLAT: [QK, softmax, AV][array] busy cycles */
  uint64_t score_bytes;        /* FLAT spilled: bytes of one copy of the scores (4 transfers) */
  uint64_t kv_bytes, q_bytes, o_bytes; /* DRAM totals */
  uint64_t model_compute, model_cycles, model_dram_bytes;
  double energy_pj, e_dram_pj, e_compute_pj; /* the evaluator's */
  const char *name;            /* the op's */
  const arch_spec *arch;       /* its architecture (DRAM level 0, clock), set by the caller */
} sim_fuse_prog;

/* Builds the program of attention op `op` evaluated as f (map_fuse_eval); p->arch is left to
 * the caller. -1 with an error at the op naming the schedule when the program is too long. */
int sim_fuse_build(const ops_op *op, const map_fuse_result *f, sim_fuse_prog *p, com_err *e);

/* DMA request shape: requests of req bytes, at most nout in flight per queue. */
typedef struct sim_fuse_dma {
  uint64_t req, nout;
} sim_fuse_dma;

/* Runs p from cycle `start` against d (initialized by the caller). Fills r's cycles, engine
 * stats (eng[] = load, store, 2D array; eng1d = the 1D array: busy + stall_in + stall_out +
 * idle = cycles for each), compute (cycles some array is busy) and dma_stall (the rest), DRAM
 * bytes and bandwidth, and the two arrays' busy fractions. Energy is the caller's. */
void sim_fuse_exec(const sim_fuse_prog *p, sim_dram *d, uint64_t start, const sim_fuse_dma *dma,
                   sim_result *r);

#endif
