/*
 * mapping_read — reads a Timeloop-style directive list into a map_mapping (see mapping.h).
 * Every error is located at the directive (or the value) that is wrong.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "common/num.h"
#include "mapper/mapping.h"

static int rd_rank(const map_target *t, const char *name, size_t n) {
  for (int r = 0; r < t->nranks; r++)
    if (strlen(t->es->rank_name[r]) == n && strncasecmp(t->es->rank_name[r], name, n) == 0)
      return r;
  return -1;
}

static int rd_rank_err(const map_target *t, const com_ynode *n, const char *name, size_t len,
                       com_err *e) {
  char names[256] = "";
  for (int r = 0; r < t->nranks; r++) {
    size_t k = strlen(names);
    snprintf(names + k, sizeof names - k, "%s%s", r ? ", " : "", t->es->rank_name[r]);
  }
  return com_err_at(e, n->loc, "'%.*s' is not a rank of einsum %s (its ranks: %s)", (int)len,
                    name, t->es->name, names);
}

/* "M=4 K=2" into f (ranks not named keep their value); *given gets the named ranks. */
static int rd_factors(const map_target *t, const com_ynode *n, uint64_t *f, unsigned *given,
                      com_err *e) {
  const char *s;
  if (com_ystr(n, "factors", &s, e)) return -1;
  while (*s) {
    while (*s == ' ' || *s == ',') s++;
    if (!*s) break;
    const char *eq = s;
    while (*eq && *eq != '=' && *eq != ' ') eq++;
    if (*eq != '=')
      return com_err_at(e, n->loc, "factors must be written NAME=INT separated by spaces, "
                        "got '%s'", n->text);
    int r = rd_rank(t, s, (size_t)(eq - s));
    if (r < 0) return rd_rank_err(t, n, s, (size_t)(eq - s), e);
    char num[32];
    const char *v = eq + 1, *end = v;
    while (*end && *end != ' ' && *end != ',') end++;
    if ((size_t)(end - v) >= sizeof num || end == v)
      return com_err_at(e, n->loc, "factor of rank %s is not a positive integer",
                        t->es->rank_name[r]);
    memcpy(num, v, (size_t)(end - v));
    num[end - v] = 0;
    uint64_t x;
    if (com_parse_u64(num, &x) != COM_NUM_OK || x == 0)
      return com_err_at(e, n->loc, "factor of rank %s is not a positive integer (got '%s')",
                        t->es->rank_name[r], num);
    f[r] = x;
    *given |= 1u << r;
    s = end;
  }
  return 0;
}

/* A permutation, innermost first: letters when every rank is one letter, else names separated
 * by spaces. Ranks not named follow, outermost, in rank order. */
static int rd_perm(const map_target *t, const com_ynode *n, int8_t *perm, com_err *e) {
  const char *s;
  if (com_ystr(n, "permutation", &s, e)) return -1;
  bool spaced = strchr(s, ' ') != NULL;
  unsigned seen = 0;
  int k = 0;
  while (*s) {
    while (*s == ' ') s++;
    if (!*s) break;
    size_t len = 1;
    if (spaced || rd_rank(t, s, 1) < 0)
      while (s[len] && s[len] != ' ') len++;
    int r = rd_rank(t, s, len);
    if (r < 0) return rd_rank_err(t, n, s, len, e);
    if (seen & (1u << r))
      return com_err_at(e, n->loc, "rank %s appears twice in the permutation", t->es->rank_name[r]);
    seen |= 1u << r;
    perm[k++] = (int8_t)r;
    s += len;
  }
  for (int r = 0; r < t->nranks; r++)
    if (!(seen & (1u << r))) perm[k++] = (int8_t)r;
  return 0;
}

static int rd_tensors(const map_target *t, const com_ynode *n, const char *what, unsigned *mask,
                      com_err *e) {
  if (com_yexpect(n, COM_Y_SEQ, what, e)) return -1;
  for (size_t i = 0; i < n->len; i++) {
    const char *name;
    if (com_ystr(n->items[i], what, &name, e)) return -1;
    int s = map_target_slot(t, name);
    if (s < 0) return com_err_at(e, n->items[i]->loc, "'%s' is not a tensor of einsum %s", name,
                                 t->es->name);
    *mask |= 1u << s;
  }
  return 0;
}

static const char *const rd_keys[] = {"target", "type", "factors", "permutation", "split",
                                      "keep", "bypass", NULL};
static const char *const rd_types[] = {"temporal", "spatial", "bypass", NULL};

static int rd_directive(const map_target *t, const com_ynode *d, map_mapping *m,
                        unsigned *dram_given, com_err *e) {
  const com_ynode *n;
  const char *target;
  int type;
  if (com_yexpect(d, COM_Y_MAP, "mapping directive", e) ||
      com_ycheck_keys(d, "mapping directive", rd_keys, e) ||
      com_yrequire(d, "target", "mapping directive", &n, e) || com_ystr(n, "target", &target, e))
    return -1;
  int j = -1;
  for (int i = 0; i < t->nlevels; i++)
    if (strcasecmp(t->lv[i].name, target) == 0) j = i;
  if (j < 0) return com_err_at(e, n->loc, "'%s' is not a storage level einsum %s uses on this "
                               "arch", target, t->es->name);
  if (com_yrequire(d, "type", "mapping directive", &n, e) ||
      com_yenum(n, "type", rd_types, &type, e))
    return -1;
  map_level *l = &m->lv[j];
  if (type == 2) {
    unsigned keep = 0, byp = 0;
    if ((n = com_yget(d, "keep")) && rd_tensors(t, n, "keep", &keep, e)) return -1;
    if ((n = com_yget(d, "bypass")) && rd_tensors(t, n, "bypass", &byp, e)) return -1;
    if (keep & byp) return com_err_at(e, d->loc, "a tensor is both kept and bypassed at %s", target);
    l->keep = (l->keep | keep) & ~byp;
    return 0;
  }
  unsigned given = 0;
  if ((n = com_yget(d, "factors")) &&
      rd_factors(t, n, type == 0 ? l->t : l->sx, &given, e))
    return -1;
  if (type == 0) {
    if (j == 0) *dram_given |= given;
    if ((n = com_yget(d, "permutation")) && rd_perm(t, n, l->perm, e)) return -1;
    return 0;
  }
  int8_t perm[OPS_MAX_RANKS];
  for (int r = 0; r < t->nranks; r++) perm[r] = (int8_t)r;
  if ((n = com_yget(d, "permutation")) && rd_perm(t, n, perm, e)) return -1;
  uint64_t split = (uint64_t)t->nranks;
  if ((n = com_yget(d, "split")) && com_yu64(n, "split", 0, (uint64_t)t->nranks, &split, e))
    return -1;
  for (int i = 0; i < t->nranks; i++) {
    int r = perm[i];
    if ((uint64_t)i >= split) {
      l->sy[r] = l->sx[r];
      l->sx[r] = 1;
    }
  }
  return 0;
}

int map_mapping_read(const map_target *t, const com_ynode *list, map_mapping *m, com_err *e) {
  if (com_yexpect(list, COM_Y_SEQ, "mapping", e)) return -1;
  map_mapping_init(t, m);
  for (int r = 0; r < t->nranks; r++) m->lv[0].t[r] = 1;
  unsigned dram_given = 0;
  for (size_t i = 0; i < list->len; i++)
    if (rd_directive(t, list->items[i], m, &dram_given, e)) return -1;
  for (int r = 0; r < t->nranks; r++) {
    if (dram_given & (1u << r)) continue;
    uint64_t p = 1;
    for (int j = 1; j < t->nlevels; j++) {
      const map_level *l = &m->lv[j];
      if (!com_mul_u64(p, l->t[r], &p) || !com_mul_u64(p, l->sx[r] * l->sy[r], &p)) p = 0;
    }
    for (int j = 0; j < 1; j++) p = com_mul_u64(p, m->lv[0].sx[r] * m->lv[0].sy[r], &p) ? p : 0;
    if (p == 0 || t->es->rank_size[r] % p)
      return com_err_at(e, list->loc, "the factors of rank %s multiply to %llu, which does not "
                        "divide its size %llu", t->es->rank_name[r], (unsigned long long)p,
                        (unsigned long long)t->es->rank_size[r]);
    m->lv[0].t[r] = t->es->rank_size[r] / p;
  }
  if (map_mapping_check(t, m, e)) {
    char msg[COM_ERR_MAX];
    snprintf(msg, sizeof msg, "%s", strncmp(e->msg, "error: ", 7) == 0 ? e->msg + 7 : e->msg);
    return com_err_at(e, list->loc, "%s", msg);
  }
  return 0;
}
