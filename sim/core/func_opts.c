/* func_opts — the functional mode's options from a workload's `simulate: {data: ...}` node and
 * its result as text and JSON (func.h). */
#include <string.h>

#include "common/text.h"
#include "sim/core/func.h"

int sim_func_opts_yaml(const com_ynode *data, sim_func_opts *o, com_err *e) {
  if (com_yexpect(data, COM_Y_MAP, "simulate.data", e)) return -1;
  for (size_t i = 0; i < data->len; i++) {
    const char *k = data->keys[i]->text, *s;
    const com_ynode *v = data->items[i];
    int idx;
    if (!strcmp(k, "seed")) {
      if (com_yu64(v, "simulate.data.seed", 0, UINT64_MAX, &o->seed, e)) return -1;
    } else if (!strcmp(k, "dist")) {
      static const char *const dists[] = {"normal", "uniform", NULL};
      if (com_yenum(v, "simulate.data.dist", dists, &idx, e)) return -1;
      o->dist = (sim_func_dist)idx;
    } else if (!strcmp(k, "reduction")) {
      static const char *const trees[] = {"pairwise", "linear", NULL};
      if (com_yenum(v, "simulate.data.reduction", trees, &idx, e)) return -1;
      o->tree = (sim_func_tree)idx;
    } else if (!strcmp(k, "acc")) {
      com_err pe = {0};
      if (com_ystr(v, "simulate.data.acc", &s, e)) return -1;
      if (gold_acc_parse(s, &o->acc, &pe))
        return com_err_at(e, v->loc, "simulate.data.acc: %s", strncmp(pe.msg, "error: ", 7) ? pe.msg : pe.msg + 7);
      o->has_acc = true;
    } else if (!strcmp(k, "max_elems")) {
      if (com_yu64(v, "simulate.data.max_elems", 1, UINT64_MAX, &o->max_elems, e)) return -1;
    } else {
      if (com_ystr(v, "a simulate.data tensor file", &s, e)) return -1;
      if (o->nfiles == SIM_FUNC_MAX_FILES)
        return com_err_at(e, data->keys[i]->loc, "simulate.data names more than %d tensor files",
                          SIM_FUNC_MAX_FILES);
      sim_func_file *f = &o->files[o->nfiles++];
      if (com_strlcpy(f->tensor, k, sizeof f->tensor) ||
          com_path_relative_to(v->loc.file ? v->loc.file : "", s, f->path, sizeof f->path))
        return com_err_at(e, data->keys[i]->loc, "simulate.data: tensor name or path too long");
    }
  }
  return 0;
}

const char *sim_func_opts_unused(const sim_func_opts *o, const ops_einsum *const *es, int n) {
  for (int k = 0; k < o->nfiles; k++) {
    bool used = false;
    for (int i = 0; i < n && !used; i++)
      for (int s = 0; s < es[i]->ninputs && !used; s++) used = !strcmp(es[i]->in[s].name, o->files[k].tensor);
    if (!used) return o->files[k].tensor;
  }
  return NULL;
}

void sim_func_print(FILE *f, const char *indent, const char *einsum, const sim_func_result *r) {
  fprintf(f, "%sfunctional %s: %s x %s -> acc %s -> %s, order %s (%d spatial reductions), "
          "%llu elements x %llu terms\n", indent, einsum, r->in_fmt[0], r->in_fmt[1], r->acc, r->out_fmt,
          r->order, r->spatial_reductions, (unsigned long long)r->elems, (unsigned long long)r->terms);
  const gold_cmp *g = &r->vs_golden, *x = &r->vs_exact;
  fprintf(f, "%s  vs golden (%s): %s, %llu mismatches, max abs %.3g, max ulp %llu; vs exact: max abs %.3g, "
          "max rel %.3g, max ulp %llu", indent, r->order_golden ? r->order : "k-sequential",
          r->bit_identical ? "bit-identical" : "differs", (unsigned long long)g->mismatches, g->max_abs,
          (unsigned long long)g->max_ulp, x->max_abs, x->max_rel, (unsigned long long)x->max_ulp);
  if (!r->must_match) fprintf(f, "; error/bound %.3g", r->bound_ratio);
  fprintf(f, "\n%s  %s: %s%s\n", indent, r->must_match ? "bit identity required" : "within the bound required",
          r->ok ? "ok" : "FAILED", r->overflows ? " (accumulator overflows)" : "");
}

static void sf_cmp_json(com_json *j, const char *key, const gold_cmp *c) {
  com_json_obj_begin(j, key);
  com_json_u64(j, "mismatches", c->mismatches);
  com_json_f64(j, "max_abs", c->max_abs);
  com_json_f64(j, "max_rel", c->max_rel);
  com_json_u64(j, "max_ulp", c->max_ulp);
  com_json_obj_end(j);
}

void sim_func_json(com_json *j, const char *key, const sim_func_result *r) {
  com_json_obj_begin(j, key);
  com_json_str(j, "a_format", r->in_fmt[0]);
  com_json_str(j, "b_format", r->in_fmt[1]);
  com_json_str(j, "acc", r->acc);
  com_json_str(j, "out_format", r->out_fmt);
  com_json_str(j, "order", r->order);
  com_json_u64(j, "spatial_reductions", (uint64_t)r->spatial_reductions);
  com_json_u64(j, "elements", r->elems);
  com_json_u64(j, "terms", r->terms);
  com_json_bool(j, "must_match", r->must_match);
  com_json_bool(j, "bit_identical", r->bit_identical);
  sf_cmp_json(j, "vs_golden", &r->vs_golden);
  sf_cmp_json(j, "vs_exact", &r->vs_exact);
  com_json_f64(j, "bound_ratio", r->bound_ratio);
  com_json_bool(j, "within_bound", r->within_bound);
  com_json_u64(j, "overflows", r->overflows);
  com_json_bool(j, "ok", r->ok);
  com_json_obj_end(j);
}
