/* graph_load — reading graph YAML files, deriving graphs from workloads, random DAGs;
 * see graph.h for the format and the checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "mapper/graph.h"

typedef struct graph_name { const char *name; int index; } graph_name;

static int graph_cmp_name(const void *a, const void *b) {
  return strcmp(((const graph_name *)a)->name, ((const graph_name *)b)->name);
}

/* Resolves a list of tensor names into indices. */
static int graph_tensor_list(const com_ynode *list, const char *what, const graph_name *names,
                             int n, int **out, int *count, com_err *e) {
  if (com_yexpect(list, COM_Y_SEQ, what, e)) return -1;
  *count = (int)list->len;
  *out = malloc((list->len + 1) * sizeof **out);
  if (!*out) return com_err_oom(e);
  for (size_t i = 0; i < list->len; i++) {
    const char *s;
    if (com_ystr(list->items[i], what, &s, e)) return -1;
    graph_name key = {s, 0};
    const graph_name *hit = bsearch(&key, names, (size_t)n, sizeof *names, graph_cmp_name);
    if (!hit) return com_err_at(e, list->items[i]->loc, "unknown tensor '%s' in %s (declare it under 'tensors')", s, what);
    (*out)[i] = hit->index;
  }
  return 0;
}

static int graph_from_doc(const com_ydoc *doc, map_graph **out, com_err *e) {
  static const char *const top_keys[] = {"version", "name", "tensors", "ops", NULL};
  static const char *const tensor_keys[] = {"name", "bytes", NULL};
  static const char *const op_keys[] = {"name", "inputs", "outputs", NULL};
  const com_ynode *root = doc->root, *v, *tensors, *ops;
  uint64_t version;
  const char *name = "graph";
  if (com_yexpect(root, COM_Y_MAP, "the graph file", e) || com_ycheck_keys(root, "a graph file", top_keys, e) ||
      com_yrequire(root, "version", "a graph file", &v, e) || com_yu64(v, "version", 1, 1, &version, e) ||
      com_yrequire(root, "tensors", "a graph file", &tensors, e) ||
      com_yexpect(tensors, COM_Y_SEQ, "tensors", e) || com_yrequire(root, "ops", "a graph file", &ops, e) ||
      com_yexpect(ops, COM_Y_SEQ, "ops", e))
    return -1;
  if ((v = com_yget(root, "name")) && com_ystr(v, "name", &name, e)) return -1;
  if (ops->len > MAP_GRAPH_MAX_OPS) return com_err_at(e, ops->loc, "more than %d ops", MAP_GRAPH_MAX_OPS);
  map_graph *g = map_graph_new(name);
  graph_name *names = malloc((tensors->len + 1) * sizeof *names);
  graph_name *opnames = malloc((ops->len + 1) * sizeof *opnames);
  int rc = -1;
  if (!g || !names || !opnames) { com_err_oom(e); goto out; }
  for (size_t i = 0; i < tensors->len; i++) {
    const com_ynode *t = tensors->items[i], *n, *b;
    const char *tn;
    uint64_t bytes;
    if (com_yexpect(t, COM_Y_MAP, "a tensor", e) || com_ycheck_keys(t, "a tensor", tensor_keys, e) ||
        com_yrequire(t, "name", "a tensor", &n, e) || com_ystr(n, "name", &tn, e) ||
        com_yrequire(t, "bytes", "a tensor", &b, e) || com_ybytes(b, "bytes", 0, &bytes, e))
      goto out;
    if (strlen(tn) >= MAP_GRAPH_NAME) { com_err_at(e, n->loc, "tensor name '%s' is longer than %d characters", tn, MAP_GRAPH_NAME - 1); goto out; }
    if (map_graph_add_tensor(g, tn, bytes, t->loc) < 0) { com_err_oom(e); goto out; }
  }
  for (size_t i = 0; i < tensors->len; i++) names[i] = (graph_name){g->t[i].name, (int)i};
  qsort(names, tensors->len, sizeof *names, graph_cmp_name);
  for (size_t i = 1; i < tensors->len; i++)
    if (strcmp(names[i - 1].name, names[i].name) == 0) {
      com_err_at(e, g->t[names[i].index].loc, "tensor '%s' is declared twice", names[i].name);
      goto out;
    }
  for (size_t i = 0; i < ops->len; i++) {
    const com_ynode *o = ops->items[i], *n, *in, *ou;
    const char *on;
    int *ins = NULL, *outs = NULL, nin = 0, nout = 0;
    if (com_yexpect(o, COM_Y_MAP, "an op", e) || com_ycheck_keys(o, "an op", op_keys, e) ||
        com_yrequire(o, "name", "an op", &n, e) || com_ystr(n, "name", &on, e) ||
        com_yrequire(o, "outputs", "an op", &ou, e))
      goto out;
    if (strlen(on) >= MAP_GRAPH_NAME) { com_err_at(e, n->loc, "op name '%s' is too long", on); goto out; }
    in = com_yget(o, "inputs");
    int st = (in && graph_tensor_list(in, "inputs", names, (int)tensors->len, &ins, &nin, e)) ||
             graph_tensor_list(ou, "outputs", names, (int)tensors->len, &outs, &nout, e);
    if (!st && map_graph_add_op(g, on, nin, ins, nout, outs, o->loc) < 0) st = com_err_oom(e);
    free(ins);
    free(outs);
    if (st) goto out;
  }
  for (size_t i = 0; i < ops->len; i++) opnames[i] = (graph_name){g->ops[i].name, (int)i};
  qsort(opnames, ops->len, sizeof *opnames, graph_cmp_name);
  for (size_t i = 1; i < ops->len; i++)
    if (strcmp(opnames[i - 1].name, opnames[i].name) == 0) {
      com_err_at(e, g->ops[opnames[i].index].loc, "op '%s' is declared twice", opnames[i].name);
      goto out;
    }
  if (map_graph_finish(g, e)) goto out;
  *out = g;
  g = NULL;
  rc = 0;
out:
  map_graph_free(g);
  free(names);
  free(opnames);
  return rc;
}

int map_graph_load_file(const char *path, map_graph **out, com_err *e) {
  com_ydoc *doc;
  if (com_ydoc_load_file(path, NULL, &doc, e)) return -1;
  int rc = graph_from_doc(doc, out, e);
  com_ydoc_free(doc);
  return rc;
}

int map_graph_load_buffer(const char *name, const void *buf, size_t len, map_graph **out,
                          com_err *e) {
  com_ydoc *doc;
  if (com_ydoc_load_buffer(name, buf, len, &doc, e)) return -1;
  int rc = graph_from_doc(doc, out, e);
  com_ydoc_free(doc);
  return rc;
}

int map_graph_from_workload(const ops_workload *w, map_graph **out, com_err *e) {
  map_graph *g = map_graph_new(w->name);
  if (!g) return com_err_oom(e);
  int prev_out = -1;
  char name[MAP_GRAPH_NAME * 2 + 2];
  for (int i = 0; i < w->nops; i++) {
    const ops_op *op = &w->ops[i];
    int ins[2 * 64], nin = 0, outt = -1;
    for (int k = 0; k < op->neinsums && nin < 2 * 64 - 2; k++) {
      const ops_einsum *es = &op->einsums[k];
      for (int j = 0; j < es->ninputs; j++) {
        const ops_tensor *t = &es->in[j];
        bool internal = false, dup = false;
        for (int q = 0; q < k; q++) internal |= strcmp(op->einsums[q].out.name, t->name) == 0;
        snprintf(name, sizeof name, "%s.%s", op->name, t->name);
        for (int q = 0; q < nin; q++) dup |= strcmp(g->t[ins[q]].name, name) == 0;
        if (internal || dup) continue;
        if (t->role == OPS_ROLE_INPUT && prev_out >= 0 && nin == 0) {
          if (t->bytes > g->t[prev_out].bytes) g->t[prev_out].bytes = t->bytes;
          ins[nin++] = prev_out;
          continue;
        }
        int x = map_graph_add_tensor(g, name, t->bytes, op->loc);
        if (x < 0) { map_graph_free(g); return com_err_oom(e); }
        ins[nin++] = x;
      }
    }
    const ops_tensor *last = &op->einsums[op->neinsums - 1].out;
    snprintf(name, sizeof name, "%s.%s", op->name, last->name);
    if ((outt = map_graph_add_tensor(g, name, last->bytes, op->loc)) < 0 ||
        map_graph_add_op(g, op->name, nin, ins, 1, &outt, op->loc) < 0) {
      map_graph_free(g);
      return com_err_oom(e);
    }
    prev_out = outt;
  }
  if (map_graph_finish(g, e)) { map_graph_free(g); return -1; }
  *out = g;
  return 0;
}

map_graph *map_graph_random(uint64_t seed, int nops, uint64_t max_bytes) {
  char name[32];
  snprintf(name, sizeof name, "random-%llu-%d", (unsigned long long)seed, nops);
  map_graph *g = map_graph_new(name);
  uint64_t s = seed * 6364136223846793005ull + 1442695040888963407ull;
#define GRAPH_RAND() (s = s * 6364136223846793005ull + 1442695040888963407ull, s >> 33)
  if (!g || max_bytes == 0) { map_graph_free(g); return NULL; }
  com_loc none = {0};
  int x = map_graph_add_tensor(g, "input", 1 + GRAPH_RAND() % max_bytes, none);
  int *outs = malloc(((size_t)nops + 1) * sizeof *outs);
  if (!outs || x < 0) goto fail;
  for (int o = 0; o < nops; o++) {
    int ins[4], nin = 0;
    int fan = 1 + (int)(GRAPH_RAND() % 3);
    for (int k = 0; k < fan && o > 0; k++) {
      /* mostly recent producers, sometimes a long skip connection */
      int back = GRAPH_RAND() % 4 == 0 ? 1 + (int)(GRAPH_RAND() % (uint64_t)o) : 1 + (int)(GRAPH_RAND() % (o < 3 ? (uint64_t)o : 3));
      int t = outs[o - back];
      bool dup = false;
      for (int q = 0; q < nin; q++) dup |= ins[q] == t;
      if (!dup) ins[nin++] = t;
    }
    if (o == 0) ins[nin++] = x;
    if (GRAPH_RAND() % 3 == 0) {
      snprintf(name, sizeof name, "w%d", o);
      if ((ins[nin++] = map_graph_add_tensor(g, name, 1 + GRAPH_RAND() % max_bytes, none)) < 0) goto fail;
    }
    snprintf(name, sizeof name, "t%d", o);
    if ((outs[o] = map_graph_add_tensor(g, name, 1 + GRAPH_RAND() % max_bytes, none)) < 0) goto fail;
    snprintf(name, sizeof name, "op%d", o);
    if (map_graph_add_op(g, name, nin, ins, 1, &outs[o], none) < 0) goto fail;
  }
#undef GRAPH_RAND
  free(outs);
  com_err e;
  if (map_graph_finish(g, &e)) { map_graph_free(g); return NULL; }
  return g;
fail:
  free(outs);
  map_graph_free(g);
  return NULL;
}
