/*
 * energy — the simulator's action counts and their energy (see lower.h, "Energy").
 *
 * The DMA engines charge every transfer they execute, in the model's conventions
 * (mapper/model.h): a load of generation g of input s is g's elements read out of DRAM and
 * filled into its home level; a partial-sum reload is a DRAM read and a home fill of the
 * output; a store is a DRAM update. The array's accesses inside its tiles (from the home
 * inward: the home's reads to the PEs, inner levels, PE registers, partial-sum updates) are
 * charged per executed tile at the model's per-tile rates, and so are its points. Everything
 * is priced with the model's own per-element energies (map_model_price).
 */
#include <math.h>

#include "sim/core/lower.h"

/* Elements one generation of slot s moves: the DRAM side counts the multicast copies
 * (dram_scale), the home side every instance of the home that receives the tile. */
static void en_elems(const sim_prog *p, int s, uint64_t *dram, uint64_t *home) {
  uint64_t inst = 1;
  for (int j = 0; j < p->home[s]; j++)
    for (int r = 0; r < p->m->nranks; r++) inst *= p->m->lv[j].sx[r] * p->m->lv[j].sy[r];
  *dram = p->tile_elems[s] * p->dram_scale[s];
  *home = p->tile_elems[s] * inst;
}

void sim_energy_dma(const sim_prog *p, int s, bool store, map_lresult *lv) {
  uint64_t dram, home;
  en_elems(p, s, &dram, &home);
  if (store) {
    lv[0].updates[s] += dram;
    return;
  }
  lv[0].reads[s] += dram;
  /* a slot kept nowhere at or above the array's level streams through it: the model charges
   * its arrival at the inner level that keeps it (counted with the array's accesses) */
  if (p->kept[s]) lv[p->home[s]].fills[s] += home;
}

/* x * num / den without overflow for the counts at hand (den > 0). */
static uint64_t en_scale(uint64_t x, uint64_t num, uint64_t den) {
  if (num == den) return x;
  return (uint64_t)llround((double)x * (double)num / (double)den);
}

void sim_energy_finish(const sim_prog *p, uint64_t tiles, map_lresult *lv, uint64_t *points,
                       double *compute_pj) {
  const map_result *a = &p->ana;
  for (int j = 1; j < p->t->nlevels; j++)
    for (int s = 0; s < MAP_NT; s++) {
      if (!p->t->tensor[s]) continue;
      lv[j].reads[s] += en_scale(a->lv[j].reads[s], tiles, p->tiles);
      lv[j].updates[s] += en_scale(a->lv[j].updates[s], tiles, p->tiles);
      if (j != p->home[s] || !p->kept[s]) lv[j].fills[s] += en_scale(a->lv[j].fills[s], tiles, p->tiles);
    }
  for (int j = 0; j < p->t->nlevels; j++) map_model_price(p->t, j, &lv[j]);
  *points = en_scale(a->points, tiles, p->tiles);
  *compute_pj = (double)*points * p->t->op_pj;
}
