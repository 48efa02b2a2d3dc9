/* graph — building, validating and querying operator graphs; see graph.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "common/text.h"
#include "mapper/graph.h"

map_graph *map_graph_new(const char *name) {
  map_graph *g = calloc(1, sizeof *g);
  if (g) com_strlcpy(g->name, name ? name : "graph", sizeof g->name);
  return g;
}

void map_graph_free(map_graph *g) {
  if (!g) return;
  free(g->t);
  free(g->ops);
  free(g->pool);
  free(g);
}

int map_graph_add_tensor(map_graph *g, const char *name, uint64_t bytes, com_loc loc) {
  if ((g->ntensors & (g->ntensors - 1)) == 0) { /* capacity: powers of two */
    size_t cap = g->ntensors ? (size_t)g->ntensors * 2 : 16;
    map_gtensor *t = realloc(g->t, cap * sizeof *t);
    if (!t) return -1;
    g->t = t;
  }
  map_gtensor *t = &g->t[g->ntensors];
  memset(t, 0, sizeof *t);
  com_strlcpy(t->name, name, sizeof t->name);
  t->bytes = bytes;
  t->producer = -1;
  t->loc = loc;
  return g->ntensors++;
}

int map_graph_add_op(map_graph *g, const char *name, int nin, const int *in, int nout,
                     const int *out, com_loc loc) {
  if (g->nops >= MAP_GRAPH_MAX_OPS) return -1;
  if ((g->nops & (g->nops - 1)) == 0) {
    size_t cap = g->nops ? (size_t)g->nops * 2 : 16;
    map_gop *o = realloc(g->ops, cap * sizeof *o);
    if (!o) return -1;
    g->ops = o;
  }
  int need = g->npool + nin + nout;
  if (need > g->cappool) {
    int cap = g->cappool ? g->cappool : 64;
    while (cap < need) cap *= 2;
    int *p = realloc(g->pool, (size_t)cap * sizeof *p);
    if (!p) return -1;
    /* re-point existing ops into the moved pool */
    for (int i = 0; i < g->nops; i++) {
      g->ops[i].in = p + (g->ops[i].in - g->pool);
      g->ops[i].out = p + (g->ops[i].out - g->pool);
    }
    g->pool = p;
    g->cappool = cap;
  }
  map_gop *o = &g->ops[g->nops];
  memset(o, 0, sizeof *o);
  com_strlcpy(o->name, name, sizeof o->name);
  o->nin = nin;
  o->nout = nout;
  o->in = g->pool + g->npool;
  if (nin) memcpy(o->in, in, (size_t)nin * sizeof *in);
  o->out = o->in + nin;
  if (nout) memcpy(o->out, out, (size_t)nout * sizeof *out);
  g->npool = need;
  o->loc = loc;
  return g->nops++;
}

/* Whether op `to` is reachable from op `from` through produced/consumed tensors. */
static bool graph_reaches(const map_graph *g, int from, int to, const int *cstart, const int *clist,
                          char *seen, int *stack) {
  int sp = 0;
  memset(seen, 0, (size_t)g->nops);
  stack[sp++] = from;
  seen[from] = 1;
  while (sp) {
    int o = stack[--sp];
    if (o == to) return true;
    for (int k = 0; k < g->ops[o].nout; k++) {
      int t = g->ops[o].out[k];
      for (int c = cstart[t]; c < cstart[t + 1]; c++)
        if (!seen[clist[c]]) { seen[clist[c]] = 1; stack[sp++] = clist[c]; }
    }
  }
  return false;
}

/* Reports the order error of op o reading tensor t produced later by op p. */
static int graph_order_error(const map_graph *g, int o, int t, int p, com_err *e) {
  int *cstart = calloc((size_t)g->ntensors + 1, sizeof *cstart);
  int *clist = malloc(((size_t)g->npool + 1) * sizeof *clist);
  char *seen = malloc((size_t)g->nops + 1);
  int *stack = malloc(((size_t)g->nops + 1) * sizeof *stack);
  bool cycle = false;
  if (cstart && clist && seen && stack) {
    for (int i = 0; i < g->nops; i++)
      for (int k = 0; k < g->ops[i].nin; k++) cstart[g->ops[i].in[k] + 1]++;
    for (int i = 0; i < g->ntensors; i++) cstart[i + 1] += cstart[i];
    int *fill = calloc((size_t)g->ntensors + 1, sizeof *fill);
    if (fill) {
      for (int i = 0; i < g->nops; i++)
        for (int k = 0; k < g->ops[i].nin; k++) {
          int x = g->ops[i].in[k];
          clist[cstart[x] + fill[x]++] = i;
        }
      cycle = graph_reaches(g, o, p, cstart, clist, seen, stack);
      free(fill);
    }
  }
  free(cstart);
  free(clist);
  free(seen);
  free(stack);
  if (cycle)
    return com_err_at(e, g->ops[o].loc,
                      "the graph has a cycle: op '%s' reads '%s', which op '%s' produces from "
                      "results of '%s'", g->ops[o].name, g->t[t].name, g->ops[p].name, g->ops[o].name);
  return com_err_at(e, g->ops[o].loc,
                    "op '%s' consumes tensor '%s' before op '%s' (listed later) produces it; "
                    "list the ops in an execution order", g->ops[o].name, g->t[t].name, g->ops[p].name);
}

int map_graph_finish(map_graph *g, com_err *e) {
  if (g->nops == 0) return com_err_plain(e, COM_EINPUT, "graph '%s' has no ops", g->name);
  uint64_t total = 0;
  for (int i = 0; i < g->ntensors; i++) {
    map_gtensor *t = &g->t[i];
    if (t->bytes == 0) return com_err_at(e, t->loc, "tensor '%s' has size 0 bytes", t->name);
    if (t->bytes > MAP_GRAPH_MAX_BYTES || !com_add_u64(total, t->bytes, &total) || total > ((uint64_t)1 << 62))
      return com_err_at(e, t->loc, "tensor '%s' is too large (%llu bytes)", t->name,
                        (unsigned long long)t->bytes);
    t->producer = -1;
    t->nconsumers = 0;
  }
  for (int o = 0; o < g->nops; o++) {
    map_gop *op = &g->ops[o];
    if (op->nout == 0) return com_err_at(e, op->loc, "op '%s' has no outputs", op->name);
    for (int k = 0; k < op->nin + op->nout; k++)
      for (int j = 0; j < k; j++)
        if (op->in[j] == op->in[k]) {
          const char *how = j < op->nin && k >= op->nin ? "reads its own output" : "lists twice";
          return com_err_at(e, op->loc, "op '%s' %s tensor '%s'", op->name, how, g->t[op->in[k]].name);
        }
    for (int k = 0; k < op->nout; k++) {
      map_gtensor *t = &g->t[op->out[k]];
      if (t->producer >= 0)
        return com_err_at(e, op->loc, "tensor '%s' is produced twice: by op '%s' and by op '%s'",
                          t->name, g->ops[t->producer].name, op->name);
      t->producer = o;
    }
    for (int k = 0; k < op->nin; k++) g->t[op->in[k]].nconsumers++;
  }
  for (int o = 0; o < g->nops; o++)
    for (int k = 0; k < g->ops[o].nin; k++) {
      int t = g->ops[o].in[k], p = g->t[t].producer;
      if (p >= o) return graph_order_error(g, o, t, p, e);
    }
  return 0;
}

bool map_graph_order_valid(const map_graph *g, const int *order) {
  int *pos = malloc(((size_t)g->nops + 1) * sizeof *pos);
  if (!pos) return false;
  for (int o = 0; o < g->nops; o++) pos[o] = -1;
  bool ok = true;
  for (int s = 0; s < g->nops && ok; s++) {
    if (order[s] < 0 || order[s] >= g->nops || pos[order[s]] >= 0) ok = false;
    else pos[order[s]] = s;
  }
  for (int o = 0; o < g->nops && ok; o++)
    for (int k = 0; k < g->ops[o].nin && ok; k++) {
      int p = g->t[g->ops[o].in[k]].producer;
      if (p >= 0 && pos[p] >= pos[o]) ok = false;
    }
  free(pos);
  return ok;
}

uint64_t map_graph_op_bytes(const map_graph *g, int o) {
  uint64_t s = 0;
  for (int k = 0; k < g->ops[o].nin + g->ops[o].nout; k++) s += g->t[g->ops[o].in[k]].bytes;
  return s;
}

uint64_t map_graph_min_budget(const map_graph *g, int *op) {
  uint64_t best = 0;
  int arg = 0;
  for (int o = 0; o < g->nops; o++) {
    uint64_t b = map_graph_op_bytes(g, o);
    if (b > best) { best = b; arg = o; }
  }
  if (op) *op = arg;
  return best;
}

uint64_t map_graph_peak(const map_graph *g, const int *order) {
  int n = g->nops;
  int *pos = malloc(((size_t)n + 1) * sizeof *pos);
  int *first = malloc(((size_t)g->ntensors + 1) * sizeof *first);
  int *last = malloc(((size_t)g->ntensors + 1) * sizeof *last);
  int64_t *delta = calloc((size_t)n + 2, sizeof *delta);
  uint64_t peak = 0;
  if (pos && first && last && delta) {
    for (int s = 0; s < n; s++) pos[order[s]] = s;
    for (int t = 0; t < g->ntensors; t++) { first[t] = n; last[t] = -1; }
    for (int o = 0; o < n; o++)
      for (int k = 0; k < g->ops[o].nin + g->ops[o].nout; k++) {
        int t = g->ops[o].in[k];
        if (pos[o] < first[t]) first[t] = pos[o];
        if (pos[o] > last[t]) last[t] = pos[o];
      }
    for (int t = 0; t < g->ntensors; t++)
      if (last[t] >= 0) {
        delta[first[t]] += (int64_t)g->t[t].bytes;
        delta[last[t] + 1] -= (int64_t)g->t[t].bytes;
      }
    int64_t live = 0;
    for (int s = 0; s < n; s++) {
      live += delta[s];
      if ((uint64_t)live > peak) peak = (uint64_t)live;
    }
  }
  free(pos);
  free(first);
  free(last);
  free(delta);
  return peak;
}

int map_graph_min_peak_order(const map_graph *g, int *order) {
  int n = g->nops;
  int *missing = calloc((size_t)n + 1, sizeof *missing);     /* unproduced inputs per op */
  int *left = calloc((size_t)g->ntensors + 1, sizeof *left);  /* consumers still to run */
  char *done = calloc((size_t)n + 1, 1), *live = calloc((size_t)g->ntensors + 1, 1);
  int rc = -1;
  if (missing && left && done && live) {
    for (int o = 0; o < n; o++)
      for (int k = 0; k < g->ops[o].nin; k++) {
        int t = g->ops[o].in[k];
        left[t]++;
        if (g->t[t].producer >= 0) missing[o]++;
      }
    for (int s = 0; s < n; s++) {
      int best = -1;
      int64_t best_score = 0;
      for (int o = 0; o < n; o++) {
        if (done[o] || missing[o]) continue;
        int64_t score = 0; /* bytes added minus bytes freed by running o */
        for (int k = 0; k < g->ops[o].nout; k++) score += (int64_t)g->t[g->ops[o].out[k]].bytes;
        for (int k = 0; k < g->ops[o].nin; k++) {
          int t = g->ops[o].in[k];
          if (!live[t]) score += (int64_t)g->t[t].bytes;
          if (left[t] == 1) score -= (int64_t)g->t[t].bytes;
        }
        if (best < 0 || score < best_score) { best = o; best_score = score; }
      }
      if (best < 0) goto out; /* not a DAG: cannot happen after map_graph_finish */
      order[s] = best;
      done[best] = 1;
      for (int k = 0; k < g->ops[best].nin; k++) { live[g->ops[best].in[k]] = 1; left[g->ops[best].in[k]]--; }
      for (int k = 0; k < g->ops[best].nout; k++) {
        int t = g->ops[best].out[k];
        live[t] = 1;
        for (int c = 0; c < n; c++)
          for (int j = 0; j < g->ops[c].nin; j++)
            if (g->ops[c].in[j] == t) missing[c]--;
      }
    }
    rc = 0;
  }
out:
  free(missing);
  free(left);
  free(done);
  free(live);
  return rc;
}
