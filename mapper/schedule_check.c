/* schedule_check — the plan container and the independent checker (map_plan_check): it
 * replays a plan step by step without trusting anything the planner computed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule.h"

void map_plan_free(map_plan *p) {
  if (!p) return;
  free(p->order);
  free(p->iv);
  memset(p, 0, sizeof *p);
}

int map_plan_add(map_plan *p, map_interval iv) {
  if (p->n == p->cap) {
    int cap = p->cap ? p->cap * 2 : 64;
    map_interval *q = realloc(p->iv, (size_t)cap * sizeof *q);
    if (!q) return -1;
    p->iv = q;
    p->cap = cap;
  }
  p->iv[p->n++] = iv;
  return 0;
}

static int plan_cmp(const void *a, const void *b) {
  const map_interval *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return (x->tensor > y->tensor) - (x->tensor < y->tensor);
}

void map_plan_sort(map_plan *p) { qsort(p->iv, (size_t)p->n, sizeof *p->iv, plan_cmp); }

static int check_cmp_addr(const void *a, const void *b, void *ctx) {
  const map_interval *iv = ctx;
  uint64_t x = iv[*(const int *)a].addr, y = iv[*(const int *)b].addr;
  return (x > y) - (x < y);
}

/* Insertion sort of live interval indices by address (live sets are small). */
static void check_sort(int *live, int n, const map_interval *iv) {
  for (int i = 1; i < n; i++) {
    int v = live[i], j = i - 1;
    while (j >= 0 && check_cmp_addr(&live[j], &v, (void *)iv) > 0) { live[j + 1] = live[j]; j--; }
    live[j + 1] = v;
  }
}

int map_plan_check(const map_graph *g, const map_plan *p, uint64_t *noncomp, com_err *e) {
  int T = g->nops;
  if (p->nsteps != T || !map_graph_order_valid(g, p->order))
    return com_err_plain(e, COM_EFAIL, "plan check: the order is not a valid schedule of the graph");
  int *owner = malloc(((size_t)g->ntensors + 1) * sizeof *owner); /* interval resident now */
  int *spilled_at = malloc(((size_t)g->ntensors + 1) * sizeof *spilled_at);
  char *loaded = calloc((size_t)g->ntensors + 1, 1), *created = calloc((size_t)g->ntensors + 1, 1);
  int *live = malloc(((size_t)p->n + 1) * sizeof *live);
  int rc = -1;
  uint64_t nc = 0;
  if (!owner || !spilled_at || !loaded || !created || !live) { com_err_oom(e); goto out; }
  for (int t = 0; t < g->ntensors; t++) { owner[t] = -1; spilled_at[t] = T; }
  for (int i = 0; i < p->n; i++) {
    const map_interval *v = &p->iv[i];
    if (v->tensor < 0 || v->tensor >= g->ntensors || v->start < 0 || v->end < v->start || v->end >= T) {
      com_err_plain(e, COM_EFAIL, "plan check: interval %d is malformed", i);
      goto out;
    }
  }
  int nlive = 0, next = 0;
  for (int s = 0; s < T; s++) {
    int o = p->order[s];
    /* drop intervals that ended before s */
    int k = 0;
    for (int j = 0; j < nlive; j++) {
      const map_interval *v = &p->iv[live[j]];
      if (v->end < s) {
        owner[v->tensor] = -1;
        if (v->spill && spilled_at[v->tensor] == T) spilled_at[v->tensor] = v->end;
      } else live[k++] = live[j];
    }
    nlive = k;
    /* arrivals at s (intervals must be sorted by start) */
    for (; next < p->n && p->iv[next].start <= s; next++) {
      const map_interval *v = &p->iv[next];
      const map_gtensor *t = &g->t[v->tensor];
      const char *why = NULL;
      if (v->start < s) why = "intervals are not sorted by start step";
      else if (owner[v->tensor] >= 0) why = "is resident twice";
      else if (v->arrive == MAP_ARRIVE_CREATE && (t->producer != o || created[v->tensor])) why = "is created by an op that does not produce it";
      else if (v->arrive == MAP_ARRIVE_LOAD && t->producer >= 0) why = "is loaded from DRAM but is produced on chip";
      else if (v->arrive == MAP_ARRIVE_RETRIEVE && !(t->producer >= 0 && spilled_at[v->tensor] < s)) why = "is retrieved without having been spilled before";
      else if (v->spill && t->producer < 0) why = "is spilled but is a graph input (already in DRAM)";
      else if (v->addr > p->budget || t->bytes > p->budget - v->addr) why = "lies outside the scratchpad";
      if (why) {
        com_err_plain(e, COM_EFAIL, "plan check: step %d (op '%s'): tensor '%s' %s", s, g->ops[o].name, t->name, why);
        goto out;
      }
      if (v->arrive == MAP_ARRIVE_CREATE) created[v->tensor] = 1;
      if (v->arrive == MAP_ARRIVE_RETRIEVE) nc += t->bytes;
      if (v->arrive == MAP_ARRIVE_LOAD) { if (loaded[v->tensor]) nc += t->bytes; loaded[v->tensor] = 1; }
      if (v->spill) nc += t->bytes; /* counted once per spill event */
      owner[v->tensor] = next;
      live[nlive++] = next;
    }
    for (int q = 0; q < g->ops[o].nin + g->ops[o].nout; q++) {
      int t = g->ops[o].in[q];
      if (owner[t] < 0) {
        com_err_plain(e, COM_EFAIL, "plan check: step %d: op '%s' runs without its %s '%s' resident", s,
                      g->ops[o].name, q < g->ops[o].nin ? "input" : "output", g->t[t].name);
        goto out;
      }
    }
    uint64_t used = 0;
    check_sort(live, nlive, p->iv);
    for (int j = 0; j < nlive; j++) {
      const map_interval *v = &p->iv[live[j]];
      used += g->t[v->tensor].bytes;
      if (j > 0) {
        const map_interval *u = &p->iv[live[j - 1]];
        if (u->addr + g->t[u->tensor].bytes > v->addr) {
          com_err_plain(e, COM_EFAIL, "plan check: step %d: tensors '%s' and '%s' overlap in the scratchpad", s,
                        g->t[u->tensor].name, g->t[v->tensor].name);
          goto out;
        }
      }
    }
    if (used > p->budget) {
      com_err_plain(e, COM_EFAIL, "plan check: step %d: %llu bytes resident exceed the budget", s, (unsigned long long)used);
      goto out;
    }
  }
  if (next != p->n) { com_err_plain(e, COM_EFAIL, "plan check: intervals are not sorted by start step"); goto out; }
  /* a spill is worthwhile only if retrieved; the spill itself is still traffic, which the
   * count above includes; an extra spill of an intermediate counts each time it is written */
  if (noncomp) *noncomp = nc;
  if (nc != p->noncompulsory) {
    com_err_plain(e, COM_EFAIL, "plan check: the plan claims %llu non-compulsory bytes, the replay counts %llu",
                  (unsigned long long)p->noncompulsory, (unsigned long long)nc);
    goto out;
  }
  rc = 0;
out:
  free(owner);
  free(spilled_at);
  free(loaded);
  free(created);
  free(live);
  return rc;
}
