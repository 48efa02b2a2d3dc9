/*
 * mapping — default mapping, validity check and text form of a mapping (see mapping.h).
 * The YAML reader is in mapping_read.c.
 */
#include <string.h>

#include "common/num.h"
#include "mapper/mapping.h"

void map_mapping_init(const map_target *t, map_mapping *m) {
  memset(m, 0, sizeof *m);
  m->nlevels = t->nlevels;
  m->nranks = t->nranks;
  for (int j = 0; j < t->nlevels; j++) {
    for (int r = 0; r < t->nranks; r++) {
      m->lv[j].t[r] = j == 0 ? t->es->rank_size[r] : 1;
      m->lv[j].sx[r] = m->lv[j].sy[r] = 1;
      m->lv[j].perm[r] = (int8_t)r;
    }
    m->lv[j].keep = t->lv[j].allow;
  }
}

int map_mapping_check(const map_target *t, const map_mapping *m, com_err *e) {
  const ops_einsum *es = t->es;
  if (m->nlevels != t->nlevels || m->nranks != t->nranks)
    return com_err_plain(e, COM_EINPUT, "the mapping has %d levels and %d ranks, einsum %s on "
                         "this arch needs %d and %d", m->nlevels, m->nranks, es->name,
                         t->nlevels, t->nranks);
  for (int r = 0; r < t->nranks; r++) {
    uint64_t p = 1;
    for (int j = 0; j < t->nlevels; j++) {
      const map_level *l = &m->lv[j];
      if (!l->t[r] || !l->sx[r] || !l->sy[r])
        return com_err_plain(e, COM_EINPUT, "level %s: a factor of rank %s is 0",
                             t->lv[j].name, es->rank_name[r]);
      if (!com_mul_u64(p, l->t[r], &p) || !com_mul_u64(p, l->sx[r], &p) ||
          !com_mul_u64(p, l->sy[r], &p) || p > es->rank_size[r])
        return com_err_plain(e, COM_EINPUT, "the factors of rank %s multiply to more than its "
                             "size %llu (at level %s)", es->rank_name[r],
                             (unsigned long long)es->rank_size[r], t->lv[j].name);
    }
    if (p != es->rank_size[r])
      return com_err_plain(e, COM_EINPUT, "the factors of rank %s multiply to %llu, not to its "
                           "size %llu", es->rank_name[r], (unsigned long long)p,
                           (unsigned long long)es->rank_size[r]);
  }
  for (int j = 0; j < t->nlevels; j++) {
    const map_level *l = &m->lv[j];
    uint64_t x = 1, y = 1;
    unsigned seen = 0;
    for (int r = 0; r < t->nranks; r++) {
      x *= l->sx[r]; /* each <= rank size <= 2^53, checked above; products of <= fan-out below */
      y *= l->sy[r];
      if (x > t->lv[j].fx || y > t->lv[j].fy)
        return com_err_plain(e, COM_EINPUT, "level %s: the spatial factors need %llux%llu or "
                             "more instances, the fan-out is %llux%llu", t->lv[j].name,
                             (unsigned long long)x, (unsigned long long)y,
                             (unsigned long long)t->lv[j].fx, (unsigned long long)t->lv[j].fy);
      int p = l->perm[r];
      if (p < 0 || p >= t->nranks || (seen & (1u << p)))
        return com_err_plain(e, COM_EINPUT, "level %s: the permutation is not an order of the "
                             "%d ranks", t->lv[j].name, t->nranks);
      seen |= 1u << p;
    }
    if (l->keep & ~t->lv[j].allow) {
      for (int s = 0; s < MAP_NT; s++)
        if ((l->keep & ~t->lv[j].allow) & (1u << s))
          return com_err_plain(e, COM_EINPUT, "level %s cannot keep tensor %s: the arch lets it "
                               "hold only its `keep` classes", t->lv[j].name, t->tensor[s]->name);
    }
  }
  unsigned all = 0;
  for (int s = 0; s < MAP_NT; s++) all |= t->tensor[s] ? 1u << s : 0;
  if ((m->lv[0].keep & all) != all)
    return com_err_plain(e, COM_EINPUT, "DRAM (%s) must keep every tensor", t->lv[0].name);
  return 0;
}

/* Appends s to buf (cap bytes), truncating. */
static void map_cat(char *buf, size_t cap, const char *s) {
  size_t n = strlen(buf);
  if (n + 1 < cap) snprintf(buf + n, cap - n, "%s", s);
}

static bool map_single_letters(const map_target *t) {
  for (int r = 0; r < t->nranks; r++)
    if (strlen(t->es->rank_name[r]) != 1) return false;
  return true;
}

/* Factors string "M=4 K=2" (upper-case rank names), ranks with factor 1 left out. */
static void map_factors(const map_target *t, const uint64_t *f, char *buf, size_t cap) {
  buf[0] = 0;
  for (int r = 0; r < t->nranks; r++) {
    char one[80];
    snprintf(one, sizeof one, "%s%s=%llu", buf[0] ? " " : "", t->es->rank_name[r],
             (unsigned long long)f[r]);
    for (char *c = one; *c && *c != '='; c++)
      if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    map_cat(buf, cap, one);
  }
}

/* A permutation as Timeloop writes it: upper-case names, innermost first (letters run together
 * when every rank is one letter). */
static void map_perm(const map_target *t, const int8_t *perm, char *buf, size_t cap) {
  buf[0] = 0;
  bool single = map_single_letters(t);
  for (int i = 0; i < t->nranks; i++) {
    int r = perm[i];
    char one[64];
    snprintf(one, sizeof one, "%s%s", single || !buf[0] ? "" : " ", t->es->rank_name[r]);
    for (char *c = one; *c; c++)
      if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    map_cat(buf, cap, one);
  }
}

void map_mapping_write(FILE *f, const map_target *t, const map_mapping *m, const char *indent) {
  char fac[512], perm[256];
  for (int j = 0; j < t->nlevels; j++) {
    const map_level *l = &m->lv[j];
    map_factors(t, l->t, fac, sizeof fac);
    map_perm(t, l->perm, perm, sizeof perm);
    fprintf(f, "%s- {target: %s, type: temporal, factors: \"%s\", permutation: \"%s\"}\n", indent,
            t->lv[j].name, fac, perm);
    uint64_t full[OPS_MAX_RANKS];
    int8_t po[OPS_MAX_RANKS];
    int k = 0, split = 0;
    for (int pass = 0; pass < 3; pass++) /* X ranks, then Y ranks, then the others */
      for (int r = 0; r < t->nranks; r++) {
        bool x = l->sx[r] > 1, y = !x && l->sy[r] > 1;
        if ((pass == 0 && x) || (pass == 1 && y) || (pass == 2 && !x && !y)) {
          full[r] = x ? l->sx[r] : y ? l->sy[r] : 1;
          po[k++] = (int8_t)r;
          if (pass == 0) split = k;
        }
      }
    if (t->lv[j].fx * t->lv[j].fy > 1) {
      map_factors(t, full, fac, sizeof fac);
      map_perm(t, po, perm, sizeof perm);
      fprintf(f, "%s- {target: %s, type: spatial, factors: \"%s\", permutation: \"%s\", split: %d}\n",
              indent, t->lv[j].name, fac, perm, split);
    }
    if (j > 0 && t->lv[j].allow) {
      char keep[256] = "", byp[256] = "";
      for (int s = 0; s < MAP_NT; s++) {
        if (!t->tensor[s] || !(t->lv[j].allow & (1u << s))) continue;
        char *dst = (l->keep & (1u << s)) ? keep : byp;
        if (dst[0]) map_cat(dst, 256, ", ");
        map_cat(dst, 256, t->tensor[s]->name);
      }
      fprintf(f, "%s- {target: %s, type: bypass, keep: [%s], bypass: [%s]}\n", indent,
              t->lv[j].name, keep, byp);
    }
  }
}

void map_mapping_level_text(const map_target *t, const map_mapping *m, int j, char *buf,
                            size_t cap) {
  const map_level *l = &m->lv[j];
  snprintf(buf, cap, "%s: t[", t->lv[j].name);
  bool first = true;
  for (int i = t->nranks - 1; i >= 0; i--) { /* outer to inner, like a loop nest */
    int r = l->perm[i];
    if (l->t[r] == 1) continue;
    char one[80];
    snprintf(one, sizeof one, "%s%s%llu", first ? "" : " ", t->es->rank_name[r],
             (unsigned long long)l->t[r]);
    map_cat(buf, cap, one);
    first = false;
  }
  map_cat(buf, cap, "]");
  first = true;
  for (int r = 0; r < t->nranks; r++) {
    char one[96];
    one[0] = 0;
    if (l->sx[r] > 1) snprintf(one, sizeof one, "%s%s%llux", first ? " s[" : " ",
                               t->es->rank_name[r], (unsigned long long)l->sx[r]);
    if (one[0]) { map_cat(buf, cap, one); first = false; }
    one[0] = 0;
    if (l->sy[r] > 1) snprintf(one, sizeof one, "%s%s%lluy", first ? " s[" : " ",
                               t->es->rank_name[r], (unsigned long long)l->sy[r]);
    if (one[0]) { map_cat(buf, cap, one); first = false; }
  }
  if (!first) map_cat(buf, cap, "]");
  if (j > 0) {
    map_cat(buf, cap, " keep[");
    bool f2 = true;
    for (int s = 0; s < MAP_NT; s++)
      if (t->tensor[s] && (l->keep & (1u << s))) {
        if (!f2) map_cat(buf, cap, " ");
        map_cat(buf, cap, t->tensor[s]->name);
        f2 = false;
      }
    map_cat(buf, cap, "]");
  }
}
