/* html_run — the HTML page and CSV of a run document; see html_run.h. Charts and the tables
 * behind them share one matrix (ops x series) so the two cannot disagree. */
#include "reports/html_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/html_page.h"
#include "reports/svg.h"

#define SERIES_MAX 40
#define INPUT_MAX ((size_t)256 << 10) /* input files shown inline up to this size */

typedef struct matrix {
  int nseries;
  const char *series[SERIES_MAX];
  double *v; /* nops x nseries */
} matrix;

static void table(FILE *f, const rep_run_doc *d, const char *id, const char *unit, const matrix *m) {
  fprintf(f, "<table id=\"%s\"><tr><th>op</th>", id);
  for (int s = 0; s < m->nseries; s++) {
    fputs("<th>", f);
    rep_esc(f, m->series[s]);
    fprintf(f, " (%s)</th>", unit);
  }
  fprintf(f, "<th>total (%s)</th></tr>\n", unit);
  for (int i = 0; i < d->nops; i++) {
    double sum = 0;
    fputs("<tr data-op=\"", f);
    rep_esc(f, d->ops[i].name);
    fputs("\">", f);
    rep_html_text(f, d->ops[i].name);
    for (int s = 0; s < m->nseries; s++) {
      rep_html_num(f, m->series[s], m->v[(size_t)i * m->nseries + s]);
      sum += m->v[(size_t)i * m->nseries + s];
    }
    rep_html_num(f, "total", sum);
    fputs("</tr>\n", f);
  }
  fputs("</table>\n", f);
}

static void chart(FILE *f, const rep_run_doc *d, const char *id, const char *title, const char *ylabel,
                  const char *unit, const matrix *m) {
  const char **cats = malloc((d->nops ? d->nops : 1) * sizeof *cats);
  if (!cats) {
    fputs("<p class=\"note\">out of memory: chart omitted</p>\n", f);
    return;
  }
  for (int i = 0; i < d->nops; i++) cats[i] = d->ops[i].name;
  rep_bars b = {id, title, "operator", ylabel, d->nops, m->nseries, cats, m->series, m->v};
  rep_svg_bars(f, &b);
  free(cats);
  char tid[64];
  snprintf(tid, sizeof tid, "%s-table", id);
  table(f, d, tid, unit, m);
}

/* The column of series name; a new column when add and there is room (else -1). */
static int series_index(matrix *m, const char *name, bool add) {
  for (int s = 0; s < m->nseries; s++)
    if (strcmp(m->series[s], name) == 0) return s;
  if (!add || m->nseries == SERIES_MAX) return -1;
  m->series[m->nseries] = name;
  return m->nseries++;
}

static bool alloc(matrix *m, int nops) {
  m->v = calloc((size_t)(nops ? nops : 1) * SERIES_MAX, sizeof *m->v);
  return m->v != NULL;
}

static void energy_charts(FILE *f, const rep_run_doc *d) {
  matrix lv = {0}, act = {0};
  if (!alloc(&lv, d->nops) || !alloc(&act, d->nops)) {
    fputs("<p class=\"note\">out of memory: energy charts omitted</p>\n", f);
    goto done;
  }
  for (int i = 0; i < d->nops; i++) /* series first, so every op's row uses the same columns */
    for (int k = 0; k < d->ops[i].nlevels && lv.nseries < SERIES_MAX - 1; k++)
      series_index(&lv, d->ops[i].levels[k].name, true);
  int compute = series_index(&lv, "compute", true);
  bool fused = false;
  int dropped = 0;
  for (int i = 0; i < d->nops; i++) fused |= d->ops[i].fused;
  act.nseries = fused ? 4 : 3;
  act.series[0] = "reads", act.series[1] = "writes (fills + updates)", act.series[2] = "compute";
  act.series[3] = "storage of a fused schedule (not split by action)";
  for (int i = 0; i < d->nops; i++) {
    const rep_doc_op *o = &d->ops[i];
    double *row = &lv.v[(size_t)i * lv.nseries], *ra = &act.v[(size_t)i * act.nseries];
    for (int k = 0; k < o->nlevels; k++) {
      const rep_doc_level *l = &o->levels[k];
      int s = series_index(&lv, l->name, false);
      if (s >= 0) row[s] += l->energy_pj;
      else dropped++;
      if (l->split) ra[0] += l->read_pj, ra[1] += l->write_pj;
      else ra[3] += l->energy_pj;
    }
    row[compute] += o->compute_energy_pj;
    ra[2] = o->compute_energy_pj;
  }
  fputs("<h2>Energy by storage level</h2>\n<p>Per op, the energy of each memory level's accesses (summed over "
        "einsums and tensors) and of the operations on the arrays. Stacked, a bar is the op's energy.</p>\n", f);
  if (dropped)
    fprintf(f, "<p class=\"note\">%d level entries beyond the chart's first %d levels are not drawn: their energy is "
               "missing from the bars below (not from the other charts).</p>\n", dropped, SERIES_MAX - 1);
  chart(f, d, "energy-by-level", "Energy by level per operator", "energy (pJ)", "pJ", &lv);
  fputs("<h2>Energy by action</h2>\n<p>Reads, writes (fills and updates) over all levels, and compute. A fused "
        "attention schedule reports its storage energy per level only: it is one segment of its own.</p>\n", f);
  chart(f, d, "energy-by-action", "Energy by action per operator", "energy (pJ)", "pJ", &act);
done:
  free(lv.v);
  free(act.v);
}

static void cycle_chart(FILE *f, const rep_run_doc *d) {
  matrix m = {3, {"compute", "memory-bound excess", "fill/drain"}, NULL};
  if (!alloc(&m, d->nops)) return;
  for (int i = 0; i < d->nops; i++) {
    const rep_doc_op *o = &d->ops[i];
    double excess = o->cycles - o->compute_cycles - o->fill_drain_cycles;
    m.v[(size_t)i * 3] = o->compute_cycles;
    m.v[(size_t)i * 3 + 1] = excess > 0 ? excess : 0;
    m.v[(size_t)i * 3 + 2] = o->fill_drain_cycles;
  }
  fputs("<h2>Latency breakdown</h2>\n<p>Per op: compute cycles (temporal loop product x issue interval), the "
        "cycles by which the slowest memory transfer exceeds compute (memory-bound excess), and the array's "
        "fill/drain. Stacked, a bar is the op's cycles (fused attention: compute and the rest of the schedule's "
        "cycles).</p>\n", f);
  chart(f, d, "cycles-per-op", "Cycles per operator", "cycles", "cycles", &m);
  free(m.v);
}

static void nums(FILE *f, const char *const *fields, const double *v, int n) {
  for (int i = 0; i < n; i++) rep_html_num(f, fields[i], v[i]);
}

static void inputs(FILE *f, const rep_run_doc *d, const arch_spec *a, const char *arch_note) {
  fputs("<h2>Inputs</h2>\n<table id=\"inputs\">", f);
  const char *k[] = {"workload", "workload file", "architecture", "architecture file", "engine"};
  const char *v[] = {d->workload, d->workload_file, d->arch, d->arch_file, d->engine};
  for (int i = 0; i < 5; i++) {
    fputs("<tr><th>", f);
    rep_esc(f, k[i]);
    fputs("</th>", f);
    rep_html_text(f, v[i]);
    fputs("</tr>\n", f);
  }
  fputs("</table>\n", f);
  rep_html_file(f, "workload-file", "workload file", d->workload_file, INPUT_MAX);
  if (strcmp(d->arch_file, d->workload_file) != 0)
    rep_html_file(f, "arch-file", "architecture file", d->arch_file, INPUT_MAX);
  if (!a) {
    fputs("<p class=\"note\">Architecture not loaded: ", f);
    rep_esc(f, arch_note);
    fputs(" The roofline is drawn without roofs.</p>\n", f);
  } else {
    fprintf(f, "<p id=\"arch-summary\" data-clock-mhz=\"%.17g\" data-technology-nm=\"%u\">%s, %.6g MHz, %u nm.</p>\n<table id=\"arch-levels\"><tr><th>level</th>"
               "<th>size per instance (bytes, 0 = unbounded)</th><th>instances</th><th>read bandwidth (bytes/cycle)"
               "</th><th>write bandwidth (bytes/cycle)</th></tr>\n",
            a->clock_mhz, a->technology_nm, arch_target_name(a->target), a->clock_mhz, a->technology_nm);
    for (int i = 0; i < a->nlevels; i++) {
      const arch_level *l = &a->levels[i];
      fputs("<tr>", f);
      rep_html_text(f, l->name);
      rep_html_num(f, "size_bytes", (double)l->size_bytes);
      rep_html_num(f, "instances", (double)l->instances);
      rep_html_num(f, "read_bw", l->read_bw);
      rep_html_num(f, "write_bw", l->write_bw);
      fputs("</tr>\n", f);
    }
    fputs("</table>\n<table id=\"arch-arrays\"><tr><th>array</th><th>kind</th><th>PEs</th></tr>\n", f);
    for (int i = 0; i < a->narrays; i++) {
      fputs("<tr>", f);
      rep_html_text(f, a->arrays[i].name);
      rep_html_text(f, arch_array_kind_name(a->arrays[i].kind));
      rep_html_num(f, "pes", (double)a->arrays[i].pes);
      fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
  }
  fputs("<h2>Totals</h2>\n<table id=\"totals\"><tr><th>cycles</th><th>latency (s)</th><th>energy (pJ)</th>"
        "<th>area (um\xc2\xb2)</th><th>MACs</th><th>DRAM (bytes)</th></tr>\n<tr>", f);
  const char *fields[] = {"cycles", "latency_s", "energy_pj", "area_um2", "macs", "dram_bytes"};
  const double tv[] = {d->cycles, d->latency_s, d->energy_pj, d->area_um2, d->macs, d->dram_bytes};
  nums(f, fields, tv, 6);
  fputs("</tr></table>\n", f);
}

static void ops_table(FILE *f, const rep_run_doc *d) {
  fputs("<h2>Operators</h2>\n<table id=\"ops\"><tr><th>op</th><th>kind</th><th>cycles</th><th>latency (s)</th>"
        "<th>energy (pJ)</th><th>MACs</th><th>DRAM (bytes)</th><th>utilization</th></tr>\n", f);
  for (int i = 0; i < d->nops; i++) {
    const rep_doc_op *o = &d->ops[i];
    fputs("<tr data-op=\"", f);
    rep_esc(f, o->name);
    fputs("\">", f);
    rep_html_text(f, o->name);
    rep_html_text(f, o->fused ? "attention (fused)" : o->kind);
    const char *fields[] = {"cycles", "latency_s", "energy_pj", "macs", "dram_bytes", "utilization"};
    const double v[] = {o->cycles, o->latency_s, o->energy_pj, o->macs, o->dram_bytes, o->utilization};
    nums(f, fields, v, 6);
    fputs("</tr>\n", f);
  }
  fputs("</table>\n", f);
}

void rep_html_run(FILE *f, const rep_run_doc *d, const arch_spec *arch, const char *arch_note) {
  char title[256];
  snprintf(title, sizeof title, "accel-sim run: %s on %s", d->workload, d->arch);
  rep_html_begin(f, title, title);
  inputs(f, d, arch, arch_note);
  ops_table(f, d);
  energy_charts(f, d);
  cycle_chart(f, d);
  rep_html_roofline(f, d, arch);
  rep_html_sim(f, d);
  rep_html_end(f);
}
