/* yget — typed accessors over ydoc nodes; see ydoc.h for the contract. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/num.h"
#include "common/text.h"
#include "common/ydoc.h"

const char *com_ykind_name(const com_ynode *n) {
  switch (n->kind) {
  case COM_Y_MAP: return "a mapping";
  case COM_Y_SEQ: return "a list";
  case COM_Y_SCALAR: return n->null ? "nothing (null)" : "a single value";
  }
  return "something else";
}

int com_yexpect(const com_ynode *n, com_ykind kind, const char *what, com_err *e) {
  if (n->kind == kind && !(kind == COM_Y_SCALAR && n->null)) return 0;
  const char *want = kind == COM_Y_MAP ? "a mapping" : kind == COM_Y_SEQ ? "a list" : "a value";
  return com_err_at(e, n->loc, "'%s' must be %s, got %s", what, want, com_ykind_name(n));
}

const com_ynode *com_yget(const com_ynode *map, const char *key) {
  if (!map || map->kind != COM_Y_MAP) return NULL;
  for (size_t i = 0; i < map->len; i++)
    if (strcmp(map->keys[i]->text, key) == 0) return map->items[i];
  return NULL;
}

int com_yrequire(const com_ynode *map, const char *key, const char *what, const com_ynode **out,
                 com_err *e) {
  const com_ynode *v = com_yget(map, key);
  if (!v) return com_err_at(e, map->loc, "missing required key '%s' in %s", key, what);
  *out = v;
  return 0;
}

int com_ycheck_keys(const com_ynode *map, const char *what, const char *const *allowed,
                    com_err *e) {
  for (size_t i = 0; i < map->len; i++) {
    const char *key = map->keys[i]->text;
    bool known = false;
    for (size_t j = 0; allowed[j]; j++)
      if (strcmp(allowed[j], key) == 0) known = true;
    if (known) continue;
    char hint[128];
    com_suggest_phrase(key, allowed, hint, sizeof hint);
    return com_err_at(e, map->keys[i]->loc, "unknown key '%s' in %s%s", key, what, hint);
  }
  return 0;
}

static int yget_scalar(const com_ynode *n, const char *what, const char *type, com_err *e) {
  if (n->kind == COM_Y_SCALAR && !n->null) return 0;
  return com_err_at(e, n->loc, "'%s' must be %s, got %s", what, type, com_ykind_name(n));
}

int com_ystr(const com_ynode *n, const char *what, const char **out, com_err *e) {
  if (yget_scalar(n, what, "a string", e)) return -1;
  *out = n->text;
  return 0;
}

int com_yu64(const com_ynode *n, const char *what, uint64_t min, uint64_t max, uint64_t *out,
             com_err *e) {
  if (yget_scalar(n, what, "an integer", e)) return -1;
  uint64_t v = 0;
  com_num_status st = n->quoted ? COM_NUM_SYNTAX : com_parse_u64(n->text, &v);
  if (st == COM_NUM_SYNTAX || st == COM_NUM_EMPTY)
    return com_err_at(e, n->loc, "'%s' must be an integer, got '%s'", what, n->text);
  if (st == COM_NUM_NEGATIVE)
    return com_err_at(e, n->loc, "'%s' must not be negative (got %s)", what, n->text);
  if (st == COM_NUM_FRACTION)
    return com_err_at(e, n->loc, "'%s' must be an integer, got %s", what, n->text);
  if (st == COM_NUM_RANGE || v > max)
    return com_err_at(e, n->loc, "'%s' is too large (got %s, at most %llu)", what, n->text,
                      (unsigned long long)max);
  if (v < min) {
    if (v == 0)
      return com_err_at(e, n->loc, "'%s' must be at least %llu (got 0)", what,
                        (unsigned long long)min);
    return com_err_at(e, n->loc, "'%s' must be at least %llu (got %s)", what,
                      (unsigned long long)min, n->text);
  }
  *out = v;
  return 0;
}

int com_yf64(const com_ynode *n, const char *what, double min, double max, double *out,
             com_err *e) {
  if (yget_scalar(n, what, "a number", e)) return -1;
  double v = 0;
  com_num_status st = n->quoted ? COM_NUM_SYNTAX : com_parse_f64(n->text, &v);
  if (st == COM_NUM_RANGE)
    return com_err_at(e, n->loc, "'%s' is out of range (got %s)", what, n->text);
  if (st != COM_NUM_OK)
    return com_err_at(e, n->loc, "'%s' must be a number, got '%s'", what, n->text);
  if (v < min || v > max)
    return com_err_at(e, n->loc, "'%s' must be between %g and %g (got %s)", what, min, max,
                      n->text);
  *out = v;
  return 0;
}

int com_ybool(const com_ynode *n, const char *what, bool *out, com_err *e) {
  static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "on", "On", NULL};
  static const char *const no[] = {"false", "False", "FALSE", "no", "No", "off", "Off", NULL};
  if (yget_scalar(n, what, "true or false", e)) return -1;
  if (!n->quoted) {
    for (size_t i = 0; yes[i]; i++)
      if (strcmp(n->text, yes[i]) == 0) { *out = true; return 0; }
    for (size_t i = 0; no[i]; i++)
      if (strcmp(n->text, no[i]) == 0) { *out = false; return 0; }
  }
  return com_err_at(e, n->loc, "'%s' must be true or false, got '%s'", what, n->text);
}

int com_ybytes(const com_ynode *n, const char *what, uint64_t min, uint64_t *out, com_err *e) {
  if (yget_scalar(n, what, "a size in bytes", e)) return -1;
  uint64_t v = 0;
  com_num_status st = com_parse_bytes(n->text, &v);
  if (st == COM_NUM_NEGATIVE)
    return com_err_at(e, n->loc, "'%s' must not be negative (got %s)", what, n->text);
  if (st == COM_NUM_RANGE)
    return com_err_at(e, n->loc, "'%s' is too large (got %s)", what, n->text);
  if (st == COM_NUM_FRACTION)
    return com_err_at(e, n->loc, "'%s' is not a whole number of bytes (got %s)", what, n->text);
  if (st != COM_NUM_OK)
    return com_err_at(e, n->loc,
                      "'%s' must be a size such as 4096, \"64 KiB\" or \"24 MiB\", got '%s'", what,
                      n->text);
  if (v < min)
    return com_err_at(e, n->loc, "'%s' must be at least %llu bytes (got %s)", what,
                      (unsigned long long)min, n->text);
  *out = v;
  return 0;
}

int com_yenum(const com_ynode *n, const char *what, const char *const *names, int *out,
              com_err *e) {
  if (yget_scalar(n, what, "a name", e)) return -1;
  for (int i = 0; names[i]; i++)
    if (strcmp(names[i], n->text) == 0) { *out = i; return 0; }
  char hint[128];
  com_suggest_phrase(n->text, names, hint, sizeof hint);
  char list[512] = "";
  size_t used = 0;
  for (int i = 0; names[i] && used + 1 < sizeof list; i++) {
    int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
    if (w < 0) break;
    used += (size_t)w;
  }
  if (hint[0])
    return com_err_at(e, n->loc, "unknown %s '%s'%s", what, n->text, hint);
  return com_err_at(e, n->loc, "unknown %s '%s' (expected one of: %s)", what, n->text, list);
}
