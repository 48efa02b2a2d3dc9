/* schedule_base — the baselines: a linear (TFLite-style) first-fit allocator that evicts by
 * Belady (furthest next use) or greedily (largest tensor first) when a tensor does not fit, and
 * a capacity-only Belady that seeds the ILP. Tensors are dropped for free after their last
 * use; an evicted intermediate with a later use is spilled once and retrieved at its next use. */
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule.h"

typedef struct base_sim {
  const map_graph *g;
  const int *order;
  map_plan *p;
  int *ustart, *uses, *ptr; /* per tensor: its use steps (ustart CSR), cursor */
  int *res;                 /* interval index of a resident tensor, -1 */
  int *live, nlive;         /* resident tensors */
  char *spilled, *loaded, *needed;
  uint64_t used;
} base_sim;

/* The first use of t at or after step s, or INT32_MAX. */
static int base_next_use(base_sim *b, int t, int s) {
  while (b->ptr[t] < b->ustart[t + 1] && b->uses[b->ptr[t]] < s) b->ptr[t]++;
  return b->ptr[t] < b->ustart[t + 1] ? b->uses[b->ptr[t]] : 0x7fffffff;
}

/* Ends t's residency after step s-1. */
static void base_drop(base_sim *b, int t, int s) {
  map_interval *v = &b->p->iv[b->res[t]];
  v->end = s - 1;
  if (base_next_use(b, t, s) != 0x7fffffff && b->g->t[t].producer >= 0 && !b->spilled[t]) {
    v->spill = true;
    b->spilled[t] = 1;
    b->p->noncompulsory += b->g->t[t].bytes;
  }
  b->res[t] = -1;
  b->used -= b->g->t[t].bytes;
  for (int k = 0; k < b->nlive; k++)
    if (b->live[k] == t) { b->live[k] = b->live[--b->nlive]; break; }
}

/* Starts t's residency at step s at addr; -1 when out of memory. */
static int base_bring(base_sim *b, int t, int s, int o, uint64_t addr) {
  const map_gtensor *x = &b->g->t[t];
  map_interval v = {t, s, s, addr, MAP_ARRIVE_CREATE, false};
  if (x->producer == o) v.arrive = MAP_ARRIVE_CREATE;
  else if (x->producer < 0) {
    v.arrive = MAP_ARRIVE_LOAD;
    if (b->loaded[t]) b->p->noncompulsory += x->bytes;
    b->loaded[t] = 1;
  } else {
    v.arrive = MAP_ARRIVE_RETRIEVE;
    b->p->noncompulsory += x->bytes;
  }
  if (map_plan_add(b->p, v)) return -1;
  b->res[t] = b->p->n - 1;
  b->live[b->nlive++] = t;
  b->used += x->bytes;
  return 0;
}

/* The resident, not needed tensor to evict, or -1. */
static int base_victim(base_sim *b, map_repl repl, int s) {
  int best = -1, best_next = 0;
  uint64_t best_bytes = 0;
  for (int k = 0; k < b->nlive; k++) {
    int t = b->live[k];
    if (b->needed[t]) continue;
    int nu = base_next_use(b, t, s);
    uint64_t by = b->g->t[t].bytes;
    bool better = best < 0 ||
                  (repl == MAP_REPL_BELADY ? (nu > best_next || (nu == best_next && by > best_bytes))
                                           : (by > best_bytes || (by == best_bytes && nu > best_next)));
    if (better) { best = t; best_next = nu; best_bytes = by; }
  }
  return best;
}

/* First fit of size among the residents; UINT64_MAX when no hole. */
static uint64_t base_first_fit(base_sim *b, uint64_t size) {
  uint64_t addr = 0;
  for (;;) {
    bool moved = false;
    for (int k = 0; k < b->nlive; k++) {
      const map_interval *v = &b->p->iv[b->res[b->live[k]]];
      uint64_t lo = v->addr, hi = v->addr + b->g->t[b->live[k]].bytes;
      if (lo < addr + size && addr < hi) { addr = hi; moved = true; }
    }
    if (!moved) break;
  }
  return addr + size <= b->p->budget ? addr : UINT64_MAX;
}

static int base_run(const map_graph *g, const int *order, uint64_t budget, map_repl repl,
                    bool addresses, map_plan *out, com_err *e) {
  base_sim b = {g, order, out, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0};
  int T = g->nops, nt = g->ntensors, rc = -1;
  memset(out, 0, sizeof *out);
  out->nsteps = T;
  out->budget = budget;
  out->order = malloc(((size_t)T + 1) * sizeof *out->order);
  b.ustart = calloc((size_t)nt + 2, sizeof *b.ustart);
  b.uses = malloc(((size_t)g->npool + 1) * sizeof *b.uses);
  b.ptr = calloc((size_t)nt + 1, sizeof *b.ptr);
  b.res = malloc(((size_t)nt + 1) * sizeof *b.res);
  b.live = malloc(((size_t)nt + 1) * sizeof *b.live);
  b.spilled = calloc((size_t)nt + 1, 1);
  b.loaded = calloc((size_t)nt + 1, 1);
  b.needed = calloc((size_t)nt + 1, 1);
  if (!out->order || !b.ustart || !b.uses || !b.ptr || !b.res || !b.live || !b.spilled || !b.loaded || !b.needed) {
    com_err_oom(e);
    goto done;
  }
  memcpy(out->order, order, (size_t)T * sizeof *order);
  for (int s = 0; s < T; s++)
    for (int k = 0; k < g->ops[order[s]].nin + g->ops[order[s]].nout; k++) b.ustart[g->ops[order[s]].in[k] + 1]++;
  for (int t = 0; t < nt; t++) b.ustart[t + 1] += b.ustart[t];
  for (int t = 0; t < nt; t++) { b.ptr[t] = b.ustart[t]; b.res[t] = -1; }
  for (int s = 0; s < T; s++)
    for (int k = 0; k < g->ops[order[s]].nin + g->ops[order[s]].nout; k++) b.uses[b.ptr[g->ops[order[s]].in[k]]++] = s;
  for (int t = 0; t < nt; t++) b.ptr[t] = b.ustart[t];
  for (int s = 0; s < T; s++) {
    const map_gop *op = &g->ops[order[s]];
    for (int k = b.nlive - 1; k >= 0; k--)
      if (base_next_use(&b, b.live[k], s) == 0x7fffffff) base_drop(&b, b.live[k], s);
    for (int k = 0; k < op->nin + op->nout; k++) b.needed[op->in[k]] = 1;
    for (int k = 0; k < op->nin + op->nout; k++) {
      int t = op->in[k];
      if (b.res[t] >= 0) continue;
      uint64_t size = g->t[t].bytes, addr = 0;
      for (;;) {
        if (addresses) addr = base_first_fit(&b, size);
        bool fits = addresses ? addr != UINT64_MAX : b.used + size <= budget;
        if (fits) break;
        int v = base_victim(&b, repl, s);
        if (v < 0) break;
        base_drop(&b, v, s);
      }
      if (addresses && addr == UINT64_MAX) {
        /* fragmentation among this op's own tensors: reload them packed from address 0 */
        uint64_t at = 0;
        for (int q = 0; q < op->nin + op->nout; q++) {
          int x = op->in[q];
          if (b.res[x] >= 0 && b.p->iv[b.res[x]].start == s) { b.p->iv[b.res[x]].addr = at; at += g->t[x].bytes; continue; }
          if (b.res[x] >= 0) base_drop(&b, x, s);
          if (x != t && q > k) continue; /* brought in by the loop below */
          if (base_bring(&b, x, s, order[s], at)) { com_err_oom(e); goto done; }
          at += g->t[x].bytes;
        }
        if (b.res[t] < 0 && base_bring(&b, t, s, order[s], at)) { com_err_oom(e); goto done; }
        continue;
      }
      if (base_bring(&b, t, s, order[s], addr)) { com_err_oom(e); goto done; }
    }
    for (int k = 0; k < op->nin + op->nout; k++) b.needed[op->in[k]] = 0;
  }
  for (int k = b.nlive - 1; k >= 0; k--) base_drop(&b, b.live[k], T);
  map_plan_sort(out);
  rc = 0;
done:
  free(b.ustart);
  free(b.uses);
  free(b.ptr);
  free(b.res);
  free(b.live);
  free(b.spilled);
  free(b.loaded);
  free(b.needed);
  if (rc) map_plan_free(out);
  return rc;
}

int map_baseline(const map_graph *g, const int *order, uint64_t budget, map_repl repl,
                 map_plan *out, com_err *e) {
  return base_run(g, order, budget, repl, true, out, e);
}

int map_belady_capacity(const map_graph *g, const int *order, uint64_t budget, map_plan *out,
                        com_err *e) {
  return base_run(g, order, budget, MAP_REPL_BELADY, false, out, e);
}
