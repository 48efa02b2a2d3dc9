/*
 * html — self-contained HTML pages and CSV of a sweep database (no scripts, no network), drawn
 * with the reports' SVG primitives (reports/svg.h): an inline scatter of every ok point over the
 * first two metrics (axes with units, nice ticks, legend), the front highlighted and joined, the
 * front's table (metrics and parameters, numbers also in data-* attributes for checks) and, for
 * `accel-sim report`, the table of every point. Uses swp_pareto to compute and store the front
 * first. Not thread-safe per output file.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "reports/csv.h"
#include "reports/html_page.h"
#include "reports/svg.h"
#include "sweep/db.h"

/* The all-points table stops here; the CSV always has every point. */
#define POINTS_TABLE_MAX 5000

static const char *const names[] = {"latency", "energy", "area"};
static const char *const cols[] = {"latency_s", "energy_pj", "area_um2"};
static const char *const units[] = {"latency (s)", "energy (pJ)", "area (um\xc2\xb2)"};

typedef struct pt { double x, y; int front; } pt;

static int cmp_x(const void *a, const void *b) {
  const pt *p = a, *q = b;
  return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->y < q->y ? -1 : p->y > q->y);
}

static void chart(FILE *f, pt *p, size_t n, int mx, int my, bool line) {
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (size_t i = 0; i < n; i++) {
    x0 = p[i].x < x0 ? p[i].x : x0; x1 = p[i].x > x1 ? p[i].x : x1;
    y0 = p[i].y < y0 ? p[i].y : y0; y1 = p[i].y > y1 ? p[i].y : y1;
  }
  if (n == 0) x0 = y0 = 0, x1 = y1 = 1;
  rep_plot pl = {"pareto-chart", "Design points and Pareto front", 760, 460, 90, 170, 30, 50,
                 {x0, x1, false, units[mx]}, {y0, y1, false, units[my]}, false, false};
  rep_plot_begin(f, &pl);
  for (size_t i = 0; i < n; i++)
    if (!p[i].front)
      fprintf(f, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#9aa\"/>\n", rep_plot_x(&pl, p[i].x),
              rep_plot_y(&pl, p[i].y));
  if (line) { /* a 2-metric front is a staircase in the plane; a 3-metric one is not */
    fputs("<polyline fill=\"none\" stroke=\"#c22\" stroke-width=\"1.5\" points=\"", f);
    for (size_t i = 0; i < n; i++)
      if (p[i].front) fprintf(f, "%.1f,%.1f ", rep_plot_x(&pl, p[i].x), rep_plot_y(&pl, p[i].y));
    fputs("\"/>\n", f);
  }
  for (size_t i = 0; i < n; i++)
    if (p[i].front)
      fprintf(f, "<circle class=\"front\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#c22\"/>\n", rep_plot_x(&pl, p[i].x),
              rep_plot_y(&pl, p[i].y));
  const char *ln[] = {"design point", "Pareto front"}, *lc[] = {"#9aa", "#c22"};
  rep_legend(f, pl.w - pl.right + 12, pl.top, 2, ln, lc);
  rep_plot_end(f);
}

/* The text of column c, escaped, or an empty cell for NULL. */
static void cell_text(FILE *f, sqlite3_stmt *st, int c) {
  const char *t = (const char *)sqlite3_column_text(st, c);
  rep_esc(f, t ? t : "");
}

/* Every point (ok or not) with every column; numbers as data-* cells. */
static void points_table(FILE *f, sqlite3 *h) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(h, "SELECT * FROM points ORDER BY workload, point", -1, &st, NULL) != SQLITE_OK) return;
  int nc = sqlite3_column_count(st);
  size_t rows = 0;
  fputs("<h2>All design points</h2>\n<table id=\"points\"><tr>", f);
  for (int c = 0; c < nc; c++) {
    fputs("<th>", f);
    rep_esc(f, sqlite3_column_name(st, c));
    fputs("</th>", f);
  }
  fputs("</tr>\n", f);
  while (sqlite3_step(st) == SQLITE_ROW && rows++ < POINTS_TABLE_MAX) {
    fprintf(f, "<tr class=\"pt\" data-point=\"%lld\" data-workload=\"%d\">", (long long)sqlite3_column_int64(st, 0),
            sqlite3_column_int(st, 1));
    for (int c = 0; c < nc; c++) {
      int ty = sqlite3_column_type(st, c);
      if (ty == SQLITE_INTEGER || ty == SQLITE_FLOAT) {
        rep_html_num(f, sqlite3_column_name(st, c), sqlite3_column_double(st, c));
      } else {
        fputs("<td>", f);
        cell_text(f, st, c);
        fputs("</td>", f);
      }
    }
    fputs("</tr>\n", f);
  }
  fputs("</table>\n", f);
  if (rows > POINTS_TABLE_MAX)
    fprintf(f, "<p class=\"note\">Only the first %d points are listed; the CSV (--csv) has every point.</p>\n",
            POINTS_TABLE_MAX);
  sqlite3_finalize(st);
}

static void front_table(FILE *f, sqlite3 *h, const char *metrics, const int *idx, int n) {
  sqlite3_stmt *fr = NULL;
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
          rep_esc(f, sqlite3_column_name(fr, c) + 2);
          fputc('=', f);
          cell_text(f, fr, c);
          fputc(' ', f);
        }
      fputs("</td></tr>\n", f);
    }
  }
  fputs("</table>\n", f);
  sqlite3_finalize(fr);
}

static int page(const char *path, const char *metrics, const char *out, bool all, com_err *e) {
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
  sqlite3_stmt *st = NULL;
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
  if (!(f = fopen(out, "w"))) { rc = rep_err_write(e, out, "HTML file"); goto done; }
  char name[256] = "sweep", title[300];
  sqlite3_stmt *nm;
  if (sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'name'", -1, &nm, NULL) == SQLITE_OK) {
    if (sqlite3_step(nm) == SQLITE_ROW) snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(nm, 0));
    sqlite3_finalize(nm);
  }
  snprintf(title, sizeof title, "Pareto front of %s", name);
  rep_html_begin(f, title, title);
  fprintf(f, "<p>Database: ");
  rep_esc(f, path);
  fprintf(f, ". Metrics (minimized): %s. <span id=\"ok-points\" data-value=\"%zu\">%zu</span> ok design points; "
          "the chart shows %s against %s.</p>\n", metrics, np, np, names[idx[1]], names[idx[0]]);
  chart(f, pts, np, idx[0], idx[1], n == 2);
  front_table(f, h, metrics, idx, n);
  if (all) points_table(f, h);
  rep_html_end(f);
  if (fclose(f) != 0) rc = rep_err_write(e, out, "HTML file");
  f = NULL;
done:
  if (f) fclose(f);
  sqlite3_finalize(st);
  sqlite3_close(h);
  free(pts);
  return rc;
}

int swp_pareto_html(const char *path, const char *metrics, const char *out, com_err *e) {
  return page(path, metrics, out, false, e);
}

int swp_report_html(const char *path, const char *out, com_err *e) {
  return page(path, "latency,energy", out, true, e);
}

int swp_report_csv(const char *path, const char *out, com_err *e) {
  sqlite3 *h = NULL;
  sqlite3_stmt *st = NULL;
  FILE *f = NULL;
  int rc = 0;
  if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(h, "SELECT * FROM points ORDER BY workload, point", -1, &st, NULL) != SQLITE_OK) {
    rc = com_err_at(e, (com_loc){path, 0, 0}, "not a sweep results database (%s)", sqlite3_errmsg(h));
    goto done;
  }
  if (!(f = fopen(out, "w"))) { rc = rep_err_write(e, out, "CSV file"); goto done; }
  int nc = sqlite3_column_count(st);
  for (int c = 0; c < nc; c++) {
    if (c) fputc(',', f);
    rep_csv_field(f, sqlite3_column_name(st, c));
  }
  fputc('\n', f);
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < nc; c++) {
      if (c) fputc(',', f);
      int ty = sqlite3_column_type(st, c);
      if (ty == SQLITE_INTEGER) fprintf(f, "%lld", (long long)sqlite3_column_int64(st, c));
      else if (ty == SQLITE_FLOAT) rep_csv_num(f, sqlite3_column_double(st, c));
      else if (ty != SQLITE_NULL) rep_csv_field(f, (const char *)sqlite3_column_text(st, c));
    }
    fputc('\n', f);
  }
  if (fclose(f) != 0) rc = rep_err_write(e, out, "CSV file");
  f = NULL;
done:
  if (f) fclose(f);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return rc;
}
