/*
 * fuse — the analytical evaluator of fused attention schedules (FuseMax, MICRO 2024; see
 * docs/fusemax.md) on an architecture with one 2D array and one 1D array that share the memory
 * level the 2D array is attached to (the global buffer).
 *
 * Schedules (ops_attn_schedule):
 *   flat          FLAT: the 3-pass cascade fused at row granularity; a block of query rows keeps
 *                 its full row of M scores in the global buffer; QK and AV on the 2D array,
 *                 max/exp/sum/divide on the 1D array; 2D and 1D work overlap (max).
 *   cascade       the 1-pass cascade on FLAT hardware: QK and SLNV on the 2D array, everything
 *                 else on the 1D array (ops an array lacks go to the other one); overlap (max).
 *   architecture  FuseMax hardware and binding (QK, LM, SLN, SLD, SLNV on the 2D array, the
 *                 running max/denominator/numerator on the 1D array), one tile at a time: sum.
 *   fusemax       the same binding, 2D and 1D work interleaved across tiles: max, plus the
 *                 pipeline fill of one tile of the shorter stage.
 * `cascade: 2-pass` with `architecture` or `fusemax`: the 2-pass cascade on the FuseMax binding
 *                 (pass 1: QK, LM, SLN, SLD on the 2D array, RM, PRM, SPD, RD on the 1D array;
 *                 pass 2: QK recomputed, SN, A = SN x 1/RD, AV on the 2D array, 1/RD per query on
 *                 the 1D array); only RM and RD (2 words per query) stay on chip between the
 *                 passes; K is read once per pass, V once; the passes run one after the other.
 * `flat` keeps, of two tilings, the one with fewer cycles: row blocks (the full score rows of a
 *                 block of queries on chip, K and V re-read per block) or spilled rows (QK and A
 *                 written to and read from DRAM once each, one score row on chip at a time for
 *                 the softmax, K and V re-read per query block of Q and O), as the FuseMax
 *                 artifact's FLAT does past 128K keys.
 *   flash         FlashAttention-style tiling of the 1-pass cascade for a single on-chip buffer
 *                 (GPU-like): every einsum on one array (the first 2D array, else the first 1D
 *                 array) attached to an on-chip level of capacity M elements; key blocks
 *                 B_c = ceil(M/4d), query blocks B_r = min(ceil(M/4d), d) (rounded down until
 *                 Q, K, V and O blocks fit); all work spread over the array's PEs; DRAM: Q read
 *                 once, O written once, K and V once per query block (Theta(N^2 d^2 / M)).
 * Causal masks (bottom-right aligned, as the IR's points_effective): key tiles entirely above
 * the diagonal of a row tile are skipped, partially masked tiles computed whole; a query tile
 * reads the K/V tiles its last query needs. Work, buffer and DRAM traffic, energy follow.
 * Work is counted per einsum point, one action per point (an emulated exp costs its exp_cost
 * operations, arch_array_op_interval/op_energy). Busy time of an array = the tiles it runs x
 * the cycles one PE spends on one tile (spatial padding included). DRAM: Q read once, O written
 * once, K and V read once per query tile; memory cycles = bytes / DRAM bandwidth;
 * cycles = max(compute, memory). Energy = actions x per-action energy from the arch.
 *
 * Tiling: m0 = the 2D array's columns (the builder's default 256 is ignored); the query tile
 * P1 (fused) or the row block (FLAT) is the largest that fits the global buffer beside the
 * double-buffered K/V tile; errors name what does not fit. Pure functions, thread-safe.
 */
#ifndef MAP_FUSE_H
#define MAP_FUSE_H

#include <stdint.h>

#include "arch/arch.h"
#include "common/err.h"
#include "ops/ir.h"

enum { MAP_FUSE_2D, MAP_FUSE_1D, MAP_FUSE_NARRAYS };

typedef struct map_fuse_result {
  ops_attn_schedule schedule;     /* the schedule evaluated (auto: the one chosen) */
  const char *array_name[MAP_FUSE_NARRAYS]; /* NULL: not used (flash uses one array) */
  uint64_t m0;                    /* key tile (2D array columns; flash: B_c); FLAT: 0 */
  uint64_t p1;                    /* query tile (fused; flash: B_r) or row block (FLAT) */
  uint64_t q_tiles;               /* ceil(seq_q / p1) */
  uint64_t buffer_bytes;          /* working set in the global buffer */
  uint64_t buffer_cap;            /* its capacity */
  uint64_t actions[MAP_FUSE_NARRAYS]; /* operations executed (emulated exp = its ops) */
  uint64_t busy[MAP_FUSE_NARRAYS];    /* cycles each array is busy */
  double util[MAP_FUSE_NARRAYS];  /* actions / (cycles x PEs), in [0, 1] */
  uint64_t compute_cycles, memory_cycles, cycles;
  uint64_t dram_read, dram_write, dram_bytes;
  uint64_t dram_kv;               /* of dram_read: K and V */
  uint64_t dram_scores;           /* of dram_read + dram_write: FLAT's spilled QK and A rows */
  bool spill;                     /* FLAT: the spilled-row tiling was the faster */
  int passes;                     /* over the keys: 3 (flat), 2 (2-pass), 1 (1-pass schedules) */
  uint64_t between_pass_bytes;    /* on chip between passes (FLAT: score rows; 2-pass: RM, RD) */
  /* The pipeline the cycle simulator replays (sim/core/fuse_prog.h): steps = (batch x head x
   * query tile, key tile) pairs per traversal of the keys, and each traversal's busy cycles per
   * array (pass_busy[p][x] sums to busy[x]); compute_cycles is derived from exactly these. */
  uint64_t steps;
  uint64_t pass_busy[2][MAP_FUSE_NARRAYS];
  /* FLAT: busy cycles per array of its three passes, QK, the softmax (GM, SN, SD, A) and AV
   * (flat_busy[0..2][x] sums to busy[x]); zero for the other schedules. */
  uint64_t flat_busy[3][MAP_FUSE_NARRAYS];
  /* Lower bounds on the MAC work: MACs of QK and AV (E + F per visible query/key pair) over
   * every MAC-capable PE; with a causal mask only the visible pairs count (`_full`: without). */
  uint64_t bound_macs, bound_macs_full, bound_cycles, bound_cycles_full;
  uint64_t gb_words, rf_words;    /* global-buffer and PE/lane register-file word accesses */
  uint64_t macs;                  /* MAC actions (QK and AV/SLNV) */
  double e_compute_pj, e_dram_pj, e_gb_pj, e_rf_pj, energy_pj;
  double latency_s;
} map_fuse_result;

/* Evaluates the attention shape s under schedule sched (not unfused; auto = map_fuse_auto) on
 * a, with word_bytes bytes per element. Returns 0, or -1 with an error naming what is missing
 * (an array, an operation) or what does not fit. */
int map_fuse_eval(const ops_attention_shape *s, ops_attn_schedule sched, uint64_t word_bytes,
                  const arch_spec *a, map_fuse_result *r, com_err *e);

/* Evaluates flat, cascade, architecture, fusemax and flash and keeps the legal one with the fewest
 * cycles (ties: less energy). -1 with the last error when none is legal. */
int map_fuse_auto(const ops_attention_shape *s, uint64_t word_bytes, const arch_spec *a,
                  map_fuse_result *r, com_err *e);

#endif
