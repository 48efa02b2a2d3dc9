/* flow — Dinic's maximum flow: breadth-first levels from the source, then blocking flows along
 * strictly increasing levels. The depth-first part is iterative (an explicit path) so that a
 * long chain of ops cannot exhaust the C stack. */
#include <stdlib.h>
#include <string.h>

#include "mapper/flow.h"

struct map_flow {
  int n, nedges, capedges;
  int *head, *level, *iter, *queue, *path;
  int *to, *next; /* per edge; edge e^1 is e's reverse */
  uint64_t *cap, *resid;
};

map_flow *map_flow_new(int n) {
  if (n < 2) return NULL;
  map_flow *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  f->n = n;
  f->head = malloc((size_t)n * sizeof *f->head);
  f->level = malloc((size_t)n * sizeof *f->level);
  f->iter = malloc((size_t)n * sizeof *f->iter);
  f->queue = malloc((size_t)n * sizeof *f->queue);
  f->path = malloc((size_t)n * sizeof *f->path);
  if (!f->head || !f->level || !f->iter || !f->queue || !f->path) { map_flow_free(f); return NULL; }
  for (int v = 0; v < n; v++) f->head[v] = -1;
  return f;
}

void map_flow_free(map_flow *f) {
  if (!f) return;
  free(f->head);
  free(f->level);
  free(f->iter);
  free(f->queue);
  free(f->path);
  free(f->to);
  free(f->next);
  free(f->cap);
  free(f->resid);
  free(f);
}

static int flow_grow(map_flow *f) {
  int cap = f->capedges ? 2 * f->capedges : 64;
  int *to = realloc(f->to, (size_t)cap * sizeof *to);
  if (to) f->to = to;
  int *next = realloc(f->next, (size_t)cap * sizeof *next);
  if (next) f->next = next;
  uint64_t *c = realloc(f->cap, (size_t)cap * sizeof *c);
  if (c) f->cap = c;
  uint64_t *r = realloc(f->resid, (size_t)cap * sizeof *r);
  if (r) f->resid = r;
  if (!to || !next || !c || !r) return -1;
  f->capedges = cap;
  return 0;
}

static void flow_half(map_flow *f, int u, int v, uint64_t cap) {
  int e = f->nedges++;
  f->to[e] = v;
  f->cap[e] = cap;
  f->next[e] = f->head[u];
  f->head[u] = e;
}

int map_flow_edge(map_flow *f, int u, int v, uint64_t cap) {
  if (u < 0 || v < 0 || u >= f->n || v >= f->n) return -1;
  if (f->nedges + 2 > f->capedges && flow_grow(f)) return -1;
  flow_half(f, u, v, cap < MAP_FLOW_INF ? cap : MAP_FLOW_INF);
  flow_half(f, v, u, 0);
  return 0;
}

/* Levels by breadth-first search over edges with residual capacity; whether t is reached. */
static int flow_levels(map_flow *f, int s, int t) {
  for (int v = 0; v < f->n; v++) f->level[v] = -1;
  int qh = 0, qt = 0;
  f->level[s] = 0;
  f->queue[qt++] = s;
  while (qh < qt) {
    int u = f->queue[qh++];
    for (int e = f->head[u]; e >= 0; e = f->next[e])
      if (f->resid[e] > 0 && f->level[f->to[e]] < 0) {
        f->level[f->to[e]] = f->level[u] + 1;
        f->queue[qt++] = f->to[e];
      }
  }
  return f->level[t] >= 0;
}

int map_flow_max(map_flow *f, int s, int t, uint64_t *value) {
  *value = 0;
  if (s < 0 || t < 0 || s >= f->n || t >= f->n || s == t) return -1;
  memcpy(f->resid, f->cap, (size_t)f->nedges * sizeof *f->resid);
  uint64_t total = 0;
  while (total < MAP_FLOW_INF && flow_levels(f, s, t)) {
    memcpy(f->iter, f->head, (size_t)f->n * sizeof *f->iter);
    int v = s, depth = 0;
    while (total < MAP_FLOW_INF) {
      if (v == t) { /* augment along the path by its bottleneck, then start again from s */
        uint64_t b = MAP_FLOW_INF;
        for (int k = 0; k < depth; k++)
          if (f->resid[f->path[k]] < b) b = f->resid[f->path[k]];
        for (int k = 0; k < depth; k++) {
          f->resid[f->path[k]] -= b;
          f->resid[f->path[k] ^ 1] += b;
        }
        total += b;
        v = s;
        depth = 0;
        continue;
      }
      int e = f->iter[v];
      while (e >= 0 && !(f->resid[e] > 0 && f->level[f->to[e]] == f->level[v] + 1)) e = f->next[e];
      f->iter[v] = e;
      if (e >= 0) {
        f->path[depth++] = e;
        v = f->to[e];
        continue;
      }
      if (v == s) break; /* blocking flow reached */
      f->level[v] = -1;  /* a dead end: never enter it again in this phase */
      v = f->to[f->path[--depth] ^ 1];
    }
  }
  *value = total < MAP_FLOW_INF ? total : MAP_FLOW_INF;
  return 0;
}
