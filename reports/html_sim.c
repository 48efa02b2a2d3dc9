/* html_sim — the simulator's per-engine chart and cycle table of the run page, drawn only when ops
 * carry a `sim` object; see html_run.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/html_page.h"
#include "reports/html_run.h"
#include "reports/svg.h"

/* The engines of a `sim` object: a map name -> {busy, stalled_on_input, ...: cycles} (what
 * reports/sim_report.c writes) or a list of {name, ...}. */
static const com_ynode *engines(const com_ynode *sim) {
  const com_ynode *e = com_yget(sim, "engines");
  return e && (e->kind == COM_Y_SEQ || e->kind == COM_Y_MAP) ? e : NULL;
}

bool rep_doc_number(const com_ynode *v, double *out) {
  char *end;
  if (!v || v->kind != COM_Y_SCALAR || v->quoted || v->null) return false;
  *out = strtod(v->text, &end);
  return end != v->text && *end == 0;
}

void rep_html_sim(FILE *f, const rep_run_doc *d) {
  enum { SMAX = 16, CMAX = 256 };
  const char *series[SMAX], *cats[CMAX];
  char names[CMAX][96];
  double *v = calloc(CMAX * SMAX, sizeof *v), *packed = calloc(CMAX * SMAX, sizeof *packed);
  int ns = 0, nc = 0, left = 0;
  if (!v || !packed) goto done;
  for (int i = 0; i < d->nops; i++) {
    const com_ynode *en = d->ops[i].sim ? engines(d->ops[i].sim) : NULL;
    for (size_t k = 0; en && k < en->len; k++) {
      if (nc == CMAX) { /* the chart has room for CMAX bars */
        left++;
        continue;
      }
      const com_ynode *eng = en->items[k], *nm = en->kind == COM_Y_MAP ? en->keys[k] : com_yget(eng, "name");
      if (eng->kind != COM_Y_MAP || !nm || !nm->text) continue;
      snprintf(names[nc], sizeof names[nc], "%s/%s", d->ops[i].name, nm->text);
      cats[nc] = names[nc];
      for (size_t j = 0; j < eng->len; j++) {
        double x;
        if (!rep_doc_number(eng->items[j], &x)) continue;
        int s = 0;
        while (s < ns && strcmp(series[s], eng->keys[j]->text) != 0) s++;
        if (s == ns && ns < SMAX) series[ns++] = eng->keys[j]->text;
        if (s < ns) v[nc * SMAX + s] = x;
        else left++;
      }
      nc++;
    }
  }
  if (nc == 0 || ns == 0) goto done; /* not simulated: no chart at all */
  for (int c = 0; c < nc; c++)
    for (int s = 0; s < ns; s++) packed[c * ns + s] = v[c * SMAX + s];
  fputs("<h2>Simulated engines</h2>\n<p>Per op and engine of the cycle simulator, its cycle counters (busy, "
        "stalled, idle) as the run document reports them (`sim.engines`, docs/report-fields.md).</p>\n", f);
  if (left)
    fprintf(f, "<p class=\"note\">%d engines or counters are not drawn (the chart has room for %d op/engine bars "
               "of %d counters).</p>\n", left, CMAX, SMAX);
  rep_bars b = {"sim-engines", "Simulator engine cycles", "op/engine", "cycles", nc, ns, cats, series, packed};
  rep_svg_bars(f, &b);
  rep_html_sim_timeline(f, d);
  fputs("<table id=\"sim-engines-table\"><tr><th>op/engine</th>", f);
  for (int s = 0; s < ns; s++) {
    fputs("<th>", f);
    rep_esc(f, series[s]);
    fputs("</th>", f);
  }
  fputs("</tr>\n", f);
  for (int c = 0; c < nc; c++) {
    fputs("<tr>", f);
    rep_html_text(f, cats[c]);
    for (int s = 0; s < ns; s++) rep_html_num(f, series[s], packed[c * ns + s]);
    fputs("</tr>\n", f);
  }
  fputs("</table>\n<table id=\"sim-cycles\"><tr><th>op</th><th>simulated (cycles)</th><th>analytical (cycles)</th>"
        "</tr>\n", f);
  for (int i = 0; i < d->nops; i++) {
    const com_ynode *sc = d->ops[i].sim ? com_yget(d->ops[i].sim, "cycles") : NULL;
    const com_ynode *ac = d->ops[i].sim ? com_yget(d->ops[i].sim, "analytical_cycles") : NULL;
    double x = NAN, y = NAN;
    if (!sc || !rep_doc_number(sc, &x)) continue;
    if (!ac || !rep_doc_number(ac, &y)) y = NAN;
    fputs("<tr>", f);
    rep_html_text(f, d->ops[i].name);
    rep_html_num(f, "sim_cycles", x);
    rep_html_num(f, "analytical_cycles", y);
    fputs("</tr>\n", f);
  }
  fputs("</table>\n", f);
done:
  free(v);
  free(packed);
}
