/* ydoc — loading YAML into a located tree; see ydoc.h for the contract. */
#include "common/ydoc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/text.h"

typedef struct ydoc_parser {
  yaml_parser_t yp;
  com_arena *arena;
  const char *file; /* arena copy */
  com_err *e;
} ydoc_parser;

static com_loc ydoc_mark(const ydoc_parser *p, yaml_mark_t m) {
  com_loc loc = {p->file, (int)m.line + 1, (int)m.column + 1};
  return loc;
}

static int ydoc_next(ydoc_parser *p, yaml_event_t *ev) {
  if (yaml_parser_parse(&p->yp, ev)) return 0;
  const yaml_parser_t *yp = &p->yp;
  com_loc loc = ydoc_mark(p, yp->problem_mark);
  if (yp->error == YAML_MEMORY_ERROR) return com_err_oom(p->e);
  if (yp->context)
    return com_err_at(p->e, loc, "invalid YAML: %s %s", yp->problem ? yp->problem : "syntax error",
                      yp->context);
  return com_err_at(p->e, loc, "invalid YAML: %s", yp->problem ? yp->problem : "syntax error");
}

/* A growable list of node pointers, copied into the arena when complete. */
typedef struct ydoc_list {
  com_ynode **v;
  size_t n, cap;
} ydoc_list;

static int ydoc_list_push(ydoc_list *l, com_ynode *node) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    com_ynode **v = realloc(l->v, cap * sizeof *v);
    if (!v) return -1;
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = node;
  return 0;
}

static com_ynode **ydoc_list_finish(ydoc_parser *p, ydoc_list *l) {
  com_ynode **v = com_arena_alloc(p->arena, (l->n ? l->n : 1) * sizeof *v);
  if (v && l->n) memcpy(v, l->v, l->n * sizeof *v);
  free(l->v);
  l->v = NULL;
  return v;
}

static int ydoc_check_tag(ydoc_parser *p, const yaml_char_t *tag, yaml_mark_t m, bool *is_str) {
  *is_str = false;
  if (!tag) return 0;
  const char *t = (const char *)tag;
  if (strcmp(t, YAML_STR_TAG) == 0) { *is_str = true; return 0; }
  if (strcmp(t, YAML_MAP_TAG) == 0 || strcmp(t, YAML_SEQ_TAG) == 0 || strcmp(t, YAML_INT_TAG) == 0 ||
      strcmp(t, YAML_FLOAT_TAG) == 0 || strcmp(t, YAML_BOOL_TAG) == 0)
    return 0;
  return com_err_at(p->e, ydoc_mark(p, m), "YAML tag '%s' is not supported", t);
}

static int ydoc_node(ydoc_parser *p, yaml_event_t *ev, int depth, com_ynode **out);

/* Reads items (or key/value pairs) until the closing event. */
static int ydoc_children(ydoc_parser *p, com_ynode *node, int depth) {
  ydoc_list keys = {0}, items = {0};
  int rc = -1;
  yaml_event_type_t end = node->kind == COM_Y_MAP ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
  for (;;) {
    yaml_event_t ev;
    if (ydoc_next(p, &ev) != 0) goto done;
    if (ev.type == end) { yaml_event_delete(&ev); break; }
    com_ynode *child = NULL;
    int st = ydoc_node(p, &ev, depth + 1, &child);
    yaml_event_delete(&ev);
    if (st != 0) goto done;
    if (node->kind == COM_Y_SEQ) {
      if (ydoc_list_push(&items, child)) { com_err_oom(p->e); goto done; }
      continue;
    }
    if (child->kind != COM_Y_SCALAR || child->null) {
      com_err_at(p->e, child->loc, "mapping keys must be plain names, not %s",
                 child->null ? "empty" : com_ykind_name(child));
      goto done;
    }
    for (size_t i = 0; i < keys.n; i++)
      if (strcmp(keys.v[i]->text, child->text) == 0) {
        com_err_at(p->e, child->loc, "duplicate key '%s' (first given at line %d)", child->text,
                   keys.v[i]->loc.line);
        goto done;
      }
    if (ydoc_list_push(&keys, child)) { com_err_oom(p->e); goto done; }
    yaml_event_t vev;
    if (ydoc_next(p, &vev) != 0) goto done;
    com_ynode *value = NULL;
    st = ydoc_node(p, &vev, depth + 1, &value);
    yaml_event_delete(&vev);
    if (st != 0) goto done;
    if (ydoc_list_push(&items, value)) { com_err_oom(p->e); goto done; }
  }
  node->len = items.n;
  node->items = ydoc_list_finish(p, &items);
  if (node->kind == COM_Y_MAP) node->keys = ydoc_list_finish(p, &keys);
  if (!node->items || (node->kind == COM_Y_MAP && !node->keys)) return com_err_oom(p->e);
  return 0;
done:
  free(keys.v);
  free(items.v);
  return rc;
}

static int ydoc_node(ydoc_parser *p, yaml_event_t *ev, int depth, com_ynode **out) {
  if (ev->type == YAML_ALIAS_EVENT)
    return com_err_at(p->e, ydoc_mark(p, ev->start_mark),
                      "YAML aliases (*%s) are not supported; write the value out",
                      (const char *)ev->data.alias.anchor);
  if (depth > COM_YDOC_MAX_DEPTH)
    return com_err_at(p->e, ydoc_mark(p, ev->start_mark), "nesting is deeper than %d levels",
                      COM_YDOC_MAX_DEPTH);
  com_ynode *node = com_arena_alloc(p->arena, sizeof *node);
  if (!node) return com_err_oom(p->e);
  node->loc = ydoc_mark(p, ev->start_mark);
  bool is_str = false;
  switch (ev->type) {
  case YAML_SCALAR_EVENT: {
    if (ydoc_check_tag(p, ev->data.scalar.tag, ev->start_mark, &is_str)) return -1;
    node->kind = COM_Y_SCALAR;
    node->text = com_arena_strndup(p->arena, (const char *)ev->data.scalar.value,
                                   ev->data.scalar.length);
    if (!node->text) return com_err_oom(p->e);
    if (strlen(node->text) != ev->data.scalar.length)
      return com_err_at(p->e, node->loc, "value contains a NUL character");
    node->quoted = is_str || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    node->null = !node->quoted && (node->text[0] == '\0' || strcmp(node->text, "~") == 0 ||
                                   strcmp(node->text, "null") == 0 || strcmp(node->text, "Null") == 0 ||
                                   strcmp(node->text, "NULL") == 0);
    *out = node;
    return 0;
  }
  case YAML_MAPPING_START_EVENT:
    if (ydoc_check_tag(p, ev->data.mapping_start.tag, ev->start_mark, &is_str)) return -1;
    node->kind = COM_Y_MAP;
    break;
  case YAML_SEQUENCE_START_EVENT:
    if (ydoc_check_tag(p, ev->data.sequence_start.tag, ev->start_mark, &is_str)) return -1;
    node->kind = COM_Y_SEQ;
    break;
  default:
    return com_err_at(p->e, node->loc, "unexpected YAML event");
  }
  if (ydoc_children(p, node, depth) != 0) return -1;
  *out = node;
  return 0;
}

/* Parses one document from an initialized libyaml parser into the arena. */
static int ydoc_parse(ydoc_parser *p, com_ynode **root) {
  yaml_event_t ev;
  if (ydoc_next(p, &ev)) return -1; /* stream start */
  yaml_event_delete(&ev);
  if (ydoc_next(p, &ev)) return -1;
  if (ev.type == YAML_STREAM_END_EVENT) {
    yaml_event_delete(&ev);
    return com_err_file(p->e, p->file, "file is empty");
  }
  yaml_event_delete(&ev); /* document start */
  if (ydoc_next(p, &ev)) return -1;
  int st = ydoc_node(p, &ev, 1, root);
  yaml_event_delete(&ev);
  if (st) return -1;
  if (ydoc_next(p, &ev)) return -1; /* document end */
  yaml_event_delete(&ev);
  if (ydoc_next(p, &ev)) return -1;
  bool more = ev.type != YAML_STREAM_END_EVENT;
  com_loc loc = ydoc_mark(p, ev.start_mark);
  yaml_event_delete(&ev);
  if (more) return com_err_at(p->e, loc, "only one YAML document per file is allowed");
  if ((*root)->kind == COM_Y_SCALAR && (*root)->null)
    return com_err_file(p->e, p->file, "file is empty");
  return 0;
}

static int ydoc_parse_buffer(com_arena *arena, const char *name, const void *buf, size_t len,
                             com_ynode **root, com_err *e) {
  ydoc_parser p = {.arena = arena, .e = e};
  p.file = com_arena_strdup(arena, name);
  if (!p.file) return com_err_oom(e);
  if (len > COM_YDOC_MAX_BYTES)
    return com_err_file(e, name, "file is larger than %zu MiB", COM_YDOC_MAX_BYTES >> 20);
  if (!yaml_parser_initialize(&p.yp)) return com_err_oom(e);
  yaml_parser_set_input_string(&p.yp, buf, len);
  int st = ydoc_parse(&p, root);
  yaml_parser_delete(&p.yp);
  return st;
}

static int ydoc_read_file(const char *path, char **buf, size_t *len, com_err *e) {
  FILE *f = fopen(path, "rb");
  if (!f) return com_err_file(e, path, "cannot open file: %s", strerror(errno));
  size_t cap = 4096, n = 0;
  char *data = malloc(cap);
  while (data) {
    size_t got = fread(data + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
    if (n > COM_YDOC_MAX_BYTES) break;
    if (n == cap) {
      char *bigger = realloc(data, cap * 2);
      if (!bigger) { free(data); data = NULL; break; }
      data = bigger;
      cap *= 2;
    }
  }
  int read_error = ferror(f);
  fclose(f);
  if (!data) return com_err_oom(e);
  if (read_error) {
    free(data);
    return com_err_file(e, path, "cannot read file (is it a directory?)");
  }
  if (n > COM_YDOC_MAX_BYTES) {
    free(data);
    return com_err_file(e, path, "file is larger than %zu MiB", COM_YDOC_MAX_BYTES >> 20);
  }
  *buf = data;
  *len = n;
  return 0;
}

/* Merges over into base (both mappings): recursive for mapping values, over wins otherwise. */
static com_ynode *ydoc_merge(com_arena *a, const com_ynode *base, const com_ynode *over) {
  if (base->kind != COM_Y_MAP || over->kind != COM_Y_MAP) return (com_ynode *)over;
  com_ynode *m = com_arena_alloc(a, sizeof *m);
  size_t cap = base->len + over->len;
  if (!m) return NULL;
  *m = *over;
  m->keys = com_arena_alloc(a, (cap ? cap : 1) * sizeof *m->keys);
  m->items = com_arena_alloc(a, (cap ? cap : 1) * sizeof *m->items);
  if (!m->keys || !m->items) return NULL;
  m->len = 0;
  for (size_t i = 0; i < base->len; i++) {
    const com_ynode *ov = com_yget(over, base->keys[i]->text);
    m->keys[m->len] = base->keys[i];
    m->items[m->len] = ov ? ydoc_merge(a, base->items[i], ov) : base->items[i];
    if (!m->items[m->len]) return NULL;
    m->len++;
  }
  for (size_t i = 0; i < over->len; i++) {
    if (com_yget(base, over->keys[i]->text)) continue;
    m->keys[m->len] = over->keys[i];
    m->items[m->len++] = over->items[i];
  }
  return m;
}

/* Loads path and, through base_key, the chain of files it extends. chain holds the real paths
 * of the files being loaded, to report cycles. */
static int ydoc_load_chain(com_arena *arena, const char *path, const char *base_key,
                           char chain[][PATH_MAX], int depth, com_loc from, com_ynode **root,
                           com_err *e) {
  char *real = realpath(path, NULL);
  if (!real) {
    if (from.file) return com_err_at(e, from, "cannot open '%s': %s", path, strerror(errno));
    return com_err_file(e, path, "cannot open file: %s", strerror(errno));
  }
  for (int i = 0; i < depth; i++)
    if (strcmp(chain[i], real) == 0) {
      free(real);
      return com_err_at(e, from, "'%s' extends itself through a cycle of base files", path);
    }
  if (depth >= COM_YDOC_MAX_BASES) {
    free(real);
    return com_err_at(e, from, "more than %d levels of base files", COM_YDOC_MAX_BASES);
  }
  com_strlcpy(chain[depth], real, PATH_MAX);
  free(real);
  char *buf = NULL;
  size_t len = 0;
  if (ydoc_read_file(path, &buf, &len, e)) return -1;
  int st = ydoc_parse_buffer(arena, path, buf, len, root, e);
  free(buf);
  if (st || !base_key || (*root)->kind != COM_Y_MAP) return st;
  com_ynode *me = *root;
  const com_ynode *base_ref = com_yget(me, base_key);
  if (!base_ref) return 0;
  const char *rel;
  if (com_ystr(base_ref, base_key, &rel, e)) return -1;
  char base_path[PATH_MAX];
  if (com_path_relative_to(path, rel, base_path, sizeof base_path))
    return com_err_at(e, base_ref->loc, "path '%s' is too long", rel);
  com_ynode *base_root = NULL;
  if (ydoc_load_chain(arena, base_path, base_key, chain, depth + 1, base_ref->loc, &base_root, e))
    return -1;
  if (base_root->kind != COM_Y_MAP)
    return com_err_at(e, base_ref->loc, "base file '%s' must hold a mapping", rel);
  /* Drop base_key from this file's mapping before merging, so it is not seen as data. */
  size_t w = 0;
  for (size_t i = 0; i < me->len; i++) {
    if (strcmp(me->keys[i]->text, base_key) == 0) continue;
    me->keys[w] = me->keys[i];
    me->items[w++] = me->items[i];
  }
  me->len = w;
  *root = ydoc_merge(arena, base_root, me);
  return *root ? 0 : com_err_oom(e);
}

int com_ydoc_load_file(const char *path, const char *base_key, com_ydoc **out, com_err *e) {
  com_ydoc *doc = calloc(1, sizeof *doc);
  if (!doc) return com_err_oom(e);
  char(*chain)[PATH_MAX] = malloc(COM_YDOC_MAX_BASES * sizeof *chain + PATH_MAX);
  if (!chain) { free(doc); return com_err_oom(e); }
  com_loc none = {0};
  int st = ydoc_load_chain(&doc->arena, path, base_key, chain, 0, none, &doc->root, e);
  free(chain);
  if (st == 0) doc->file = com_arena_strdup(&doc->arena, path);
  if (st || !doc->file) {
    com_ydoc_free(doc);
    return st ? -1 : com_err_oom(e);
  }
  *out = doc;
  return 0;
}

int com_ydoc_load_buffer(const char *name, const void *buf, size_t len, com_ydoc **out,
                         com_err *e) {
  com_ydoc *doc = calloc(1, sizeof *doc);
  if (!doc) return com_err_oom(e);
  if (ydoc_parse_buffer(&doc->arena, name, buf, len, &doc->root, e)) {
    com_ydoc_free(doc);
    return -1;
  }
  doc->file = doc->root->loc.file;
  *out = doc;
  return 0;
}

void com_ydoc_free(com_ydoc *doc) {
  if (!doc) return;
  com_arena_free(&doc->arena);
  free(doc);
}
