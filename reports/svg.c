/* svg — chart primitives of the HTML reports; see svg.h. */
#include "reports/svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void rep_esc(FILE *f, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
      case '<': fputs("&lt;", f); break;
      case '>': fputs("&gt;", f); break;
      case '&': fputs("&amp;", f); break;
      case '"': fputs("&quot;", f); break;
      case '\'': fputs("&#39;", f); break;
      default: fputc(*s, f);
    }
  }
}

double rep_nice_step(double lo, double hi, int want) {
  double range = hi - lo;
  if (!(range > 0) || !isfinite(range) || want < 1) return 1;
  double raw = range / want, mag = pow(10, floor(log10(raw))), r = raw / mag;
  double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
  return nice * mag;
}

int rep_ticks(double *lo, double *hi, int want, double *out, int cap) {
  if (cap < 2) return 0;
  if (!isfinite(*lo) || !isfinite(*hi)) *lo = 0, *hi = 1;
  if (!(*hi > *lo)) { /* one value: give it a unit-wide (or value-wide) range around it */
    double d = *lo != 0 ? fabs(*lo) * 0.5 : 1;
    *lo -= d, *hi += d;
  }
  double step = rep_nice_step(*lo, *hi, want);
  double a = floor(*lo / step), b = ceil(*hi / step);
  if (b - a + 1 > cap) { /* more ticks than room: coarsen until they fit */
    step *= ceil((b - a + 1) / cap) + 1;
    a = floor(*lo / step), b = ceil(*hi / step);
  }
  *lo = a * step, *hi = b * step;
  int n = 0;
  for (double k = a; k <= b && n < cap; k++) out[n++] = k * step;
  return n;
}

int rep_log_ticks(double *lo, double *hi, double *out, int cap) {
  if (cap < 2) return 0;
  if (!(*lo > 0) || !(*hi > 0) || !isfinite(*lo) || !isfinite(*hi)) *lo = 1, *hi = 10;
  int a = (int)floor(log10(*lo)), b = (int)ceil(log10(*hi));
  if (b <= a) b = a + 1;
  int stride = (b - a) / (cap - 1) + 1; /* keep every stride-th decade when there are many */
  b = a + (b - a + stride - 1) / stride * stride;
  *lo = pow(10, a), *hi = pow(10, b);
  int n = 0;
  for (int k = a; k <= b && n < cap; k += stride) out[n++] = pow(10, k);
  return n;
}

char *rep_si(char *out, size_t cap, double v) {
  static const char *const pre[] = {"p", "n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  if (v == 0 || !isfinite(v) || fabs(v) < 1e-12) {
    snprintf(out, cap, "%.3g", v);
    return out;
  }
  int e3 = (int)floor(log10(fabs(v)) / 3);
  e3 = e3 < -4 ? -4 : e3 > 6 ? 6 : e3;
  double s = v / pow(1000, e3);
  if (fabs(strtod((snprintf(out, cap, "%.3g", s), out), NULL)) >= 1000 && e3 < 6) s = v / pow(1000, ++e3);
  snprintf(out, cap, "%.3g%s", s, pre[e3 + 4]);
  return out;
}

static double scale(const rep_axis *a, double v, double p0, double p1) {
  if (a->log) {
    double l = log10(a->lo), h = log10(a->hi), x = v > 0 ? log10(v) : l;
    return p0 + (x - l) / (h - l) * (p1 - p0);
  }
  return p0 + (v - a->lo) / (a->hi - a->lo) * (p1 - p0);
}

double rep_plot_x(const rep_plot *p, double v) { return scale(&p->x, v, p->left, p->w - p->right); }
double rep_plot_y(const rep_plot *p, double v) { return scale(&p->y, v, p->h - p->bottom, p->top); }

static int axis_ticks(rep_axis *a, double *t) {
  return a->log ? rep_log_ticks(&a->lo, &a->hi, t, REP_TICKS_MAX) : rep_ticks(&a->lo, &a->hi, 5, t, REP_TICKS_MAX);
}

void rep_plot_begin(FILE *f, rep_plot *p) {
  double xt[REP_TICKS_MAX], yt[REP_TICKS_MAX];
  int nx = p->x_categories ? 0 : axis_ticks(&p->x, xt), ny = p->y_categories ? 0 : axis_ticks(&p->y, yt);
  int x0 = p->left, x1 = p->w - p->right, y0 = p->top, y1 = p->h - p->bottom;
  char b[32];
  fprintf(f, "<svg id=\"");
  rep_esc(f, p->id);
  fprintf(f, "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
             "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", p->w, p->h, p->w, p->h);
  fprintf(f, "<text class=\"title\" x=\"%d\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">",
          (x0 + x1) / 2);
  rep_esc(f, p->title);
  fputs("</text>\n", f);
  for (int i = 0; i < ny; i++) {
    double y = rep_plot_y(p, yt[i]);
    fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><line x1=\"%d\" y1=\"%.1f\" "
               "x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/><text class=\"ytick\" x=\"%d\" y=\"%.1f\" "
               "text-anchor=\"end\">%s</text>\n",
            x0, y, x1, y, x0 - 5, y, x0, y, x0 - 8, y + 4, rep_si(b, sizeof b, yt[i]));
  }
  for (int i = 0; i < nx; i++) {
    double x = rep_plot_x(p, xt[i]);
    fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><line x1=\"%.1f\" y1=\"%d\" "
               "x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/><text class=\"xtick\" x=\"%.1f\" y=\"%d\" "
               "text-anchor=\"middle\">%s</text>\n",
            x, y0, x, y1, x, y1, x, y1 + 5, x, y1 + 18, rep_si(b, sizeof b, xt[i]));
  }
  fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n", x0, y0,
          x1 - x0, y1 - y0);
  fprintf(f, "<text class=\"xlabel\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", (x0 + x1) / 2, p->h - 8);
  rep_esc(f, p->x.label);
  fprintf(f, "</text>\n<text class=\"ylabel\" x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">",
          (y0 + y1) / 2, (y0 + y1) / 2);
  rep_esc(f, p->y.label);
  fputs("</text>\n", f);
}

void rep_plot_end(FILE *f) { fputs("</svg>\n", f); }

const char *rep_color(int i) {
  static const char *const pal[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return pal[(i % 10 + 10) % 10];
}

void rep_legend(FILE *f, int x, int y, int n, const char *const *names, const char *const *colors) {
  fputs("<g class=\"legend\">\n", f);
  for (int i = 0; i < n; i++) {
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">", x,
            y + 18 * i, colors[i], x + 17, y + 18 * i + 10);
    rep_esc(f, names[i]);
    fputs("</text>\n", f);
  }
  fputs("</g>\n", f);
}

void rep_svg_bars(FILE *f, const rep_bars *b) {
  double top = 0;
  for (int c = 0; c < b->ncat; c++) {
    double s = 0;
    for (int k = 0; k < b->nseries; k++) s += b->v[(size_t)c * b->nseries + k];
    top = s > top ? s : top;
  }
  size_t longest = 0; /* rotated category labels need room below the plot */
  for (int c = 0; c < b->ncat; c++) longest = strlen(b->cats[c]) > longest ? strlen(b->cats[c]) : longest;
  int legend_w = 170, bottom = 50 + (int)(longest < 40 ? longest : 40) * 4;
  rep_plot p = {b->id, b->title, 760, 310 + bottom, 80, legend_w, 30, bottom, {0, top, false, b->xlabel},
                {0, top, false, b->ylabel}, true, false};
  rep_plot_begin(f, &p);
  double band = (double)(p.w - p.left - p.right) / (b->ncat > 0 ? b->ncat : 1), bw = band * 0.6;
  for (int c = 0; c < b->ncat; c++) {
    double x = p.left + band * c + (band - bw) / 2, acc = 0;
    for (int k = 0; k < b->nseries; k++) acc += b->v[(size_t)c * b->nseries + k];
    fputs("<g class=\"bar\" data-cat=\"", f);
    rep_esc(f, b->cats[c]);
    fprintf(f, "\" data-total=\"%.17g\">\n", acc);
    acc = 0;
    for (int k = 0; k < b->nseries; k++) {
      double v = b->v[(size_t)c * b->nseries + k], ya = rep_plot_y(&p, acc), yb = rep_plot_y(&p, acc + v);
      acc += v;
      fputs("<rect class=\"seg\" data-series=\"", f);
      rep_esc(f, b->series[k]);
      fprintf(f, "\" data-value=\"%.17g\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
              v, x, yb, bw, ya - yb, rep_color(k));
      rep_esc(f, b->cats[c]);
      fputs(" / ", f);
      rep_esc(f, b->series[k]);
      fprintf(f, ": %.6g</title></rect>\n", v);
    }
    double lx = x + bw / 2;
    int ly = p.h - p.bottom + 14;
    fprintf(f, "</g>\n<text class=\"xtick\" x=\"%.1f\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-30 %.1f %d)\">",
            lx, ly, lx, ly);
    rep_esc(f, b->cats[c]);
    fputs("</text>\n", f);
  }
  const char *colors[64];
  int n = b->nseries < 64 ? b->nseries : 64;
  for (int k = 0; k < n; k++) colors[k] = rep_color(k);
  rep_legend(f, p.w - legend_w + 15, p.top, n, b->series, colors);
  rep_plot_end(f);
}
