/*
 * sim_core — the C cores of the cycle-approximate simulator: per-tile latency arithmetic the
 * SystemC engines (sim/ *.cpp files) call. Pure functions or functions on caller-owned state, no
 * allocation, no globals; thread-safe on distinct state. Unit-tested without SystemC
 * (tests/unit/sim/). docs/simulator.md derives every formula.
 *
 * Time unit: cycles of the architecture clock (uint64_t).
 */
#ifndef SIM_CORE_H
#define SIM_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arch.h"

/* ---- 2D systolic array --------------------------------------------------------------------
 * An R x C array (R = rows used, the Y spatial extent; C = cols used, X) runs *folds*: the
 * stationary operand (os: outputs, ws: weights, is: inputs) is held in the PEs while the other
 * operands stream for L steps of ii cycles. Between folds the stationary data moves through a
 * chain of R rows (os: outputs drain out; ws/is: the next stationary tile preloads in), double
 * buffered so it overlaps the next fold's stream; when the chain is longer than the stream the
 * array bubbles. A burst of back-to-back folds pays once the skew (R-1)+(C-1), the unit
 * pipeline (depth-1) and one chain of R:
 *   one isolated fold  = R + (R-1) + (C-1) + (depth-1) + L*ii     (os, depth 1: 2R + C + L - 2,
 *                        the SCALE-Sim paper's formula; SCALE-Sim's code leaves out the R drain)
 *   n folds, one burst = overhead + n * max(L*ii, chain)          overhead = 2R + C + depth - 3
 * Without an accumulator a fold that continues partial sums must also shift them in: os chain
 * = 2R; ws/is read them from the scratchpad each step (bank traffic, see sim_spad_*). */
typedef struct sim_a2d {
  arch_dataflow df;
  uint64_t rows, cols;   /* R (Y) and C (X) in use, >= 1 */
  uint64_t stream;       /* L: steps per fold, >= 1 */
  uint64_t folds;        /* per tile, >= 1 */
  uint64_t ii, depth;    /* unit initiation interval and pipeline depth, >= 1 */
} sim_a2d;

/* Cycles every burst pays once: skew, unit pipeline, one chain of R rows. */
uint64_t sim_a2d_overhead(const sim_a2d *a);
/* Cycles the chain of one fold takes: R, or 2R for os folds that continue partial sums
 * without an accumulator (acc_in && !has_acc). */
uint64_t sim_a2d_chain(const sim_a2d *a, bool acc_in, bool has_acc);
/* Latency of one isolated fold (the closed form above). */
uint64_t sim_a2d_fold_isolated(const sim_a2d *a);
/* Issue time of one tile inside a burst, and its parts: compute (folds*L*ii), bank stall
 * (folds*L*stall_per_step) and bubbles (chain longer than the step stream, on every fold but
 * the first of a burst, whose chain is part of the overhead). Returns the sum. */
uint64_t sim_a2d_tile(const sim_a2d *a, uint64_t chain, uint64_t stall_per_step, bool burst_start,
                      uint64_t *compute, uint64_t *bank, uint64_t *bubble);

/* ---- 1D vector array ----------------------------------------------------------------------
 * `lanes` lanes each run `per_lane` operations of interval ii; results appear depth-1 cycles
 * after the last issue. A burst pays depth-1 once. */
uint64_t sim_vec_tile(uint64_t per_lane, uint64_t ii);
uint64_t sim_vec_overhead(uint64_t depth);
/* Latency and interval of one operation on a 1D (or 2D) array: the unit performing it, or for
 * an emulated exp the sum over the emulating operations (FuseMax: 6 mac + 1 add). False when
 * the array cannot perform op. */
bool sim_vec_op_timing(const arch_array *ar, arch_op op, uint64_t *latency, uint64_t *ii);

/* ---- MAC pipeline depth from formats ------------------------------------------------------
 * Depth of a MAC on the given operand formats and accumulator when the architecture leaves it
 * at the default 1: integers 1; floats (minifloat/block elements)
 * multiply ceil(pm/12) + align 1 + add ceil((am+1)/12) + normalize 1, where pm is the product
 * mantissa width (ma+1)+(mb+1) and am the accumulator's mantissa bits. A unit with a
 * pipeline_depth above 1 keeps its own. */
uint64_t sim_mac_depth(const arch_unit *u);

/* ---- DRAM ---------------------------------------------------------------------------------
 * `channels` independent channels (interleaved by request), each `bw` bytes/cycle; a request
 * is rounded up to whole bursts, waits for its channel, occupies it bytes/bw cycles and
 * completes `latency` cycles after its last byte. Ideal: bw = 0 means infinite (no time). */
#define SIM_DRAM_MAX_CH 64
#define SIM_DRAM_MAX_BANKS 1024
typedef struct sim_dram {
  uint64_t channels, burst_bytes, latency, interleave;
  double bw;                       /* per channel, bytes/cycle; 0 = ideal */
  uint64_t free_at[SIM_DRAM_MAX_CH];
  uint64_t bytes, requests, busy;  /* totals */
  /* open-page bank/row model (sim_dram_rows; banks 0 = off) */
  uint64_t banks, row_bytes, row_hit, row_miss;
  uint64_t open_row[SIM_DRAM_MAX_BANKS]; /* row + 1 open in each bank, 0: none */
  uint64_t row_hits, row_misses;   /* bursts that found their row open / had to open it */
} sim_dram;

void sim_dram_init(sim_dram *d, uint64_t channels, double bw_total, uint64_t latency,
                   uint64_t burst_bytes, uint64_t interleave);
/* Turns on the open-page bank/row-buffer model (after sim_dram_init; no effect on an ideal
 * DRAM). Rows of row_bytes are interleaved over `banks` banks (row r in bank r mod banks),
 * each bank keeps its last row open. Every burst of a request is a hit when its row is open
 * in its bank and costs row_hit cycles, else a miss that opens it for row_miss cycles; these
 * cycles occupy the channel before the data moves. */
void sim_dram_rows(sim_dram *d, uint64_t banks, uint64_t row_bytes, uint64_t row_hit,
                   uint64_t row_miss);
/* A request of `bytes` at addr issued at cycle `now`: returns its completion cycle. */
uint64_t sim_dram_access(sim_dram *d, uint64_t now, uint64_t addr, uint64_t bytes);

/* ---- scratchpad banks ---------------------------------------------------------------------
 * One vector access: n elements of elem_bytes at element offsets off[] (from a tile base that
 * sits at bank `base_bank`); each bank serves one word of word_bytes per cycle (one port);
 * elements sharing a word cost one access. Adds the accesses per bank into hist[banks]. */
void sim_spad_vector(uint64_t banks, uint64_t word_bytes, uint64_t elem_bytes, uint64_t base_bank,
                     const uint64_t *off, uint64_t n, uint64_t *hist);
/* Cycles of the accesses recorded in hist: the busiest bank's count (>= 1 when any). */
uint64_t sim_spad_cycles(const uint64_t *hist, uint64_t banks);
/* Closed form for a strided vector: n elements, stride elements apart, words of
 * word_bytes holding whole elements: max accesses to one bank. */
uint64_t sim_spad_strided(uint64_t banks, uint64_t word_bytes, uint64_t elem_bytes, uint64_t n,
                          uint64_t stride);

#endif
