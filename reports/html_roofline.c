/* html_roofline — the roofline chart of the run page; see html_run.h. In per-cycle units
 * (MAC/cycle, bytes/cycle) so it needs no clock. */
#include <math.h>

#include "reports/html_page.h"
#include "reports/html_run.h"
#include "reports/svg.h"

void rep_roofs(const arch_spec *a, double *peak, const char **array, double *dram_bw) {
  *peak = 0, *array = "", *dram_bw = 0;
  if (!a) return;
  for (int i = 0; i < a->narrays; i++) {
    const arch_unit *u = arch_array_unit_for(&a->arrays[i], ARCH_OP_MAC);
    double p = u ? (double)a->arrays[i].pes / (double)u->initiation_interval : 0;
    if (p > *peak) *peak = p, *array = a->arrays[i].name;
  }
  if (a->nlevels > 0) {
    const arch_level *l = &a->levels[0];
    double bw = (l->bw_shared ? l->read_bw : l->read_bw + l->write_bw) * (double)l->instances;
    *dram_bw = isfinite(bw) && bw > 0 ? bw : 0;
  }
}

static bool placed(const rep_doc_op *o) { return o->macs > 0 && o->dram_bytes > 0 && o->cycles > 0; }

static void roof_lines(FILE *f, const rep_plot *p, double peak, double bw) {
  if (bw > 0) { /* from the left edge (or where the line enters the plot) to the ridge or right edge */
    double xs = fmax(p->x.lo, p->y.lo / bw), xe = peak > 0 ? fmin(peak / bw, p->x.hi) : p->x.hi;
    xe = fmin(xe, p->y.hi / bw);
    if (xe > xs)
      fprintf(f, "<line id=\"roof-dram\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                 "stroke-width=\"2\" data-bytes-per-cycle=\"%.17g\"/>\n",
              rep_plot_x(p, xs), rep_plot_y(p, bw * xs), rep_plot_x(p, xe), rep_plot_y(p, bw * xe), rep_color(0), bw);
  }
  if (peak > 0) {
    double xs = bw > 0 ? fmax(peak / bw, p->x.lo) : p->x.lo;
    fprintf(f, "<line id=\"roof-compute\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
               "stroke-width=\"2\" data-macs-per-cycle=\"%.17g\"/>\n",
            rep_plot_x(p, xs), rep_plot_y(p, peak), rep_plot_x(p, p->x.hi), rep_plot_y(p, peak), rep_color(3), peak);
  }
}

void rep_html_roofline(FILE *f, const rep_run_doc *d, const arch_spec *arch) {
  double peak, bw;
  const char *array;
  rep_roofs(arch, &peak, &array, &bw);
  double x0 = INFINITY, x1 = 0, y0 = INFINITY, y1 = 0;
  for (int i = 0; i < d->nops; i++) {
    const rep_doc_op *o = &d->ops[i];
    if (!placed(o)) continue;
    double x = o->macs / o->dram_bytes, y = o->macs / o->cycles;
    x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
  }
  if (peak > 0) y1 = fmax(y1, peak), y0 = fmin(y0, peak);
  if (peak > 0 && bw > 0) x0 = fmin(x0, peak / bw), x1 = fmax(x1, peak / bw);
  fputs("<h2>Roofline</h2>\n<p>Each operator at its arithmetic intensity (MACs per DRAM byte) and achieved "
        "throughput (MACs per cycle); the roofs are the arch's peak (the largest array with MAC units: PEs / "
        "initiation interval) and its DRAM bandwidth (bytes per cycle x intensity). Ops without MACs or "
        "without DRAM traffic are listed but not placed.</p>\n", f);
  rep_plot p = {"roofline", "Roofline", 760, 440, 80, 190, 30, 50,
                {x0 / 2, x1 * 2, true, "arithmetic intensity (MAC/byte of DRAM traffic)"},
                {y0 / 2, y1 * 2, true, "throughput (MAC/cycle)"}, false, false};
  rep_plot_begin(f, &p);
  roof_lines(f, &p, peak, bw);
  for (int i = 0; i < d->nops; i++) {
    const rep_doc_op *o = &d->ops[i];
    if (!placed(o)) continue;
    double x = o->macs / o->dram_bytes, y = o->macs / o->cycles, px = rep_plot_x(&p, x), py = rep_plot_y(&p, y);
    fputs("<circle class=\"op-point\" data-op=\"", f);
    rep_esc(f, o->name);
    fprintf(f, "\" data-intensity=\"%.17g\" data-throughput=\"%.17g\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>"
               "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", x, y, px, py, rep_color(2), px + 7, py - 5 - 12 * (i % 3));
    rep_esc(f, o->name);
    fputs("</text>\n", f);
  }
  char l0[96], l1[112];
  snprintf(l0, sizeof l0, "DRAM roof %.4g B/cycle", bw);
  snprintf(l1, sizeof l1, "%.40s peak %.4g MAC/cycle", array, peak);
  const char *names[] = {"operator", l0, l1}, *colors[] = {rep_color(2), rep_color(0), rep_color(3)};
  rep_legend(f, p.w - p.right + 12, p.top, arch ? 3 : 1, names, colors);
  rep_plot_end(f);
  fputs("<table id=\"roofline-table\"><tr><th>op</th><th>MACs</th><th>DRAM (bytes)</th><th>intensity (MAC/byte)</th>"
        "<th>throughput (MAC/cycle)</th><th>attainable (MAC/cycle)</th><th>of attainable</th><th>bound</th></tr>\n", f);
  for (int i = 0; i < d->nops; i++) {
    const rep_doc_op *o = &d->ops[i];
    double x = placed(o) ? o->macs / o->dram_bytes : NAN, y = placed(o) ? o->macs / o->cycles : NAN;
    double att = peak > 0 && bw > 0 ? fmin(peak, bw * x) : NAN;
    fputs("<tr data-op=\"", f);
    rep_esc(f, o->name);
    fputs("\">", f);
    rep_html_text(f, o->name);
    rep_html_num(f, "macs", o->macs);
    rep_html_num(f, "dram_bytes", o->dram_bytes);
    rep_html_num(f, "intensity", x);
    rep_html_num(f, "throughput", y);
    rep_html_num(f, "attainable", att);
    rep_html_num(f, "fraction", y / att);
    rep_html_text(f, !placed(o) ? "not placed" : !(att > 0) ? "\xe2\x80\x94" : bw * x < peak ? "memory" : "compute");
    fputs("</tr>\n", f);
  }
  fputs("</table>\n", f);
}
