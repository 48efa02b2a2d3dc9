/* schedule_lsearch — order optimization for graphs too large for the free-schedule ILP (more
 * than MAP_SCHED_FREE_MAX_OPS ops): a seeded local search over topological orders.
 *
 * A move takes one op and puts it elsewhere inside its dependency window (after its last
 * producer, before its first consumer), which keeps the order valid; the ops in between shift
 * by one. An order is scored by what Belady replacement (capacity only, as the ILP's warm
 * start) spills and retrieves on it, then by the overflow (the bytes by which the no-spill live
 * set exceeds the budget, summed over the steps) to break ties and guide the search across
 * plateaus. A move is kept when the score does not get worse; after LS_STALL rejections in a
 * row (a local optimum) the search restarts from the best order with LS_KICK random moves
 * (iterated local search), since single moves alone stall early. The search stops after a given
 * number of moves, or at a time cap that only a slow machine reaches; with the same seed and
 * move count it is deterministic. It also stops when the Belady bytes reach a known lower
 * bound (the caller's bound for every order). The residency ILP then plans the best order found (the
 * caller, map_sched_run), so the Belady score only has to rank orders, not price them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mapper/schedule.h"

#define LS_STALL 1000 /* rejected moves in a row that end a descent */
#define LS_KICK 40     /* random moves of a perturbation */

typedef struct ls_score { uint64_t bytes, over; } ls_score;

typedef struct ls_ctx {
  const map_graph *g;
  uint64_t budget;
  int *pos;              /* op -> step */
  int *cstart, *cons;    /* per tensor: consumer ops (CSR) */
  int64_t *delta;        /* per step: live-bytes change, for the overflow */
  int *first, *last;     /* per tensor: first and last use step */
} ls_ctx;

static bool ls_better(ls_score a, ls_score b) { return a.bytes < b.bytes || (a.bytes == b.bytes && a.over < b.over); }

static uint64_t ls_rand(uint64_t *s) { /* xorshift64* */
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 2685821657736338717ull;
}

static int ls_score_of(ls_ctx *c, const int *order, ls_score *out, com_err *e) {
  const map_graph *g = c->g;
  map_plan p;
  if (map_belady_capacity(g, order, c->budget, &p, e)) return -1;
  out->bytes = p.noncompulsory;
  map_plan_free(&p);
  int T = g->nops;
  for (int t = 0; t < g->ntensors; t++) { c->first[t] = T; c->last[t] = -1; }
  for (int s = 0; s < T; s++) {
    const map_gop *op = &g->ops[order[s]];
    for (int k = 0; k < op->nin + op->nout; k++) {
      int t = op->in[k];
      if (c->first[t] > s) c->first[t] = s;
      c->last[t] = s;
    }
  }
  memset(c->delta, 0, ((size_t)T + 1) * sizeof *c->delta);
  for (int t = 0; t < g->ntensors; t++)
    if (c->last[t] >= 0) {
      c->delta[c->first[t]] += (int64_t)g->t[t].bytes;
      c->delta[c->last[t] + 1] -= (int64_t)g->t[t].bytes;
    }
  int64_t live = 0;
  out->over = 0;
  for (int s = 0; s < T; s++) {
    live += c->delta[s];
    if ((uint64_t)live > c->budget) out->over += (uint64_t)live - c->budget;
  }
  return 0;
}

int map_sched_order_score(const map_graph *g, const int *order, uint64_t budget, uint64_t *bytes, uint64_t *over,
                          com_err *e) {
  ls_ctx c = {.g = g, .budget = budget};
  c.delta = malloc(((size_t)g->nops + 1) * sizeof *c.delta);
  c.first = malloc(((size_t)g->ntensors + 1) * sizeof *c.first);
  c.last = malloc(((size_t)g->ntensors + 1) * sizeof *c.last);
  ls_score sc;
  int rc = !c.delta || !c.first || !c.last ? com_err_oom(e) : ls_score_of(&c, order, &sc, e);
  if (rc == 0) { *bytes = sc.bytes; *over = sc.over; }
  free(c.delta);
  free(c.first);
  free(c.last);
  return rc;
}

/* Moves the op at step i to step j, shifting the ops in between. */
static void ls_move(ls_ctx *c, int *order, int i, int j) {
  int o = order[i];
  if (i < j) memmove(order + i, order + i + 1, (size_t)(j - i) * sizeof *order);
  else memmove(order + j + 1, order + j, (size_t)(i - j) * sizeof *order);
  order[j] = o;
  for (int s = i < j ? i : j; s <= (i < j ? j : i); s++) c->pos[order[s]] = s;
}

int map_sched_order_search(const map_graph *g, const int *start, uint64_t budget, uint64_t floor_bytes, int moves,
                           uint64_t seed, double time_cap_s, int *best, uint64_t *best_bytes, com_err *e) {
  int T = g->nops, nt = g->ntensors, rc = -1;
  ls_ctx c = {.g = g, .budget = budget};
  int *cur = malloc(((size_t)T + 1) * sizeof *cur);
  c.pos = malloc(((size_t)T + 1) * sizeof *c.pos);
  c.cstart = calloc((size_t)nt + 2, sizeof *c.cstart);
  c.cons = malloc(((size_t)g->npool + 1) * sizeof *c.cons);
  c.delta = malloc(((size_t)T + 1) * sizeof *c.delta);
  c.first = malloc(((size_t)nt + 1) * sizeof *c.first);
  c.last = malloc(((size_t)nt + 1) * sizeof *c.last);
  int *fill = calloc((size_t)nt + 1, sizeof *fill);
  if (!cur || !c.pos || !c.cstart || !c.cons || !c.delta || !c.first || !c.last || !fill) { com_err_oom(e); goto out; }
  for (int o = 0; o < T; o++)
    for (int k = 0; k < g->ops[o].nin; k++) c.cstart[g->ops[o].in[k] + 1]++;
  for (int t = 0; t < nt; t++) c.cstart[t + 1] += c.cstart[t];
  for (int o = 0; o < T; o++)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int t = g->ops[o].in[k];
      c.cons[c.cstart[t] + fill[t]++] = o;
    }
  memcpy(cur, start, (size_t)T * sizeof *cur);
  memcpy(best, start, (size_t)T * sizeof *best);
  for (int s = 0; s < T; s++) c.pos[cur[s]] = s;
  ls_score sc, bs;
  if (ls_score_of(&c, cur, &sc, e)) goto out;
  bs = sc;
  uint64_t rng = seed ? seed : 0x9e3779b97f4a7c15ull;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int stall = 0, kick = -1; /* moves since the score last improved; perturbation moves left */
  /* a score at the floor cannot improve (at 0 bytes, only the overflow can still drop) */
  for (int it = 0; it < moves && T > 1 && !(bs.bytes <= floor_bytes && (floor_bytes > 0 || bs.over == 0)); it++) {
    if ((it & 63) == 0) {
      clock_gettime(CLOCK_MONOTONIC, &t1);
      if ((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9 > time_cap_s) break;
    }
    int o = (int)(ls_rand(&rng) % (uint64_t)T), lo = 0, hi = T - 1;
    const map_gop *op = &g->ops[o];
    for (int k = 0; k < op->nin; k++) {
      int p = g->t[op->in[k]].producer;
      if (p >= 0 && c.pos[p] + 1 > lo) lo = c.pos[p] + 1;
    }
    for (int k = 0; k < op->nout; k++) {
      int t = op->out[k];
      for (int q = c.cstart[t]; q < c.cstart[t + 1]; q++)
        if (c.pos[c.cons[q]] - 1 < hi) hi = c.pos[c.cons[q]] - 1;
    }
    if (hi <= lo) continue; /* pinned between its producer and its consumer */
    int i = c.pos[o], j = lo + (int)(ls_rand(&rng) % (uint64_t)(hi - lo));
    if (j >= i) j++; /* a different step in [lo, hi] */
    ls_move(&c, cur, i, j);
    if (kick > 0) { kick--; continue; } /* perturbation: taken unscored */
    ls_score ns;
    if (ls_score_of(&c, cur, &ns, e)) goto out;
    if (kick == 0) { sc = ns; kick = -1; }
    if (ls_better(sc, ns)) { /* worse: undo */
      ls_move(&c, cur, j, i);
      if (++stall >= LS_STALL) { /* a local optimum: restart from the best with a kick */
        memcpy(cur, best, (size_t)T * sizeof *cur);
        for (int s = 0; s < T; s++) c.pos[cur[s]] = s;
        kick = LS_KICK;
        stall = 0;
      }
      continue;
    }
    if (ls_better(ns, sc)) stall = 0;
    sc = ns;
    if (ls_better(sc, bs)) { bs = sc; memcpy(best, cur, (size_t)T * sizeof *best); }
  }
  *best_bytes = bs.bytes;
  rc = 0;
out:
  free(cur);
  free(c.pos);
  free(c.cstart);
  free(c.cons);
  free(c.delta);
  free(c.first);
  free(c.last);
  free(fill);
  return rc;
}
