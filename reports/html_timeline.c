/* html_timeline — the simulator's engine timeline of the run page (see html_run.h): simulated
 * time on the x axis, one row per engine; the ops run one after the other in the simulation, so
 * each op owns the span [start, start + sim.cycles) and, inside it, each engine's row is split
 * into its busy, stalled-on-input, stalled-on-output and idle cycles of that op (in that order:
 * the split is per op, the order inside a span is not the temporal one — the `--trace` file has
 * every interval). Drawn only when ops carry a `sim` object. */
#include <math.h>
#include <string.h>

#include "reports/html_page.h"
#include "reports/html_run.h"
#include "reports/svg.h"

enum { TL_ENGINES = 8, TL_STATES = 4 };
static const char *const tl_states[TL_STATES] = {"busy", "stalled_on_input", "stalled_on_output", "idle"};

/* The number member `key` of object o, or NAN. */
static double tl_num(const com_ynode *o, const char *key) {
  double x;
  return o && rep_doc_number(com_yget(o, key), &x) ? x : NAN;
}

/* Collects the engine names of every simulated op (in first-seen order); returns the count. */
static int tl_engines(const rep_run_doc *d, const char **names) {
  int n = 0;
  for (int i = 0; i < d->nops; i++) {
    const com_ynode *en = d->ops[i].sim ? com_yget(d->ops[i].sim, "engines") : NULL;
    for (size_t k = 0; en && en->kind == COM_Y_MAP && k < en->len; k++) {
      int j = 0;
      while (j < n && strcmp(names[j], en->keys[k]->text) != 0) j++;
      if (j == n && n < TL_ENGINES) names[n++] = en->keys[k]->text;
    }
  }
  return n;
}

void rep_html_sim_timeline(FILE *f, const rep_run_doc *d) {
  const char *eng[TL_ENGINES];
  int ne = tl_engines(d, eng);
  double total = 0;
  for (int i = 0; i < d->nops; i++) {
    double c = tl_num(d->ops[i].sim, "cycles");
    if (isfinite(c) && c > 0) total += c;
  }
  if (ne == 0 || !(total > 0)) return;
  int row = 34;
  rep_plot p = {"sim-timeline", "Simulated engine timeline", 760, 104 + row * ne + 60, 110, 190, 44, 50,
                {0, total, false, "simulated time (cycles)"}, {0, ne, false, "engine"}, false, true};
  fputs("<h2>Engine timeline</h2>\n<p>Simulated time on the x axis; each op runs in its own span "
        "(the ops are simulated one after the other) and each engine's row in that span is split "
        "into its busy, stalled-on-input, stalled-on-output and idle cycles of the op. The split is "
        "per op: the order inside a span is not temporal (the simulator's <code>--trace</code> file "
        "has every interval).</p>\n", f);
  rep_plot_begin(f, &p);
  for (int k = 0; k < ne; k++)
    fprintf(f, "<text class=\"ytick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", p.left - 6,
            rep_plot_y(&p, ne - k - 0.5) + 4, eng[k]); /* engine names are identifiers */
  double start = 0;
  for (int i = 0; i < d->nops; i++) {
    double c = tl_num(d->ops[i].sim, "cycles");
    if (!(isfinite(c) && c > 0)) continue;
    const com_ynode *en = com_yget(d->ops[i].sim, "engines");
    fputs("<g class=\"span\" data-op=\"", f);
    rep_esc(f, d->ops[i].name);
    fprintf(f, "\" data-start=\"%.17g\" data-cycles=\"%.17g\">\n", start, c);
    double xs = rep_plot_x(&p, start), xe = rep_plot_x(&p, start + c);
    fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"3,3\"/>\n",
            xe, p.top, xe, rep_plot_y(&p, 0));
    if (xe - xs >= 40) { /* room for the op's name above its span */
      fprintf(f, "<text class=\"span-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">",
              (xs + xe) / 2, p.top - 4);
      rep_esc(f, d->ops[i].name);
      fputs("</text>\n", f);
    }
    for (int k = 0; k < ne; k++) {
      const com_ynode *e = en ? com_yget(en, eng[k]) : NULL;
      double y = rep_plot_y(&p, ne - k) + 4, h = rep_plot_y(&p, ne - k - 1) - rep_plot_y(&p, ne - k) - 8;
      double at = xs;
      for (int s = 0; s < TL_STATES; s++) {
        double v = tl_num(e, tl_states[s]);
        if (!(isfinite(v) && v > 0)) continue;
        double w = (xe - xs) * v / c;
        fprintf(f, "<rect class=\"seg\" data-engine=\"%s\" data-series=\"%s\" data-value=\"%.17g\" x=\"%.2f\" "
                   "y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\"><title>",
                eng[k], tl_states[s], v, at, y, w, h, rep_color(s));
        rep_esc(f, d->ops[i].name);
        fprintf(f, " / %s / %s: %.17g cycles</title></rect>\n", eng[k], tl_states[s], v);
        at += w;
      }
    }
    fputs("</g>\n", f);
    start += c;
  }
  const char *colors[TL_STATES];
  for (int s = 0; s < TL_STATES; s++) colors[s] = rep_color(s);
  rep_legend(f, p.w - p.right + 12, p.top, TL_STATES, tl_states, colors);
  rep_plot_end(f);
}
