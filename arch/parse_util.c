/* parse_util — small readers shared by the arch parser; see parse.h for the contract. */
#include <stdio.h>
#include <string.h>

#include "arch/parse.h"
#include "common/text.h"

const char *const arch_op_names[] = {"mac", "add", "max", "exp", "div", "sub", "mul", NULL};
const char *const arch_dataflow_names[] = {"os", "ws", "is", NULL};

com_loc arch_own_loc(arch_spec *a, com_loc loc) {
  if (loc.file) loc.file = com_arena_strdup(&a->strings, loc.file);
  return loc;
}

int arch_parse_name(const com_ynode *map, const char *key, const char *what, char *out,
                    com_err *e) {
  const com_ynode *n;
  const char *s;
  if (com_yrequire(map, key, what, &n, e) || com_ystr(n, key, &s, e)) return -1;
  if (strlen(s) >= ARCH_NAME_MAX)
    return com_err_at(e, n->loc, "'%s' is too long (at most %d characters)", key,
                      ARCH_NAME_MAX - 1);
  com_strlcpy(out, s, ARCH_NAME_MAX);
  return 0;
}

int arch_parse_value(const com_ynode *map, const char *key, double max, arch_value *v,
                     com_err *e) {
  const com_ynode *n = com_yget(map, key);
  if (!n) return 0;
  if (com_yf64(n, key, 0, max, &v->v, e)) return -1;
  v->given = true;
  snprintf(v->source, sizeof v->source, "given at %s:%d:%d (overrides the table)",
           n->loc.file ? n->loc.file : "<input>", n->loc.line, n->loc.col);
  return 0;
}

int arch_parse_positive(const com_ynode *map, const char *key, double *out, bool *set,
                        com_err *e) {
  const com_ynode *n = com_yget(map, key);
  *set = false;
  if (!n) return 0;
  if (com_yf64(n, key, 0, 1e15, out, e)) return -1;
  if (*out <= 0) return com_err_at(e, n->loc, "'%s' must be greater than 0 (got %s)", key, n->text);
  *set = true;
  return 0;
}

static int word_add(const com_ynode *item, const char *what, const char *word_kind,
                    const char *const *names, unsigned *mask, com_err *e) {
  int idx;
  if (com_yenum(item, word_kind, names, &idx, e)) return -1;
  if (*mask & (1u << idx))
    return com_err_at(e, item->loc, "'%s' is listed twice in '%s'", item->text, what);
  *mask |= 1u << idx;
  return 0;
}

int arch_parse_word_set(const com_ynode *n, const char *what, const char *word_kind,
                        const char *const *names, unsigned *mask, com_err *e) {
  *mask = 0;
  if (n->kind == COM_Y_SCALAR && !n->null) return word_add(n, what, word_kind, names, mask, e);
  if (n->kind != COM_Y_SEQ)
    return com_err_at(e, n->loc, "'%s' must be a name or a list of names, got %s", what,
                      com_ykind_name(n));
  if (n->len == 0) return com_err_at(e, n->loc, "'%s' must list at least one %s", what, word_kind);
  for (size_t i = 0; i < n->len; i++) {
    const com_ynode *item = n->items[i];
    if (item->kind != COM_Y_SCALAR || item->null)
      return com_err_at(e, item->loc, "each item of '%s' must be a name, got %s", what,
                        com_ykind_name(item));
    if (word_add(item, what, word_kind, names, mask, e)) return -1;
  }
  return 0;
}
