/*
 * html — a self-contained HTML page of a sweep database's Pareto front (no scripts, no network):
 * an inline SVG scatter of every ok point over the first two metrics (axes with units, ticks,
 * legend), the front highlighted and joined, and the table behind it (every front point with its
 * metrics and parameters, numbers also in data-* attributes for checks). Uses swp_pareto to
 * compute and store the front first. Not thread-safe per output file.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/db.h"

static const char *const names[] = {"latency", "energy", "area"};
static const char *const cols[] = {"latency_s", "energy_pj", "area_um2"};
static const char *const units[] = {"latency (s)", "energy (pJ)", "area (um\xc2\xb2)"};

static void esc(FILE *f, const char *s) {
  for (; s && *s; s++) {
    if (*s == '<') fputs("&lt;", f);
    else if (*s == '>') fputs("&gt;", f);
    else if (*s == '&') fputs("&amp;", f);
    else if (*s == '"') fputs("&quot;", f);
    else fputc(*s, f);
  }
}

typedef struct pt { double x, y; int front; } pt;

static int cmp_x(const void *a, const void *b) {
  const pt *p = a, *q = b;
  return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->y < q->y ? -1 : p->y > q->y);
}

enum { W = 720, H = 460, ML = 90, MR = 30, MT = 30, MB = 60 };

static void chart(FILE *f, pt *p, size_t n, int mx, int my, bool line) {
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (size_t i = 0; i < n; i++) {
    x0 = p[i].x < x0 ? p[i].x : x0; x1 = p[i].x > x1 ? p[i].x : x1;
    y0 = p[i].y < y0 ? p[i].y : y0; y1 = p[i].y > y1 ? p[i].y : y1;
  }
  if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
  if (!(y1 > y0)) { y0 -= 1; y1 += 1; }
  double pw = W - ML - MR, ph = H - MT - MB;
#define SX(v) (ML + ((v) - x0) / (x1 - x0) * pw)
#define SY(v) (MT + ph - ((v) - y0) / (y1 - y0) * ph)
  fprintf(f, "<svg id=\"pareto-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
             "font-family=\"sans-serif\" font-size=\"12\">\n", W, H);
  fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#444\"/>\n", ML, MT, pw, ph);
  for (int t = 0; t <= 4; t++) {
    double vx = x0 + (x1 - x0) * t / 4, vy = y0 + (y1 - y0) * t / 4;
    fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>"
               "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.3g</text>\n",
            SX(vx), MT + H - MT - MB, SX(vx), MT + H - MT - MB + 5, SX(vx), H - MB + 20, vx);
    fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>"
               "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>\n",
            ML - 5, SY(vy), ML, SY(vy), ML - 8, SY(vy) + 4, vy);
  }
  fprintf(f, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", ML + pw / 2, H - 12, units[mx]);
  fprintf(f, "<text x=\"16\" y=\"%.0f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.0f)\">%s</text>\n",
          MT + ph / 2, MT + ph / 2, units[my]);
  for (size_t i = 0; i < n; i++)
    if (!p[i].front)
      fprintf(f, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#9aa\"/>\n", SX(p[i].x), SY(p[i].y));
  if (line) { /* a 2-metric front is a staircase in the plane; a 3-metric one is not */
    fputs("<polyline fill=\"none\" stroke=\"#c22\" stroke-width=\"1.5\" points=\"", f);
    for (size_t i = 0; i < n; i++)
      if (p[i].front) fprintf(f, "%.1f,%.1f ", SX(p[i].x), SY(p[i].y));
    fputs("\"/>\n", f);
  }
  for (size_t i = 0; i < n; i++)
    if (p[i].front)
      fprintf(f, "<circle class=\"front\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#c22\"/>\n", SX(p[i].x), SY(p[i].y));
  fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"#9aa\"/><text x=\"%d\" y=\"%d\">design point</text>\n"
             "<circle cx=\"%d\" cy=\"%d\" r=\"4.5\" fill=\"#c22\"/><text x=\"%d\" y=\"%d\">Pareto front</text>\n",
          W - MR - 150, MT + 15, W - MR - 140, MT + 19, W - MR - 150, MT + 33, W - MR - 140, MT + 37);
  fputs("</svg>\n", f);
#undef SX
#undef SY
}

int swp_pareto_html(const char *path, const char *metrics, const char *out, com_err *e) {
  if (swp_pareto(path, metrics, NULL, e)) return -1;
  int idx[3], n = 0;
  char list[64];
  snprintf(list, sizeof list, "%s", metrics);
  for (char *t = strtok(list, ","); t && n < 3; t = strtok(NULL, ","))
    for (int i = 0; i < 3; i++) if (strcmp(t, names[i]) == 0) idx[n++] = i;
  sqlite3 *h = NULL;
  if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    sqlite3_close(h);
    return com_err_at(e, (com_loc){path, 0, 0}, "cannot open the results database");
  }
  char sql[512];
  snprintf(sql, sizeof sql, "SELECT p.%s, p.%s, EXISTS (SELECT 1 FROM pareto f WHERE f.metrics = ?1 AND "
           "f.workload = p.workload AND f.point = p.point) FROM points p WHERE p.status = 'ok'", cols[idx[0]], cols[idx[1]]);
  sqlite3_stmt *st = NULL, *fr = NULL;
  pt *pts = NULL;
  size_t np = 0, cap = 0;
  FILE *f = NULL;
  int rc = 0;
  if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) { rc = com_err_at(e, (com_loc){path, 0, 0}, "%s", sqlite3_errmsg(h)); goto done; }
  sqlite3_bind_text(st, 1, metrics, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (np == cap) {
      cap = cap ? cap * 2 : 1024;
      pt *q = realloc(pts, cap * sizeof *q);
      if (!q) { rc = com_err_oom(e); goto done; }
      pts = q;
    }
    pts[np++] = (pt){sqlite3_column_double(st, 0), sqlite3_column_double(st, 1), sqlite3_column_int(st, 2)};
  }
  if (np) qsort(pts, np, sizeof *pts, cmp_x);
  if (!(f = fopen(out, "w"))) { rc = com_err_at(e, (com_loc){out, 0, 0}, "cannot write the HTML file"); goto done; }
  char name[256] = "sweep";
  sqlite3_stmt *nm;
  if (sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'name'", -1, &nm, NULL) == SQLITE_OK) {
    if (sqlite3_step(nm) == SQLITE_ROW) snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(nm, 0));
    sqlite3_finalize(nm);
  }
  fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Pareto front: ", f);
  esc(f, name);
  fputs("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}</style></head><body>\n<h1>Pareto front of ", f);
  esc(f, name);
  fprintf(f, "</h1>\n<p>Metrics (minimized): %s. %zu ok design points; the chart shows %s against %s.</p>\n",
          metrics, np, names[idx[1]], names[idx[0]]);
  chart(f, pts, np, idx[0], idx[1], n == 2);
  fputs("<h2>Front</h2>\n<table id=\"front\"><tr><th>workload</th><th>point</th>", f);
  for (int i = 0; i < n; i++) fprintf(f, "<th>%s</th>", units[idx[i]]);
  fputs("<th>parameters</th></tr>\n", f);
  if (sqlite3_prepare_v2(h, "SELECT p.* FROM points p JOIN pareto f ON f.workload = p.workload AND f.point = p.point "
                         "WHERE f.metrics = ? ORDER BY p.workload, p.latency_s, p.point", -1, &fr, NULL) == SQLITE_OK) {
    sqlite3_bind_text(fr, 1, metrics, -1, SQLITE_STATIC);
    while (sqlite3_step(fr) == SQLITE_ROW) {
      fprintf(f, "<tr><td>%d</td><td>%lld</td>", sqlite3_column_int(fr, 1), (long long)sqlite3_column_int64(fr, 0));
      for (int i = 0; i < n; i++)
        for (int c = 0; c < sqlite3_column_count(fr); c++)
          if (strcmp(sqlite3_column_name(fr, c), cols[idx[i]]) == 0)
            fprintf(f, "<td data-%s=\"%.17g\">%.6g</td>", names[idx[i]], sqlite3_column_double(fr, c), sqlite3_column_double(fr, c));
      fputs("<td style=\"text-align:left\">", f);
      for (int c = 0; c < sqlite3_column_count(fr); c++)
        if (strncmp(sqlite3_column_name(fr, c), "p_", 2) == 0) {
          esc(f, sqlite3_column_name(fr, c) + 2);
          fputc('=', f);
          esc(f, (const char *)sqlite3_column_text(fr, c));
          fputc(' ', f);
        }
      fputs("</td></tr>\n", f);
    }
  }
  fputs("</table>\n</body></html>\n", f);
  if (fclose(f) != 0) rc = com_err_at(e, (com_loc){out, 0, 0}, "cannot write the HTML file");
  f = NULL;
done:
  if (f) fclose(f);
  sqlite3_finalize(st);
  sqlite3_finalize(fr);
  sqlite3_close(h);
  free(pts);
  return rc;
}
