/* html_run_doc — reads an `accel-sim run --json` document back for the reports; see html_run.h. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "reports/html_run.h"
#include "reports/run_report.h"

/* A number field that must be there (null only where allow_null: then NaN). */
static int num(const com_ynode *map, const char *key, const char *what, bool allow_null, double *out, com_err *e) {
  const com_ynode *n;
  if (com_yrequire(map, key, what, &n, e)) return -1;
  if (allow_null && n->kind == COM_Y_SCALAR && n->null) {
    *out = NAN;
    return 0;
  }
  return com_yf64(n, key, -DBL_MAX, DBL_MAX, out, e);
}

static int str(const com_ynode *map, const char *key, const char *what, const char **out, com_err *e) {
  const com_ynode *n;
  if (com_yrequire(map, key, what, &n, e)) return -1;
  if (n->kind == COM_Y_SCALAR && n->text && !n->null) { /* names may be "" or look like numbers */
    *out = n->text;
    return 0;
  }
  return com_ystr(n, key, out, e);
}

static int list(const com_ynode *map, const char *key, const char *what, const com_ynode **out, com_err *e) {
  return com_yrequire(map, key, what, out, e) || com_yexpect(*out, COM_Y_SEQ, key, e);
}

static int load_levels(com_arena *ar, const com_ynode *op, rep_doc_op *o, com_err *e) {
  const com_ynode *lv;
  if (list(op, "levels", "an op", &lv, e)) return -1;
  o->nlevels = (int)lv->len;
  if (lv->len && !(o->levels = com_arena_alloc(ar, lv->len * sizeof *o->levels))) return com_err_oom(e);
  for (size_t k = 0; k < lv->len; k++) {
    const com_ynode *l = lv->items[k];
    rep_doc_level *x = &o->levels[k];
    x->split = true;
    if (com_yexpect(l, COM_Y_MAP, "a level", e) || str(l, "name", "a level", &x->name, e) ||
        num(l, "energy_pj", "a level", false, &x->energy_pj, e) ||
        num(l, "read_energy_pj", "a level", false, &x->read_pj, e) ||
        num(l, "write_energy_pj", "a level", false, &x->write_pj, e) || num(l, "bytes", "a level", false, &x->bytes, e))
      return -1;
  }
  return 0;
}

/* A fused schedule reports its energy per storage class, not per level and action, and leaves
 * the op's levels empty: its three classes become the op's levels (not split by action). */
static int load_fused(com_arena *ar, const com_ynode *op, rep_doc_op *o, com_err *e) {
  static const char *const names[] = {"DRAM (fused)", "global buffer (fused)", "register files (fused)"};
  static const char *const keys[] = {"dram_energy_pj", "buffer_energy_pj", "regfile_energy_pj"};
  const com_ynode *fu;
  if (com_yrequire(op, "fuse", "a fused op", &fu, e) || com_yexpect(fu, COM_Y_MAP, "fuse", e) ||
      num(fu, "compute_cycles", "fuse", false, &o->compute_cycles, e) ||
      num(fu, "compute_energy_pj", "fuse", false, &o->compute_energy_pj, e))
    return -1;
  if (!(o->levels = com_arena_alloc(ar, 3 * sizeof *o->levels))) return com_err_oom(e);
  o->nlevels = 3;
  for (int k = 0; k < 3; k++) {
    o->levels[k] = (rep_doc_level){names[k], 0, NAN, NAN, NAN, false};
    if (num(fu, keys[k], "fuse", false, &o->levels[k].energy_pj, e)) return -1;
  }
  return 0;
}

/* The cycle split, einsum by einsum (unfused ops). */
static int load_cycles(const com_ynode *op, rep_doc_op *o, com_err *e) {
  const com_ynode *m;
  if (list(op, "mapping", "an op", &m, e)) return -1;
  for (size_t k = 0; k < m->len; k++) {
    double c, fd;
    if (com_yexpect(m->items[k], COM_Y_MAP, "an einsum", e) ||
        num(m->items[k], "compute_cycles", "an einsum", false, &c, e) ||
        num(m->items[k], "fill_drain_cycles", "an einsum", false, &fd, e))
      return -1;
    o->compute_cycles += c;
    o->fill_drain_cycles += fd;
  }
  return 0;
}

static int load_op(com_arena *ar, const com_ynode *op, rep_doc_op *o, com_err *e) {
  const com_ynode *fused;
  if (com_yexpect(op, COM_Y_MAP, "an op", e) || str(op, "name", "an op", &o->name, e) ||
      str(op, "kind", "an op", &o->kind, e) || num(op, "cycles", "an op", false, &o->cycles, e) ||
      num(op, "latency_s", "an op", false, &o->latency_s, e) || num(op, "energy_pj", "an op", false, &o->energy_pj, e) ||
      num(op, "macs", "an op", false, &o->macs, e) || num(op, "dram_bytes", "an op", false, &o->dram_bytes, e) ||
      num(op, "utilization", "an op", false, &o->utilization, e) ||
      num(op, "compute_energy_pj", "an op", false, &o->compute_energy_pj, e) ||
      com_yrequire(op, "fused", "an op", &fused, e) || com_ybool(fused, "fused", &o->fused, e) ||
      (o->fused ? load_fused(ar, op, o, e) : load_levels(ar, op, o, e) || load_cycles(op, o, e)))
    return -1;
  o->sim = com_yget(op, "sim");
  if (o->sim && o->sim->kind != COM_Y_MAP) o->sim = NULL; /* null: not simulated */
  return 0;
}

int rep_run_doc_load(const char *name, const void *buf, size_t len, rep_run_doc *d, com_err *e) {
  memset(d, 0, sizeof *d);
  if (buf ? com_ydoc_load_buffer(name, buf, len, &d->doc, e) : com_ydoc_load_file(name, NULL, &d->doc, e)) return -1;
  const com_ynode *r = d->doc->root, *v, *t, *ops;
  if (!r || r->kind != COM_Y_MAP || !(v = com_yget(r, "version")) || !com_yget(r, "ops"))
    return com_err_at(e, r ? r->loc : (com_loc){name, 0, 0},
                      "not an accel-sim run document (expected the JSON of `accel-sim run --json`, "
                      "an object with 'version' and 'ops')");
  double ver;
  if (com_yf64(v, "version", 0, DBL_MAX, &ver, e)) return -1;
  if (ver != REP_RUN_VERSION)
    return com_err_at(e, v->loc, "run document version %s is not supported (this accel-sim reads version %d)",
                      v->text, REP_RUN_VERSION);
  if (str(r, "workload", "the run document", &d->workload, e) ||
      str(r, "workload_file", "the run document", &d->workload_file, e) ||
      str(r, "arch", "the run document", &d->arch, e) || str(r, "arch_file", "the run document", &d->arch_file, e) ||
      str(r, "engine", "the run document", &d->engine, e) || com_yrequire(r, "total", "the run document", &t, e) ||
      com_yexpect(t, COM_Y_MAP, "total", e) || num(t, "cycles", "total", false, &d->cycles, e) ||
      num(t, "latency_s", "total", false, &d->latency_s, e) || num(t, "energy_pj", "total", false, &d->energy_pj, e) ||
      num(t, "area_um2", "total", true, &d->area_um2, e) || num(t, "macs", "total", false, &d->macs, e) ||
      num(t, "dram_bytes", "total", false, &d->dram_bytes, e) || list(r, "ops", "the run document", &ops, e))
    return -1;
  d->nops = (int)ops->len;
  if (ops->len && !(d->ops = com_arena_alloc(&d->doc->arena, ops->len * sizeof *d->ops))) return com_err_oom(e);
  for (size_t i = 0; i < ops->len; i++)
    if (load_op(&d->doc->arena, ops->items[i], &d->ops[i], e)) return -1;
  return 0;
}

void rep_run_doc_free(rep_run_doc *d) {
  com_ydoc_free(d->doc);
  memset(d, 0, sizeof *d);
}

arch_spec *rep_run_doc_arch(const rep_run_doc *d, char *note, size_t cap) {
  arch_spec *a = NULL;
  com_err e = {0};
  if (strcmp(d->arch_file, d->workload_file) != 0) {
    if (arch_load_file(d->arch_file, &a, &e)) a = NULL;
  } else { /* inline: the `arch:` mapping of the workload file */
    com_ydoc *w = NULL;
    const com_ynode *n = NULL;
    if (com_ydoc_load_file(d->workload_file, "base", &w, &e) == 0 &&
        com_yrequire(w->root, "arch", d->workload_file, &n, &e) == 0 && arch_load_node(n, &a, &e) != 0)
      a = NULL;
    com_ydoc_free(w);
  }
  if (!a) {
    snprintf(note, cap, "%s", e.msg);
  } else if (strcmp(a->name, d->arch) != 0) {
    snprintf(note, cap, "%s now holds the architecture '%s', not the run's '%s'.", d->arch_file, a->name, d->arch);
    arch_free(a);
    a = NULL;
  }
  return a;
}

int rep_html_run_from_json(const char *json_path, FILE *out, com_err *e) {
  rep_run_doc d;
  if (rep_run_doc_load(json_path, NULL, 0, &d, e)) {
    rep_run_doc_free(&d);
    return -1;
  }
  char note[COM_ERR_MAX + 128] = "";
  arch_spec *a = rep_run_doc_arch(&d, note, sizeof note);
  rep_html_run(out, &d, a, note);
  arch_free(a);
  rep_run_doc_free(&d);
  return 0;
}
