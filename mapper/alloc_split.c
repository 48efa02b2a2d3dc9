/* alloc_split — the allocation repair that always succeeds: place intervals in start order
 * (first fit among the placed ones live at that step) and, when a tensor finds no hole, split
 * older residents (evict after their last use so far, retrieve at their next use), furthest
 * next use first, the op's own older operands last. Each split adds traffic (a retrieval, and
 * one spill per intermediate), which map_plan_recount then counts. */
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule.h"

typedef struct split_ctx {
  map_plan *p;
  const map_graph *g;
  int *ustart, *uses; /* per tensor: use steps in the plan's order */
  char *placed;
  int cap;
} split_ctx;

static uint64_t sz(const split_ctx *c, int i) { return c->g->t[c->p->iv[i].tensor].bytes; }

/* Last use of t at or before s, and first use at or after s (-1 / INT32_MAX when none). */
static int split_use(const split_ctx *c, int t, int s, bool after) {
  int best = after ? 0x7fffffff : -1;
  for (int k = c->ustart[t]; k < c->ustart[t + 1]; k++) {
    int u = c->uses[k];
    if (after && u >= s && u < best) best = u;
    if (!after && u <= s && u > best) best = u;
  }
  return best;
}

/* First-fit address for interval v among the placed intervals live at s, or UINT64_MAX. */
static uint64_t split_fit(const split_ctx *c, int v, int s) {
  uint64_t addr = 0, size = sz(c, v);
  for (bool moved = true; moved;) {
    moved = false;
    for (int i = 0; i < c->p->n; i++) {
      const map_interval *u = &c->p->iv[i];
      if (!c->placed[i] || u->start > s || u->end < s) continue;
      if (u->addr < addr + size && addr < u->addr + sz(c, i)) { addr = u->addr + sz(c, i); moved = true; }
    }
  }
  return addr + size <= c->p->budget ? addr : UINT64_MAX;
}

/* Splits placed interval i at step s: it ends at its last use before s, and a new unplaced
 * interval starts at its next use >= s. Returns 0, -1 when out of memory. */
static int split_at(split_ctx *c, int i, int s) {
  map_interval u = c->p->iv[i];
  int last = split_use(c, u.tensor, s - 1, false), next = split_use(c, u.tensor, s, true);
  if (last < u.start) last = u.start; /* cannot happen for a split candidate */
  c->p->iv[i].end = last;
  if (next > u.end) return 0; /* no further use inside this interval: just shortened */
  map_interval w = {u.tensor, next, u.end, 0, c->g->t[u.tensor].producer >= 0 ? MAP_ARRIVE_RETRIEVE : MAP_ARRIVE_LOAD, false};
  if (map_plan_add(c->p, w)) return -1;
  if (c->p->n > c->cap) {
    char *q = realloc(c->placed, (size_t)c->p->cap);
    if (!q) return -1;
    c->placed = q;
    c->cap = c->p->cap;
  }
  c->placed[c->p->n - 1] = 0;
  return 0;
}

/* Picks an older placed interval live at s to split (not the op's operand unless own). */
static int split_victim(const split_ctx *c, int s, bool own) {
  int best = -1, best_next = -1;
  const map_gop *op = &c->g->ops[c->p->order[s]];
  for (int i = 0; i < c->p->n; i++) {
    const map_interval *u = &c->p->iv[i];
    if (!c->placed[i] || u->start >= s || u->end < s) continue;
    bool used = false;
    for (int k = 0; k < op->nin + op->nout; k++) used |= op->in[k] == u->tensor;
    if (used != own) continue;
    if (!own && split_use(c, u->tensor, s - 1, false) < u->start) continue;
    int nx = split_use(c, u->tensor, s, true);
    if (own && u->start > s - 1) continue;
    if (nx > best_next) { best = i; best_next = nx; }
  }
  return best;
}

int map_alloc_split(map_plan *p, const map_graph *g) {
  split_ctx c = {p, g, NULL, NULL, NULL, 0};
  int nt = g->ntensors, rc = -1;
  c.ustart = calloc((size_t)nt + 2, sizeof *c.ustart);
  c.uses = malloc(((size_t)g->npool + 1) * sizeof *c.uses);
  int *fill = calloc((size_t)nt + 1, sizeof *fill);
  c.cap = p->cap;
  c.placed = calloc((size_t)p->cap + 1, 1);
  if (!c.ustart || !c.uses || !fill || !c.placed) goto out;
  for (int s = 0; s < p->nsteps; s++)
    for (int k = 0; k < g->ops[p->order[s]].nin + g->ops[p->order[s]].nout; k++) c.ustart[g->ops[p->order[s]].in[k] + 1]++;
  for (int t = 0; t < nt; t++) c.ustart[t + 1] += c.ustart[t];
  for (int s = 0; s < p->nsteps; s++)
    for (int k = 0; k < g->ops[p->order[s]].nin + g->ops[p->order[s]].nout; k++) {
      int t = g->ops[p->order[s]].in[k];
      c.uses[c.ustart[t] + fill[t]++] = s;
    }
  for (int s = 0; s < p->nsteps; s++) {
    for (int i = 0; i < p->n; i++) {
      if (c.placed[i] || p->iv[i].start != s) continue;
      uint64_t addr;
      while ((addr = split_fit(&c, i, s)) == UINT64_MAX) {
        int v = split_victim(&c, s, false);
        if (v < 0) v = split_victim(&c, s, true);
        if (v < 0) { /* only this step's arrivals remain: re-pack them from address 0 */
          uint64_t at = 0;
          for (int j = 0; j < p->n; j++)
            if (c.placed[j] && p->iv[j].start == s) { p->iv[j].addr = at; at += sz(&c, j); }
          addr = split_fit(&c, i, s);
          if (addr == UINT64_MAX) goto out; /* the step itself exceeds the budget */
          break;
        }
        if (split_at(&c, v, s)) goto out;
      }
      p->iv[i].addr = addr;
      c.placed[i] = 1;
    }
  }
  map_plan_sort(p);
  map_plan_recount(p, g);
  rc = 0;
out:
  free(c.ustart);
  free(c.uses);
  free(fill);
  free(c.placed);
  return rc;
}

void map_plan_recount(map_plan *p, const map_graph *g) {
  /* intervals are sorted by start: the first interval of an intermediate that has a successor
   * spills, every later one is a retrieval; graph inputs reload from DRAM */
  char *seen = calloc((size_t)g->ntensors + 1, 1);
  int *last = malloc(((size_t)g->ntensors + 1) * sizeof *last);
  if (!seen || !last) { free(seen); free(last); return; }
  uint64_t nc = 0;
  for (int i = 0; i < p->n; i++) {
    map_interval *v = &p->iv[i];
    int t = v->tensor;
    v->spill = false;
    if (seen[t]) {
      nc += g->t[t].bytes; /* retrieval or reload */
      if (g->t[t].producer >= 0 && seen[t] == 1) { p->iv[last[t]].spill = true; nc += g->t[t].bytes; seen[t] = 2; }
    } else {
      seen[t] = 1;
    }
    last[t] = i;
  }
  p->noncompulsory = nc;
  free(seen);
  free(last);
}
