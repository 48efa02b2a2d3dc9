/* cascade — reading and validating einsum cascades; see cascade.h for the contract. */
#include "ops/cascade.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "common/text.h"

static const char *const cascade_keys[] = {"version", "name", "description", "ranks", "split",
                                           "inputs", "init", "einsums", NULL};
static const char *const einsum_keys[] = {"expr", NULL};

static int cascade_name_index(char names[][OPS_NAME_MAX], int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

static int cascade_ranks(ops_cascade *c, const com_ynode *ranks, const ops_rank_decl *sizes,
                         int nsizes, com_err *e) {
  if (com_yexpect(ranks, COM_Y_MAP, "ranks", e)) return -1;
  if (ranks->len == 0) return com_err_at(e, ranks->loc, "'ranks' is empty");
  if (ranks->len > OPS_CASCADE_MAX_RANKS)
    return com_err_at(e, ranks->loc, "a cascade may have at most %d ranks", OPS_CASCADE_MAX_RANKS);
  for (size_t i = 0; i < ranks->len; i++) {
    const char *name = ranks->keys[i]->text;
    if (strlen(name) >= OPS_NAME_MAX) return com_err_at(e, ranks->keys[i]->loc, "rank name is too long");
    ops_rank_decl *d = &c->decl[c->nranks];
    com_strlcpy(c->decl_names[c->nranks], name, OPS_NAME_MAX);
    d->name = c->decl_names[c->nranks];
    d->loc = ranks->items[i]->loc;
    if (com_yu64(ranks->items[i], name, 1, OPS_MAX_SIZE, &d->size, e)) return -1;
    int o = ops_einsum_rank_declared(sizes, nsizes, name);
    if (o >= 0) d->size = sizes[o].size;
    c->nranks++;
  }
  return 0;
}

/* Split ranks become one analysis rank over their parts; every other rank stands alone. */
static int cascade_base_ranks(ops_cascade *c, const com_ynode *split, com_err *e) {
  bool in_split[OPS_CASCADE_MAX_RANKS] = {false};
  if (split) {
    if (com_yexpect(split, COM_Y_MAP, "split", e)) return -1;
    for (size_t i = 0; i < split->len; i++) {
      const char *name = split->keys[i]->text;
      const com_ynode *parts = split->items[i];
      if (ops_einsum_rank_declared(c->decl, c->nranks, name) >= 0)
        return com_err_at(e, split->keys[i]->loc,
                          "'%s' is split, so it is not a rank itself: declare only its parts", name);
      if (com_yexpect(parts, COM_Y_SEQ, name, e)) return -1;
      if (parts->len < 2)
        return com_err_at(e, parts->loc, "split rank '%s' needs at least two parts", name);
      ops_cascade_rank *b = &c->base[c->nbase++];
      com_strlcpy(b->name, name, OPS_NAME_MAX);
      b->size = 1;
      for (size_t k = 0; k < parts->len; k++) {
        const char *part;
        if (com_ystr(parts->items[k], "split part", &part, e)) return -1;
        int r = ops_einsum_rank_declared(c->decl, c->nranks, part);
        if (r < 0)
          return com_err_at(e, parts->items[k]->loc, "split part '%s' is not declared in 'ranks'", part);
        if (in_split[r])
          return com_err_at(e, parts->items[k]->loc, "rank '%s' is a part of two splits", part);
        in_split[r] = true;
        com_strlcpy(b->parts[b->nparts++], part, OPS_NAME_MAX);
        if (!com_mul_u64(b->size, c->decl[r].size, &b->size))
          return com_err_at(e, parts->loc, "split rank '%s' overflows 64 bits", name);
      }
    }
  }
  for (int r = 0; r < c->nranks; r++) {
    if (in_split[r]) continue;
    ops_cascade_rank *b = &c->base[c->nbase++];
    com_strlcpy(b->name, c->decl[r].name, OPS_NAME_MAX);
    com_strlcpy(b->parts[0], c->decl[r].name, OPS_NAME_MAX);
    b->nparts = 1;
    b->size = c->decl[r].size;
  }
  return 0;
}

static int cascade_inputs(ops_cascade *c, const com_ynode *inputs, com_err *e) {
  if (com_yexpect(inputs, COM_Y_SEQ, "inputs", e)) return -1;
  if (inputs->len > OPS_CASCADE_MAX_TENSORS)
    return com_err_at(e, inputs->loc, "at most %d inputs", OPS_CASCADE_MAX_TENSORS);
  for (size_t i = 0; i < inputs->len; i++) {
    const char *name;
    if (com_ystr(inputs->items[i], "input", &name, e)) return -1;
    if (cascade_name_index(c->inputs, c->ninputs, name) >= 0)
      return com_err_at(e, inputs->items[i]->loc, "input '%s' is listed twice", name);
    com_strlcpy(c->inputs[c->ninputs++], name, OPS_NAME_MAX);
  }
  return 0;
}

static int cascade_init(ops_cascade *c, const com_ynode *init, com_err *e) {
  if (!init) return 0;
  if (com_yexpect(init, COM_Y_MAP, "init", e)) return -1;
  if (init->len > OPS_CASCADE_MAX_TENSORS)
    return com_err_at(e, init->loc, "at most %d initial values", OPS_CASCADE_MAX_TENSORS);
  for (size_t i = 0; i < init->len; i++) {
    ops_cascade_init *v = &c->init[c->ninit++];
    com_strlcpy(v->tensor, init->keys[i]->text, OPS_NAME_MAX);
    const com_ynode *n = init->items[i];
    if (n->kind == COM_Y_SCALAR && !n->quoted && (strcmp(n->text, "-inf") == 0 || strcmp(n->text, "inf") == 0)) {
      v->value = n->text[0] == '-' ? -INFINITY : INFINITY;
    } else if (com_yf64(n, v->tensor, -HUGE_VAL, HUGE_VAL, &v->value, e)) {
      return -1;
    }
  }
  return 0;
}

static int cascade_einsums(ops_cascade *c, const com_ynode *list, com_err *e) {
  if (com_yexpect(list, COM_Y_SEQ, "einsums", e)) return -1;
  if (list->len == 0) return com_err_at(e, list->loc, "'einsums' is empty");
  if (list->len > OPS_CASCADE_MAX_EINSUMS)
    return com_err_at(e, list->loc, "a cascade may have at most %d einsums", OPS_CASCADE_MAX_EINSUMS);
  for (size_t i = 0; i < list->len; i++) {
    const com_ynode *item = list->items[i];
    if (item->kind == COM_Y_MAP) {
      if (com_ycheck_keys(item, "an einsum of a cascade", einsum_keys, e) ||
          com_yrequire(item, "expr", "an einsum of a cascade", &item, e))
        return -1;
    }
    const char *text;
    if (com_ystr(item, "einsum", &text, e)) return -1;
    com_loc where = item->loc;
    if (item->quoted) where.col++;
    c->where[c->neinsums] = where;
    if (ops_einsum_parse(text, where, c->decl, c->nranks, OPS_EINSUM_DROP_UNUSED,
                         &c->einsums[c->neinsums], e))
      return -1;
    c->neinsums++;
  }
  return 0;
}

/* Index of the einsum producing tensor name, or -1. */
static int cascade_producer(const ops_cascade *c, const char *name) {
  for (int i = 0; i < c->neinsums; i++)
    if (strcmp(c->einsums[i].out.name, name) == 0) return i;
  return -1;
}

static bool cascade_has_init(const ops_cascade *c, const char *tensor) {
  for (int i = 0; i < c->ninit; i++)
    if (strcmp(c->init[i].tensor, tensor) == 0) return true;
  return false;
}

/* True when reader reads producer's recurrence at a running index of its recurrence rank (the
 * value of the previous iteration), not at a fixed one. */
static bool cascade_loop_carried(const ops_einsum *producer, const ops_tensor *read,
                                 const ops_einsum *reader) {
  if (read->ndims != producer->out.ndims) return false;
  for (int d = 0; d < producer->out.ndims; d++) {
    const ops_affine *w = &producer->out.dims[d];
    if (w->offset == 0) continue;
    const char *rank = producer->rank_name[w->rank[0]];
    for (int t = 0; t < read->dims[d].nterms; t++)
      if (strcmp(reader->rank_name[read->dims[d].rank[t]], rank) == 0) return true;
  }
  return false;
}

/* Every tensor read is an input, produced earlier, or the loop-carried value of a recurrence
 * (which then needs an initial value). */
static int cascade_check_dependencies(const ops_cascade *c, com_err *e) {
  for (int i = 0; i < c->neinsums; i++) {
    const ops_einsum *es = &c->einsums[i];
    if (cascade_name_index((char(*)[OPS_NAME_MAX])c->inputs, c->ninputs, es->out.name) >= 0)
      return com_err_at(e, c->where[i], "'%s' is listed in 'inputs' but produced by an einsum", es->out.name);
    int first = cascade_producer(c, es->out.name);
    if (first != i)
      return com_err_at(e, c->where[i], "tensor '%s' is produced twice (first at line %d)",
                        es->out.name, c->where[first].line);
    for (int k = 0; k < es->ninputs; k++) {
      const char *t = es->in[k].name;
      if (cascade_name_index((char(*)[OPS_NAME_MAX])c->inputs, c->ninputs, t) >= 0) continue;
      int p = cascade_producer(c, t);
      if (p < 0)
        return com_err_at(e, c->where[i], "undefined tensor '%s': it is not in 'inputs' and no einsum produces it", t);
      if (p < i) continue;
      if (!cascade_loop_carried(&c->einsums[p], &es->in[k], es))
        return com_err_at(e, c->where[i],
                          "cyclic dependency: '%s' is read here before the einsum at line %d produces it",
                          t, c->where[p].line);
      if (!cascade_has_init(c, t))
        return com_err_at(e, c->where[i],
                          "recurrence '%s' is read before its first update and has no initial value "
                          "(add init: {%s: VALUE})", t, t);
    }
  }
  return 0;
}

static int cascade_check_init(const ops_cascade *c, const com_ynode *init, com_err *e) {
  for (int i = 0; i < c->ninit; i++) {
    int p = cascade_producer(c, c->init[i].tensor);
    if (p < 0 || !ops_tensor_is_recurrence(&c->einsums[p].out))
      return com_err_at(e, init->keys[i]->loc, "'init' gives a value for '%s', which is not a recurrence",
                        c->init[i].tensor);
  }
  return 0;
}

int ops_cascade_from_node(const com_ynode *root, const ops_rank_decl *sizes, int nsizes,
                          ops_cascade **out, com_err *e) {
  if (root->kind != COM_Y_MAP)
    return com_err_at(e, root->loc, "a cascade must be a mapping (version, name, ranks, inputs, einsums)");
  ops_cascade *c = calloc(1, sizeof *c);
  if (!c) return com_err_oom(e);
  const com_ynode *n, *inputs, *ranks, *einsums;
  const char *name;
  uint64_t version;
  int st = com_ycheck_keys(root, "a cascade", cascade_keys, e) ||
           com_yrequire(root, "version", "a cascade", &n, e) || com_yu64(n, "version", 1, 1, &version, e) ||
           com_yrequire(root, "name", "a cascade", &n, e) || com_ystr(n, "name", &name, e) ||
           com_yrequire(root, "ranks", "a cascade", &ranks, e) ||
           cascade_ranks(c, ranks, sizes, nsizes, e) || cascade_base_ranks(c, com_yget(root, "split"), e) ||
           com_yrequire(root, "inputs", "a cascade", &inputs, e) || cascade_inputs(c, inputs, e) ||
           cascade_init(c, com_yget(root, "init"), e) ||
           com_yrequire(root, "einsums", "a cascade", &einsums, e) || cascade_einsums(c, einsums, e) ||
           cascade_check_dependencies(c, e) || cascade_check_init(c, com_yget(root, "init"), e);
  if (st) {
    free(c);
    return -1;
  }
  com_strlcpy(c->name, name, sizeof c->name);
  /* Locations must outlive the YAML document: point them at the cascade's own copy. */
  com_strlcpy(c->file, root->loc.file ? root->loc.file : "", sizeof c->file);
  for (int i = 0; i < c->neinsums; i++) c->where[i].file = c->file;
  for (int i = 0; i < c->nranks; i++) c->decl[i].loc.file = c->file;
  *out = c;
  return 0;
}

int ops_cascade_load_file(const char *path, ops_cascade **out, com_err *e) {
  com_ydoc *doc = NULL;
  if (com_ydoc_load_file(path, NULL, &doc, e)) return -1;
  int st = ops_cascade_from_node(doc->root, NULL, 0, out, e);
  com_ydoc_free(doc);
  return st;
}

void ops_cascade_free(ops_cascade *c) { free(c); }
