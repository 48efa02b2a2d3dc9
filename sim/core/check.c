/*
 * check — the untimed deadlock check of a tile program and its printed form (see lower.h).
 * The check materializes at most SIM_CHECK_WINDOW tiles (the program's token pattern repeats
 * with the loop nest, so a prefix covering a few generations of every slot exercises it).
 */
#include <inttypes.h>
#include <string.h>

#include "sim/core/lower.h"

#define SIM_CHECK_WINDOW 256

typedef struct ck_state {
  const sim_prog *p;
  sim_tile w[SIM_CHECK_WINDOW];
  uint64_t n;
  uint64_t lq, cq, sq;          /* queue heads: tile index (load: plus slot cursor) */
  int lslot;
  uint64_t loaded[MAP_NT];      /* generations loaded per slot (outputs: reloads handled) */
  uint64_t computed, stored;    /* tiles computed, output generations stored */
} ck_state;

/* Tile index of the last compute using generation g of slot s, or UINT64_MAX when unknown. */
static uint64_t ck_last_user(const ck_state *c, int s, uint64_t g) {
  for (uint64_t i = 0; i < c->n; i++)
    if (c->w[i].gen[s] == g && c->w[i].last[s]) return i;
  return UINT64_MAX;
}

static bool ck_load_ready(const ck_state *c, const sim_tile *t, int s) {
  uint64_t g = t->gen[s];
  int nb = c->p->nbuf[s];
  if (g < (uint64_t)nb) return true;
  if (s == c->p->t->slot_of_out) return c->stored > g - (uint64_t)nb;
  uint64_t u = ck_last_user(c, s, g - (uint64_t)nb);
  return u != UINT64_MAX && c->computed > u;
}

/* Slot of the next load of tile t at or after slot cursor k, or -1. */
static int ck_next_load(const ck_state *c, const sim_tile *t, int k) {
  for (int s = k; s < MAP_NT; s++) {
    if (c->p->home[s] < 0 || !t->fresh[s]) continue;
    if (s != c->p->t->slot_of_out || t->reload) return s;
  }
  return -1;
}

static bool ck_compute_ready(const ck_state *c, const sim_tile *t) {
  for (int s = 0; s < MAP_NT; s++) {
    if (c->p->home[s] < 0) continue;
    if (s != c->p->t->slot_of_out && c->loaded[s] <= t->gen[s]) return false;
  }
  uint64_t g = t->gen[2];
  int nb = c->p->nbuf[2];
  if (t->reload && c->loaded[2] <= g) return false;
  if (t->fresh[2] && g >= (uint64_t)nb && c->stored <= g - (uint64_t)nb) return false;
  return true;
}

int sim_lower_check(const sim_prog *p, uint64_t limit, com_err *e) {
  static ck_state zero;
  ck_state c = zero;
  c.p = p;
  sim_iter it;
  sim_iter_init(&it, p);
  if (limit > SIM_CHECK_WINDOW) limit = SIM_CHECK_WINDOW;
  while (c.n < limit && sim_lower_next(&it, &c.w[c.n])) c.n++;
  for (int s = 0; s < MAP_NT; s++)
    if (p->home[s] >= 0 && p->nbuf[s] < 1)
      return com_err_plain(e, COM_EFAIL, "einsum %s: tensor %s has no buffer at its home level",
                           p->t->es->name, p->t->tensor[s]->name);
  for (;;) {
    bool moved = false;
    while (c.lq < c.n) { /* load queue */
      int s = ck_next_load(&c, &c.w[c.lq], c.lslot);
      if (s < 0) { c.lq++; c.lslot = 0; continue; }
      if (!ck_load_ready(&c, &c.w[c.lq], s)) break;
      c.loaded[s] = c.w[c.lq].gen[s] + 1;
      c.lslot = s + 1;
      moved = true;
    }
    while (c.cq < c.n && ck_compute_ready(&c, &c.w[c.cq])) { c.cq++; c.computed++; moved = true; }
    while (c.sq < c.n) { /* store queue */
      const sim_tile *t = &c.w[c.sq];
      if (!t->last[2]) { c.sq++; continue; }
      if (c.computed <= c.sq) break;
      c.stored = t->gen[2] + 1;
      c.sq++;
      moved = true;
    }
    if (c.lq >= c.n && c.cq >= c.n && c.sq >= c.n) return 0;
    if (!moved) break;
  }
  return com_err_plain(e, COM_EFAIL, "einsum %s: the tile program deadlocks: load queue at tile "
                       "%" PRIu64 " slot %d, compute at tile %" PRIu64 ", store at tile %" PRIu64
                       "; %" PRIu64 " tiles computed, %" PRIu64 " output generations stored",
                       p->t->es->name, c.lq, c.lslot, c.cq, c.sq, c.computed, c.stored);
}

static const char *const ck_df[] = {"os", "ws", "is"};

void sim_lower_print(FILE *f, const sim_prog *p, uint64_t first) {
  const map_target *t = p->t;
  fprintf(f, "einsum %s: %s\n", t->es->name, t->es->expr);
  fprintf(f, "  array %s (%s)", t->array->name, p->is2d ? "2d" : "1d");
  if (p->is2d)
    fprintf(f, ": %s, %" PRIu64 " rows x %" PRIu64 " cols used, %" PRIu64 " folds of %" PRIu64
               " steps per tile, ii %" PRIu64 ", depth %" PRIu64 ", accumulator %s\n",
            ck_df[p->a2d.df], p->a2d.rows, p->a2d.cols, p->a2d.folds, p->a2d.stream, p->ii,
            p->depth, p->has_acc ? "yes" : "no");
  else
    fprintf(f, ": %" PRIu64 " ops per lane per tile, ii %" PRIu64 ", depth %" PRIu64 "\n",
            p->per_lane, p->ii, p->depth);
  fprintf(f, "  tiles: %" PRIu64 " (x%" PRIu64 " parallel instances), loops above %s:", p->tiles,
          p->outer_instances, t->lv[p->sp].name);
  for (int q = 0; q < p->nloops; q++)
    fprintf(f, " %s%" PRIu64 "@%s", t->es->rank_name[p->loops[q].rank], p->loops[q].factor,
            t->lv[p->loops[q].level].name);
  fprintf(f, "%s\n", p->nloops ? "" : " none");
  for (int s = 0; s < MAP_NT; s++) {
    if (p->home[s] < 0) continue;
    fprintf(f, "  %-6s %s home %s%s, tile %" PRIu64 " elems (%" PRIu64 " B), %d buffer%s, %"
               PRIu64 " generation%s",
            s == 2 ? "output" : "input", t->tensor[s]->name, t->lv[p->home[s]].name,
            p->kept[s] ? "" : " (streamed)", p->tile_elems[s], p->tile_bytes[s], p->nbuf[s],
            p->nbuf[s] > 1 ? "s" : "", p->gens[s], p->gens[s] == 1 ? "" : "s");
    if (s == 2) fprintf(f, ", %" PRIu64 " partial-sum reloads", p->reloads);
    fprintf(f, "\n");
  }
  fprintf(f, "  DRAM: %" PRIu64 " B loaded, %" PRIu64 " B stored (machine); scratchpad cycles "
             "per step %" PRIu64 " (%" PRIu64 " with partial sums)\n",
          p->load_bytes, p->store_bytes, p->bank_fresh, p->bank_acc);
  sim_iter it;
  sim_iter_init(&it, p);
  sim_tile tl;
  uint64_t shown = 0;
  while (shown < first && sim_lower_next(&it, &tl)) {
    fprintf(f, "  tile %" PRIu64 ":", tl.index);
    for (int s = 0; s < MAP_NT; s++) {
      if (p->home[s] < 0 || !tl.fresh[s] || (s == 2 && !tl.reload)) continue;
      fprintf(f, " load %s#%" PRIu64 "->buf%" PRIu64, t->tensor[s]->name, tl.gen[s],
              tl.gen[s] % (uint64_t)p->nbuf[s]);
      if (tl.gen[s] >= (uint64_t)p->nbuf[s])
        fprintf(f, "[after %s %s#%" PRIu64 "]", s == 2 ? "store" : "last use of",
                t->tensor[s]->name, tl.gen[s] - (uint64_t)p->nbuf[s]);
      fprintf(f, ";");
    }
    fprintf(f, " compute%s [after loads", tl.acc_in ? " +psum" : "");
    if (tl.fresh[2] && tl.gen[2] >= (uint64_t)p->nbuf[2])
      fprintf(f, ", store %s#%" PRIu64, t->tensor[2]->name, tl.gen[2] - (uint64_t)p->nbuf[2]);
    fprintf(f, "]");
    if (tl.last[2]) fprintf(f, "; store %s#%" PRIu64 " [after compute]", t->tensor[2]->name, tl.gen[2]);
    fprintf(f, "\n");
    shown++;
  }
  if (p->tiles > shown) fprintf(f, "  ... %" PRIu64 " more tiles\n", p->tiles - shown);
}
