/*
 * override — parameter paths into YAML trees: checking that a path names a scalar, writing a
 * value at a path by copying only the nodes along it (the rest of the tree is shared, read-only),
 * and emitting a tree back as YAML text for loaders that only read buffers.
 * Path syntax: key(.key | [index])*, e.g. "compute[0].rows"; a numeric key indexes a list too
 * ("compute.0.rows", handy in flow-style YAML where brackets need quotes). Thread-safe (no shared state).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/sweep.h"

/* One step of a path: a key (into a mapping) or an index (into a list). */
typedef struct step {
  char key[64];
  bool is_index;
  uint64_t index;
} step;

/* Reads the next step of *p; returns 1 when one was read, 0 at the end, -1 on bad syntax. */
static int next_step(const char **p, step *st) {
  const char *s = *p;
  if (!*s) return 0;
  if (*s == '.') s++;
  memset(st, 0, sizeof *st);
  if (*s == '[') {
    s++;
    if (*s < '0' || *s > '9') return -1;
    while (*s >= '0' && *s <= '9') {
      if (st->index > 1000000) return -1;
      st->index = st->index * 10 + (uint64_t)(*s++ - '0');
    }
    if (*s++ != ']') return -1;
    st->is_index = true;
  } else {
    size_t n = 0;
    while (*s && *s != '.' && *s != '[') {
      if (n + 1 >= sizeof st->key) return -1;
      st->key[n++] = *s++;
    }
    if (n == 0) return -1;
  }
  if (*s && *s != '.' && *s != '[') return -1;
  *p = s;
  return 1;
}

/* The child of n for st, or NULL; *slot gets its position. */
static const com_ynode *child(const com_ynode *n, const step *st0, size_t *slot) {
  step digits;
  const step *st = st0;
  if (!st->is_index && n->kind == COM_Y_SEQ && strspn(st->key, "0123456789") == strlen(st->key) &&
      strlen(st->key) < 8) { /* "compute.0.rows": a numeric key indexes a list */
    digits = *st;
    digits.is_index = true;
    digits.index = strtoull(st->key, NULL, 10);
    st = &digits;
  }
  if (st->is_index) {
    if (n->kind != COM_Y_SEQ || st->index >= n->len) return NULL;
    *slot = (size_t)st->index;
    return n->items[st->index];
  }
  if (n->kind != COM_Y_MAP) return NULL;
  for (size_t i = 0; i < n->len; i++)
    if (n->keys[i]->text && strcmp(n->keys[i]->text, st->key) == 0) {
      *slot = i;
      return n->items[i];
    }
  return NULL;
}

int swp_path_check(const com_ynode *root, const char *path, size_t skip, com_loc loc, com_err *e) {
  const char *p = path + skip;
  const com_ynode *n = root;
  step st;
  int r;
  char done[256] = "";
  while ((r = next_step(&p, &st)) == 1) {
    size_t slot;
    const com_ynode *c = child(n, &st, &slot);
    if (!c) {
      if (st.is_index)
        return com_err_at(e, loc, "parameter path '%s': %s%s has no item [%llu] (%s)", path, done,
                          *done ? "" : "the root", (unsigned long long)st.index,
                          n->kind == COM_Y_SEQ ? "the list is shorter" : "not a list");
      return com_err_at(e, loc, "parameter path '%s': key '%s' does not exist in the base%s%s", path,
                        st.key, *done ? " under " : "", done);
    }
    size_t used = strlen(done);
    if (st.is_index) snprintf(done + used, sizeof done - used, "[%llu]", (unsigned long long)st.index);
    else snprintf(done + used, sizeof done - used, "%s%s", used ? "." : "", st.key);
    n = c;
  }
  if (r < 0) return com_err_at(e, loc, "parameter path '%s' is malformed (expected key.key[index]...)", path);
  if (n == root) return com_err_at(e, loc, "parameter path '%s' is empty", path);
  if (n->kind != COM_Y_SCALAR)
    return com_err_at(e, loc, "parameter path '%s' names %s; a parameter sets one value", path,
                      com_ykind_name(n));
  return 0;
}

static com_ynode *set_rec(com_arena *a, const com_ynode *n, const char *p, const char *value,
                          bool quoted, com_loc loc) {
  step st;
  int r = next_step(&p, &st);
  if (r < 0) return NULL;
  if (r == 0) { /* the scalar itself */
    com_ynode *v = com_arena_alloc(a, sizeof *v);
    if (!v) return NULL;
    v->kind = COM_Y_SCALAR;
    v->loc = loc;
    v->text = com_arena_strdup(a, value);
    v->quoted = quoted;
    return v->text ? v : NULL;
  }
  size_t slot = 0;
  const com_ynode *c = child(n, &st, &slot);
  if (!c) return NULL;
  com_ynode *nc = set_rec(a, c, p, value, quoted, loc);
  com_ynode *copy = com_arena_alloc(a, sizeof *copy);
  com_ynode **items = com_arena_alloc(a, n->len * sizeof *items);
  if (!nc || !copy || !items) return NULL;
  *copy = *n;
  memcpy(items, n->items, n->len * sizeof *items);
  items[slot] = nc;
  copy->items = items;
  return copy;
}

com_ynode *swp_path_set(com_arena *arena, const com_ynode *root, const char *path,
                        const char *value, bool quoted, com_loc loc) {
  return set_rec(arena, root, path, value, quoted, loc);
}

/* ---- emitter ---- */

typedef struct sbuf {
  char *p;
  size_t len, cap;
  bool oom;
} sbuf;

static void put(sbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->len + n + 1) cap *= 2;
    char *q = realloc(b->p, cap);
    if (!q) { b->oom = true; return; }
    b->p = q;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}
static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }
static void indent(sbuf *b, int d) { for (int i = 0; i < d; i++) put(b, "  ", 2); }

static void scalar(sbuf *b, const com_ynode *n) {
  if (n->null) { puts_(b, "~"); return; }
  if (!n->quoted && n->text[0] && !strpbrk(n->text, "\n")) { puts_(b, n->text); return; }
  put(b, "\"", 1);
  for (const char *s = n->text; *s; s++) {
    char esc[8];
    if (*s == '"' || *s == '\\') { esc[0] = '\\'; esc[1] = *s; put(b, esc, 2); }
    else if (*s == '\n') puts_(b, "\\n");
    else if ((unsigned char)*s < 0x20) { snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)*s); puts_(b, esc); }
    else put(b, s, 1);
  }
  put(b, "\"", 1);
}

static void emit(sbuf *b, const com_ynode *n, int d);

/* Writes value n after "key:" or "-" (inline when scalar or empty). */
static void emit_value(sbuf *b, const com_ynode *n, int d) {
  if (n->kind == COM_Y_SCALAR) { put(b, " ", 1); scalar(b, n); put(b, "\n", 1); }
  else if (n->len == 0) puts_(b, n->kind == COM_Y_MAP ? " {}\n" : " []\n");
  else { put(b, "\n", 1); emit(b, n, d + 1); }
}

static void emit(sbuf *b, const com_ynode *n, int d) {
  for (size_t i = 0; i < n->len; i++) {
    indent(b, d);
    if (n->kind == COM_Y_MAP) {
      scalar(b, n->keys[i]);
      put(b, ":", 1);
    } else {
      put(b, "-", 1);
    }
    emit_value(b, n->items[i], d);
  }
}

int swp_yaml_emit(const com_ynode *root, char **out, size_t *len) {
  sbuf b = {0};
  if (root->kind == COM_Y_SCALAR) { scalar(&b, root); put(&b, "\n", 1); }
  else emit(&b, root, 0);
  if (b.oom || !b.p) { free(b.p); return -1; }
  *out = b.p;
  *len = b.len;
  return 0;
}
