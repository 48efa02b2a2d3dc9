/*
 * lower — a mapping (map_target + map_mapping) lowered to a tile program, streamed.
 *
 * A compute tile is one iteration of the temporal loops above the array's attach level `sp`
 * (the scratchpad that feeds the PEs). Each tensor slot s has a home: the outermost on-chip
 * level at or above sp that keeps it (the DMA moves its tiles between DRAM and there; a slot
 * that no such level keeps streams through sp). A slot's tile changes — a new *generation* —
 * when a loop above its home that indexes it ticks; loops that do not index it reuse the tile.
 *
 * The program has three in-order queues, one per engine, with dependency tokens:
 *   load  L(s,g)   DMA DRAM -> home: generation g of input s, or the partial sums of output
 *                  generation g when its coordinates were visited before (a reload)
 *                  waits: buffer (g mod nbuf) free = the last compute using generation g-nbuf
 *                  done (inputs) / the store of output generation g-nbuf done (outputs)
 *   compute C(i)   tile i on the 2D or 1D array; waits: the loads of every generation it reads;
 *                  for a new output generation g, the store of g-nbuf (its buffer free)
 *   store  S(g)    DMA home -> DRAM of output generation g after its last compute
 * nbuf = 2 (double buffering) when two copies of every tile fit their home, else 1.
 *
 * Nothing is materialized: sim_lower_next produces tile i from an odometer over the loops, in
 * O(loops) time and O(1) memory, so programs of any length stream. Counts are closed forms.
 * Thread-safe on distinct sim_prog / sim_iter objects.
 */
#ifndef SIM_LOWER_H
#define SIM_LOWER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mapper/model.h"
#include "sim/core/sim_core.h"

#define SIM_MAX_LOOPS (MAP_MAX_LEVELS * OPS_MAX_RANKS)
#define SIM_MAX_VEC 4096 /* elements of one vector access considered for bank conflicts */

typedef struct sim_loop {
  int rank, level;
  uint64_t factor;
} sim_loop;

/* The static part of one einsum's program. */
typedef struct sim_prog {
  const map_target *t;
  const map_mapping *m;
  map_result ana;               /* the analytical model's result for the same mapping */
  int sp;                       /* target level index of the array's attach level */
  int home[MAP_NT];             /* home level of each slot (-1: absent) */
  bool kept[MAP_NT];            /* the home keeps the slot (capacity checked) */
  int nbuf[MAP_NT];
  uint64_t tile_elems[MAP_NT], tile_bytes[MAP_NT];
  uint64_t dram_scale[MAP_NT];  /* copies of the home tile the machine moves per generation:
                                   instances above the home over ranks indexing the slot (or
                                   all ranks where a level does not multicast) */
  uint64_t gens[MAP_NT];        /* generations over the program (loads of inputs, stores of out) */
  uint64_t reloads;             /* output generations whose partial sums are reloaded */
  int nloops;
  sim_loop loops[SIM_MAX_LOOPS];/* temporal loops above sp, outermost first, factors > 1 */
  uint64_t tiles;               /* compute tiles (product of the loop factors) */
  uint64_t outer_instances;     /* copies of sp working in parallel (spatial above sp) */
  bool is2d, has_acc;
  sim_a2d a2d;                  /* 2D: fold geometry of one tile */
  uint64_t per_lane;            /* 1D: operations per lane per tile */
  uint64_t ii, depth;
  uint64_t bank_fresh, bank_acc;/* scratchpad cycles per stream step (fresh / continuing psums) */
  uint64_t load_bytes, store_bytes; /* DRAM bytes over the program (machine, dram_scale in) */
} sim_prog;

/* One compute tile and the DMA work attached to it. */
typedef struct sim_tile {
  uint64_t index;
  uint64_t gen[MAP_NT];
  bool fresh[MAP_NT];           /* a new generation starts at this tile */
  bool last[MAP_NT];            /* the last tile using this generation */
  bool reload;                  /* output: the new generation reloads partial sums */
  bool acc_in;                  /* output: this tile continues partial sums */
} sim_tile;

typedef struct sim_iter {
  const sim_prog *p;
  uint64_t idx[SIM_MAX_LOOPS];
  uint64_t next;                /* index of the tile sim_lower_next returns next */
  uint64_t gen[MAP_NT];
  int changed;                  /* outermost loop the last advance changed */
} sim_iter;

/* Builds the program of mapping m on target t (both must outlive p). dram_layout: tiles keep
 * their DRAM (row-major) layout in the scratchpad, so the array's vector reads can hit one bank;
 * false (the default): the DMA lays tiles out in the order the array reads them (contiguous
 * vectors). Errors (COM_EINPUT) name the einsum, the level and the reason: a tile larger than
 * its buffer, a mapping the model rejects. */
int sim_lower(const map_target *t, const map_mapping *m, bool dram_layout, sim_prog *p, com_err *e);
void sim_iter_init(sim_iter *it, const sim_prog *p);
/* Fills *tile with the next tile; false when the program is over. */
bool sim_lower_next(sim_iter *it, sim_tile *tile);

/* Executes the first `limit` tiles of the program untimed with in-order engine queues and the
 * tokens above; 0 when it completes, -1 with the stuck state (each queue's head and what it
 * waits for) when it deadlocks. */
int sim_lower_check(const sim_prog *p, uint64_t limit, com_err *e);
/* ---- energy from simulated action counts (core/energy.c) ---------------------------------
 * Counts are elements per target level and slot in the model's conventions (map_lresult).
 * sim_energy_dma charges one executed DMA transfer of a generation of slot s: a load (input,
 * or output partial sums reloaded) reads DRAM and fills the home (when kept there); a store
 * updates DRAM. sim_energy_finish adds the array's accesses of `tiles` executed tiles at the
 * model's per-tile rates (every level from the home inward, except the home's DMA fills) and
 * its points, then prices every level with map_model_price. */
void sim_energy_dma(const sim_prog *p, int s, bool store, map_lresult *lv);
void sim_energy_finish(const sim_prog *p, uint64_t tiles, map_lresult *lv, uint64_t *points,
                       double *compute_pj);

/* Prints the program: header, the first `first` tiles, counts. */
void sim_lower_print(FILE *f, const sim_prog *p, uint64_t first);

#endif
