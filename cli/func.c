/*
 * func — the functional mode behind run, eval and sim (see func.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/func.h"

int cli_func_run(const com_ynode *data, const map_op_run *runs, int nops, cli_func *f, com_err *e) {
  memset(f, 0, sizeof *f);
  sim_func_opts o = sim_func_opts_default();
  if (data && sim_func_opts_yaml(data, &o, e)) return -1;
  for (int i = 0; i < nops; i++) f->n += runs[i].n;
  size_t n = f->n ? (size_t)f->n : 1;
  f->res = calloc(n, sizeof *f->res);
  f->ran = calloc(n, sizeof *f->ran);
  f->why = calloc(n, sizeof *f->why);
  const ops_einsum **es = calloc(n, sizeof *es);
  if (!f->res || !f->ran || !f->why || !es) {
    free(es);
    return com_err_oom(e);
  }
  for (int i = 0, idx = 0; i < nops; i++)
    for (int k = 0; k < runs[i].n; k++) es[idx++] = runs[i].es[k].t.es;
  const char *stray = sim_func_opts_unused(&o, es, f->n);
  free(es);
  if (stray)
    return com_err_at(e, data->loc, "simulate.data names tensor '%s', which is no input of any einsum", stray);
  for (int i = 0, idx = 0; i < nops; i++)
    for (int k = 0; k < runs[i].n; k++, idx++) {
      const map_einsum_run *er = &runs[i].es[k];
      if (runs[i].fused) {
        com_err_plain(&f->why[idx], COM_EINPUT, "a fused schedule has no per-einsum mapping to execute");
        continue;
      }
      if (sim_func_supported(&er->t, &o, &f->why[idx])) continue;
      if (sim_func_run(&er->t, &er->m, &o, &f->res[idx], e)) return -1;
      f->ran[idx] = true;
      f->failed += !f->res[idx].ok;
    }
  return 0;
}

void cli_func_free(cli_func *f) {
  for (int i = 0; f->ran && i < f->n; i++)
    if (f->ran[i]) sim_func_result_free(&f->res[i]);
  free(f->res);
  free(f->ran);
  free(f->why);
  memset(f, 0, sizeof *f);
}

/* The reason without its "file:line:col: error: " prefix (it names the einsum already). */
static const char *why_text(const com_err *w) {
  const char *p = strstr(w->msg, "error: ");
  return p ? p + 7 : w->msg;
}

void cli_func_text(FILE *out, int i, const char *name, void *ctx) {
  const cli_func *f = ctx;
  if (f->ran[i]) sim_func_print(out, "    ", name, &f->res[i]);
  else fprintf(out, "    functional %s: not run: %s\n", name, why_text(&f->why[i]));
}

void cli_func_json(com_json *j, int i, void *ctx) {
  const cli_func *f = ctx;
  if (f->ran[i]) {
    sim_func_json(j, "functional", &f->res[i]);
    return;
  }
  com_json_obj_begin(j, "functional");
  com_json_bool(j, "run", false);
  com_json_str(j, "reason", why_text(&f->why[i]));
  com_json_obj_end(j);
}
