/*
 * svg — the primitives of the HTML reports' inline SVG charts (docs/reports.md): escaping, "nice"
 * tick values on linear and log axes, tick labels with SI prefixes, a plot frame with ticks,
 * grid, axis labels with units, a legend, and stacked bars whose every segment carries its
 * number in data-* attributes so tests can compare the DOM with the source document.
 * Pure functions of their arguments writing to the given stream; thread-compatible.
 */
#ifndef REP_SVG_H
#define REP_SVG_H

#include <stdbool.h>
#include <stdio.h>

#define REP_TICKS_MAX 32

/* Writes s with & < > " ' escaped for HTML text and attribute values (NULL writes nothing). */
void rep_esc(FILE *f, const char *s);

/* A "nice" step (1, 2 or 5 x 10^k) that divides [lo, hi] into about `want` intervals (want >= 1;
 * a zero or non-finite range gets step 1). */
double rep_nice_step(double lo, double hi, int want);
/* Linear ticks: widens [*lo, *hi] outward to multiples of the nice step and writes the ticks
 * (both ends included) into out[cap]; returns their count (at most cap, at least 2; 0 when cap < 2). */
int rep_ticks(double *lo, double *hi, int want, double *out, int cap);
/* Log ticks: widens [*lo, *hi] (both > 0) to whole decades and writes the powers of ten in between;
 * returns their count (at most cap, at least 2; 0 when cap < 2). Non-positive input is treated as [1, 10]. */
int rep_log_ticks(double *lo, double *hi, double *out, int cap);
/* A short tick label: 3 significant digits with an SI prefix (k M G T P E, m u n p), e.g. "1.5G",
 * "250", "20m"; 0 is "0". Returns out. */
char *rep_si(char *out, size_t cap, double v);

typedef struct rep_axis {
  double lo, hi;     /* the data range; rep_plot_begin widens it to the ticks */
  bool log;          /* log10 scale (lo, hi > 0) */
  const char *label; /* the quantity with its unit, e.g. "energy (pJ)" */
} rep_axis;

typedef struct rep_plot {
  const char *id;    /* the svg element's id */
  const char *title; /* drawn above the plot */
  int w, h;          /* the svg's size in px */
  int left, right, top, bottom; /* margins around the plot area, px */
  rep_axis x, y;
  bool x_categories; /* the x axis is categories (bars): no x ticks or grid */
  bool y_categories; /* the y axis is rows the caller labels (a timeline): no y ticks or grid */
} rep_plot;

/* Opens <svg id=...>, widens the axes to their ticks, draws the frame, grid, tick marks, tick
 * labels, axis labels and title. Close with rep_plot_end. */
void rep_plot_begin(FILE *f, rep_plot *p);
void rep_plot_end(FILE *f);
/* Pixel position of a data value on the plot's axes (log axes clamp non-positive values to lo). */
double rep_plot_x(const rep_plot *p, double v);
double rep_plot_y(const rep_plot *p, double v);
/* The i-th colour of the charts' palette (cycles after 10). */
const char *rep_color(int i);
/* A legend box at (x, y): one swatch and name per entry, stacked downwards. */
void rep_legend(FILE *f, int x, int y, int n, const char *const *names, const char *const *colors);

/* Stacked bars: one bar per category, one segment per series. v[c * nseries + s] >= 0. */
typedef struct rep_bars {
  const char *id, *title, *xlabel, *ylabel; /* svg id, title, axis labels (y with its unit) */
  int ncat, nseries;
  const char *const *cats;   /* category names (x axis) */
  const char *const *series; /* series names (legend) */
  const double *v;
} rep_bars;

/* Draws the bars. Each bar is <g class="bar" data-cat=NAME data-total=SUM> and each segment
 * <rect class="seg" data-series=NAME data-value=V> (values with %.17g). */
void rep_svg_bars(FILE *f, const rep_bars *b);

#endif
