/*
 * spec — reading a sweep file (docs/sweeps.md) into a swp_spec: workloads and base arch
 * documents, parameters and their groups, constraints, the file's hash; and decoding a point
 * number into parameter values (swp_point_values). Loading is not thread-safe; a loaded spec is
 * read-only and shared by the worker threads.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "mapper/run.h"
#include "ops/workload.h"
#include "sweep/sweep.h"

static int hash_file(const char *path, char out[17], com_err *e) {
  FILE *f = fopen(path, "rb");
  if (!f) return com_err_at(e, (com_loc){path, 0, 0}, "cannot open sweep file");
  uint64_t h = 1469598103934665603ull;
  int c;
  while ((c = getc(f)) != EOF) h = (h ^ (uint64_t)(unsigned char)c) * 1099511628211ull;
  fclose(f);
  snprintf(out, 17, "%016llx", (unsigned long long)h);
  return 0;
}

/* Whole numbers below 9e15 in full; larger ones in %.17g, which fits SWP_VAL_MAX and reads back
 * exactly (%.0f of 1e300 would be cut to its first 63 digits: a silently wrong value). */
static void fmt_num(double v, bool integer, char *out) {
  if ((integer || v == floor(v)) && fabs(v) < 9e15) snprintf(out, SWP_VAL_MAX, "%.0f", v);
  else snprintf(out, SWP_VAL_MAX, integer ? "%.17g" : "%.10g", v);
}

static const char *const scales[] = {"linear", "log", NULL};

/* A bound of a range: a number, or a byte size such as "64 KiB" (then a whole number of bytes). */
static int bound(const com_ynode *n, const char *what, double *out, com_err *e) {
  com_err scratch = {0};
  uint64_t bytes;
  if (com_yf64(n, what, -1e300, 1e300, out, &scratch) == 0) return 0;
  if (n->kind == COM_Y_SCALAR && !n->quoted && com_ybytes(n, what, 0, &bytes, &scratch) == 0) {
    *out = (double)bytes;
    return 0;
  }
  return com_err_at(e, n->loc, "'%s' must be a number or a byte size such as 64 KiB, got '%s'", what,
                    n->kind == COM_Y_SCALAR && n->text ? n->text : com_ykind_name(n));
}

/* values: [...] or range: {from, to, count, scale, integer} or random: {min, max, scale, integer}. */
static int load_values(swp_spec *s, swp_param *p, const com_ynode *n, com_err *e) {
  const com_ynode *v = com_yget(n, "values"), *r = com_yget(n, "range"), *rnd = com_yget(n, "random");
  if (!!v + !!r + !!rnd != 1)
    return com_err_at(e, n->loc, "parameter '%s' needs exactly one of values, range or random", p->name);
  p->numeric = true;
  if (v) {
    if (com_yexpect(v, COM_Y_SEQ, "values", e)) return -1;
    if (v->len == 0) return com_err_at(e, v->loc, "parameter '%s' has no values", p->name);
    p->nvalues = v->len;
    if (!(p->values = com_arena_alloc(&s->arena, v->len * SWP_VAL_MAX))) return com_err_oom(e);
    for (size_t i = 0; i < v->len; i++) {
      const char *t;
      if (com_yexpect(v->items[i], COM_Y_SCALAR, "a value", e) || com_ystr(v->items[i], "a value", &t, e)) return -1;
      if (strlen(t) >= SWP_VAL_MAX) return com_err_at(e, v->items[i]->loc, "value is too long");
      strcpy(p->values[i], t);
      char *end;
      strtod(t, &end);
      if (*end || v->items[i]->quoted) p->numeric = false;
    }
    return 0;
  }
  const com_ynode *g = r ? r : rnd;
  static const char *const rkeys[] = {"from", "to", "count", "scale", "integer", NULL};
  static const char *const qkeys[] = {"min", "max", "scale", "integer", NULL};
  if (com_yexpect(g, COM_Y_MAP, r ? "range" : "random", e) ||
      com_ycheck_keys(g, r ? "range" : "random", r ? rkeys : qkeys, e))
    return -1;
  const com_ynode *a, *b, *c = NULL, *sc = com_yget(g, "scale"), *in = com_yget(g, "integer");
  int scale = 0;
  uint64_t count = 1;
  double lo, hi;
  if (com_yrequire(g, r ? "from" : "min", r ? "range" : "random", &a, e) ||
      com_yrequire(g, r ? "to" : "max", r ? "range" : "random", &b, e) ||
      bound(a, r ? "from" : "min", &lo, e) || bound(b, r ? "to" : "max", &hi, e) ||
      (r && (com_yrequire(g, "count", "range", &c, e) || com_yu64(c, "count", 1, 1000000, &count, e))) ||
      (sc && com_yenum(sc, "scale", scales, &scale, e)) || (in && com_ybool(in, "integer", &p->integer, e)))
    return -1;
  p->log = scale == 1;
  if (p->log && !(lo > 0 && hi > 0))
    return com_err_at(e, g->loc, "a log scale needs positive bounds (got %g and %g)", lo, hi);
  if (rnd) {
    if (!(hi >= lo)) return com_err_at(e, g->loc, "random: max (%g) is below min (%g)", hi, lo);
    p->kind = SWP_P_RANDOM;
    p->lo = lo;
    p->hi = hi;
    return 0;
  }
  /* s->total holds the product of the groups before this one: refuse before allocating, so
   * many large ranges cannot take gigabytes on the way to the 2^40 error. */
  if (count > SWP_MAX_POINTS / s->total) return com_err_at(e, c->loc, "the sweep has more than 2^40 points");
  p->nvalues = count;
  if (!(p->values = com_arena_alloc(&s->arena, count * SWP_VAL_MAX))) return com_err_oom(e);
  for (uint64_t i = 0; i < count; i++) {
    double t = count > 1 ? (double)i / (double)(count - 1) : 0;
    double x = p->log ? exp(log(lo) + t * (log(hi) - log(lo))) : lo + t * (hi - lo);
    if (p->integer) x = round(x);
    fmt_num(x, p->integer, p->values[i]);
  }
  return 0;
}

static int load_param(swp_spec *s, const com_ynode *n, int group, com_err *e) {
  static const char *const keys[] = {"name", "path", "values", "range", "random", NULL};
  if (s->nparams == SWP_MAX_PARAMS) return com_err_at(e, n->loc, "more than %d parameters", SWP_MAX_PARAMS);
  swp_param *p = &s->params[s->nparams];
  const com_ynode *nm, *pa;
  const char *name;
  if (com_yexpect(n, COM_Y_MAP, "a parameter", e) || com_ycheck_keys(n, "parameter", keys, e) ||
      com_yrequire(n, "path", "parameter", &pa, e) || com_ystr(pa, "path", &p->path, e))
    return -1;
  nm = com_yget(n, "name");
  if (nm && com_ystr(nm, "name", &name, e)) return -1;
  if (!nm) { /* default name: the last key of the path */
    name = strrchr(p->path, '.');
    name = name ? name + 1 : p->path;
  }
  for (const char *c = name; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
      return com_err_at(e, (nm ? nm : pa)->loc, "parameter name '%s' may only have letters, digits and _ (give name:)", name);
  if (strlen(name) >= sizeof p->name || !*name) return com_err_at(e, n->loc, "parameter name is empty or too long");
  for (int i = 0; i < s->nparams; i++)
    if (strcmp(s->params[i].name, name) == 0)
      return com_err_at(e, n->loc, "parameter name '%s' is used twice", name);
  strcpy(p->name, name);
  p->loc = pa->loc;
  p->in_arch = strncmp(p->path, "arch.", 5) == 0;
  p->group = group;
  if (load_values(s, p, n, e)) return -1;
  for (int w = 0; w < s->nworkloads; w++) {
    const swp_workload *wl = &s->workloads[w];
    if (swp_path_check(p->in_arch ? wl->aroot : wl->wdoc->root, p->path, p->in_arch ? 5 : 0, p->loc, e))
      return -1;
  }
  s->nparams++;
  return 0;
}

static int load_workload(swp_spec *s, const char *sweep_path, const com_ynode *wn, const char *arch, com_err *e) {
  if (s->nworkloads == SWP_MAX_WORKLOADS) return com_err_at(e, wn->loc, "more than %d workloads", SWP_MAX_WORKLOADS);
  swp_workload *w = &s->workloads[s->nworkloads];
  char buf[4096];
  const char *rel;
  if (com_ystr(wn, "workload", &rel, e)) return -1;
  if (com_path_relative_to(sweep_path, rel, buf, sizeof buf)) return com_err_at(e, wn->loc, "path too long");
  if (!(w->path = com_arena_strdup(&s->arena, buf))) return com_err_oom(e);
  s->nworkloads++;
  if (com_ydoc_load_file(w->path, "base", &w->wdoc, e)) return -1;
  if (arch) {
    if (com_ydoc_load_file(arch, "base", &w->adoc, e)) return -1;
    w->aroot = w->adoc->root;
    return 0;
  }
  const com_ynode *an = com_yget(w->wdoc->root, "arch");
  if (!an) return com_err_at(e, wn->loc, "workload '%s' names no arch; give arch: in the sweep file", rel);
  if (an->kind == COM_Y_MAP) { w->aroot = an; return 0; }
  if (com_ystr(an, "arch", &rel, e)) return -1;
  if (com_path_relative_to(w->path, rel, buf, sizeof buf)) return com_err_at(e, an->loc, "path too long");
  if (com_ydoc_load_file(buf, "base", &w->adoc, e)) return -1;
  w->aroot = w->adoc->root;
  return 0;
}

/* mapping: FILE — fixed mappings (accel-sim eval's format) checked against every workload. */
static int load_mapping(swp_spec *s, const char *path, const com_ynode *n, com_err *e) {
  const char *rel;
  char buf[4096];
  if (com_ystr(n, "mapping", &rel, e)) return -1;
  if (com_path_relative_to(path, rel, buf, sizeof buf)) return com_err_at(e, n->loc, "path too long");
  if (com_ydoc_load_file(buf, NULL, &s->mdoc, e)) return -1;
  for (int i = 0; i < s->nworkloads; i++) {
    ops_workload *w = NULL;
    int rc = ops_workload_load(s->workloads[i].path, false, &w, e) ||
             map_run_fixed_check(s->mdoc->root, w->ops, w->nops, e);
    ops_workload_free(w);
    if (rc) return -1;
  }
  return 0;
}

/* Multiplies the point count by a new group's length; at most 2^40 points. */
static int grow_total(swp_spec *s, uint64_t len, com_loc loc, com_err *e) {
  if (len > SWP_MAX_POINTS / s->total) return com_err_at(e, loc, "the sweep has more than 2^40 points");
  s->total *= len;
  return 0;
}

static int load_body(swp_spec *s, const char *path, com_err *e) {
  static const char *const keys[] = {"version", "name", "workload", "workloads", "arch", "params",
                                     "samples", "seed", "constraints", "mapping", NULL};
  const com_ynode *r = s->doc->root, *n, *params;
  uint64_t version;
  if (com_yexpect(r, COM_Y_MAP, "a sweep file", e) || com_ycheck_keys(r, "sweep file", keys, e) ||
      com_yrequire(r, "version", "sweep file", &n, e) || com_yu64(n, "version", 1, 1, &version, e) ||
      com_yrequire(r, "name", "sweep file", &n, e) || com_ystr(n, "name", &s->name, e))
    return -1;
  char archbuf[4096];
  const char *arch = NULL;
  if ((n = com_yget(r, "arch"))) {
    if (com_ystr(n, "arch", &arch, e)) return -1;
    if (com_path_relative_to(path, arch, archbuf, sizeof archbuf)) return com_err_at(e, n->loc, "path too long");
    arch = archbuf;
  }
  const com_ynode *w1 = com_yget(r, "workload"), *wl = com_yget(r, "workloads");
  if (!!w1 == !!wl) return com_err_at(e, r->loc, "a sweep file needs exactly one of workload: PATH or workloads: [PATHS]");
  if (w1 && load_workload(s, path, w1, arch, e)) return -1;
  if (wl && com_yexpect(wl, COM_Y_SEQ, "workloads", e)) return -1;
  for (size_t i = 0; wl && i < wl->len; i++)
    if (load_workload(s, path, wl->items[i], arch, e)) return -1;
  if (s->nworkloads == 0) return com_err_at(e, wl->loc, "workloads is empty");
  if ((n = com_yget(r, "mapping")) && load_mapping(s, path, n, e)) return -1;
  s->seed = 1;
  if ((n = com_yget(r, "seed")) && com_yu64(n, "seed", 0, UINT64_MAX, &s->seed, e)) return -1;
  uint64_t samples = 0;
  const com_ynode *sn = com_yget(r, "samples");
  if (sn && com_yu64(sn, "samples", 1, 100000000, &samples, e)) return -1;
  if (com_yrequire(r, "params", "sweep file", &params, e) || com_yexpect(params, COM_Y_SEQ, "params", e)) return -1;
  if (params->len == 0) return com_err_at(e, params->loc, "params is empty: a sweep needs at least one parameter");
  int random_group = -1;
  s->total = 1;
  for (size_t i = 0; i < params->len; i++) {
    const com_ynode *pn = params->items[i], *z = pn->kind == COM_Y_MAP ? com_yget(pn, "zip") : NULL;
    swp_group *g = &s->groups[s->ngroups];
    g->first = s->nparams;
    if (z) {
      if (pn->len != 1) return com_err_at(e, pn->loc, "a zip entry has only the key zip");
      if (com_yexpect(z, COM_Y_SEQ, "zip", e)) return -1;
      if (z->len == 0) return com_err_at(e, z->loc, "zip is empty");
      for (size_t k = 0; k < z->len; k++) {
        if (load_param(s, z->items[k], s->ngroups, e)) return -1;
        swp_param *p = &s->params[s->nparams - 1];
        if (p->kind == SWP_P_RANDOM) return com_err_at(e, p->loc, "random parameters cannot be zipped (they are sampled together already)");
        if (k > 0 && p->nvalues != g->len)
          return com_err_at(e, z->items[k]->loc, "zip: '%s' has %llu values, the first has %llu", p->name,
                            (unsigned long long)p->nvalues, (unsigned long long)g->len);
        g->len = p->nvalues;
      }
      g->nparams = (int)z->len;
      s->ngroups++;
      if (grow_total(s, g->len, params->loc, e)) return -1;
      continue;
    }
    if (load_param(s, pn, s->ngroups, e)) return -1;
    swp_param *p = &s->params[s->nparams - 1];
    if (p->kind == SWP_P_RANDOM) {
      if (!sn) return com_err_at(e, p->loc, "random parameter '%s' needs samples: N at the top of the sweep file", p->name);
      if (random_group >= 0) { /* all random parameters share one group of `samples` draws */
        p->group = random_group;
        s->groups[random_group].nparams++;
        if (s->groups[random_group].first + s->groups[random_group].nparams - 1 != s->nparams - 1)
          return com_err_at(e, p->loc, "list random parameters next to each other");
        continue;
      }
      random_group = s->ngroups;
      g->len = samples;
    } else {
      g->len = p->nvalues;
    }
    g->nparams = 1;
    s->ngroups++;
    if (grow_total(s, g->len, params->loc, e)) return -1;
  }
  if (sn && random_group < 0) return com_err_at(e, sn->loc, "samples is given but no parameter is random");
  if ((n = com_yget(r, "constraints"))) {
    if (com_yexpect(n, COM_Y_SEQ, "constraints", e)) return -1;
    if (n->len > 16) return com_err_at(e, n->loc, "more than 16 constraints");
    for (size_t i = 0; i < n->len; i++) {
      const char *t;
      if (com_ystr(n->items[i], "a constraint", &t, e) ||
          swp_expr_parse(s, t, n->items[i]->loc, &s->constraints[s->nconstraints], e))
        return -1;
      s->nconstraints++;
    }
  }
  return 0;
}

/* A sweep whose constraints prune every point is a mistake; checked when counting is cheap. */
static int check_nonempty(const swp_spec *s, com_err *e) {
  if (s->nconstraints == 0 || s->total > 1000000) return 0;
  swp_val vals[SWP_MAX_PARAMS];
  for (uint64_t p = 0; p < s->total; p++)
    if (swp_point_values(s, p, vals)) return 0;
  const com_ynode *c = com_yget(s->doc->root, "constraints");
  return com_err_at(e, c->loc, "the constraints prune all %llu points: the sweep has nothing to evaluate",
                    (unsigned long long)s->total);
}

int swp_spec_load(const char *path, swp_spec **out, com_err *e) {
  swp_spec *s = calloc(1, sizeof *s);
  if (!s) return com_err_oom(e);
  if (hash_file(path, s->hash, e) || com_ydoc_load_file(path, NULL, &s->doc, e) || load_body(s, s->doc->file, e) ||
      check_nonempty(s, e)) {
    swp_spec_free(s);
    return -1;
  }
  *out = s;
  return 0;
}

void swp_spec_free(swp_spec *s) {
  if (!s) return;
  for (int i = 0; i < s->nworkloads; i++) {
    com_ydoc_free(s->workloads[i].wdoc);
    com_ydoc_free(s->workloads[i].adoc);
  }
  for (int i = 0; i < s->nconstraints; i++) swp_expr_free(s->constraints[i]);
  com_ydoc_free(s->doc);
  com_ydoc_free(s->mdoc);
  com_arena_free(&s->arena);
  free(s);
}

static uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

bool swp_point_values(const swp_spec *s, uint64_t p, swp_val *vals) {
  uint64_t rest = p;
  for (int g = s->ngroups - 1; g >= 0; g--) { /* last group varies fastest */
    const swp_group *gr = &s->groups[g];
    uint64_t k = rest % gr->len;
    rest /= gr->len;
    for (int i = gr->first; i < gr->first + gr->nparams; i++) {
      const swp_param *pa = &s->params[i];
      swp_val *v = &vals[i];
      if (pa->kind == SWP_P_RANDOM) {
        double u = (double)(mix(s->seed ^ mix(k * 64 + (uint64_t)i)) >> 11) * 0x1p-53;
        double x = pa->log ? exp(log(pa->lo) + u * (log(pa->hi) - log(pa->lo))) : pa->lo + u * (pa->hi - pa->lo);
        if (pa->integer) x = round(x);
        fmt_num(x, pa->integer, v->text);
        v->num = x;
        v->numeric = true;
      } else {
        strcpy(v->text, pa->values[k]);
        char *end;
        v->num = strtod(v->text, &end);
        v->numeric = pa->numeric;
      }
    }
  }
  for (int c = 0; c < s->nconstraints; c++)
    if (!(swp_expr_eval(s->constraints[c], vals) != 0)) return false;
  return true;
}
