/*
 * pareto — Pareto fronts of a sweep database over two or three of latency, energy and area
 * (all minimized), per workload, from the rows with status ok. Points are sorted
 * lexicographically by the metrics; a point is on the front unless a front point found before it
 * dominates it (no worse in every metric, better in one), which is exact because anything that
 * dominates a point sorts before it. Stores the front in table pareto and prints it.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sweep/db.h"

typedef struct row {
  int w;
  uint64_t p;
  double v[3];
} row;


static int cmp_rows(const void *a, const void *b) {
  const row *x = a, *y = b;
  if (x->w != y->w) return x->w < y->w ? -1 : 1;
  for (int i = 0; i < 3; i++)
    if (x->v[i] != y->v[i]) return x->v[i] < y->v[i] ? -1 : 1;
  return x->p < y->p ? -1 : x->p > y->p;
}

static bool dominates(const row *a, const row *b, int n) {
  bool better = false;
  for (int i = 0; i < n; i++) {
    if (a->v[i] > b->v[i]) return false;
    if (a->v[i] < b->v[i]) better = true;
  }
  return better;
}

static const char *const names[] = {"latency", "energy", "area"};
static const char *const cols[] = {"latency_s", "energy_pj", "area_um2"};

static int fail(sqlite3 *h, const char *path, com_err *e) {
  com_err_at(e, (com_loc){path, 0, 0}, "%s", sqlite3_errmsg(h));
  return -1;
}

static void print_point(sqlite3 *h, FILE *out, const row *r, const int *idx, int n) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(h, "SELECT * FROM points WHERE workload = ? AND point = ?", -1, &st, NULL) != SQLITE_OK) return;
  sqlite3_bind_int(st, 1, r->w);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)r->p);
  if (sqlite3_step(st) == SQLITE_ROW) {
    fprintf(out, "%8d %10llu", r->w, (unsigned long long)r->p);
    for (int i = 0; i < n; i++) fprintf(out, " %14.6g", r->v[i]);
    (void)idx;
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      const char *cn = sqlite3_column_name(st, c);
      if (strncmp(cn, "p_", 2) == 0) fprintf(out, "  %s=%s", cn + 2, (const char *)sqlite3_column_text(st, c));
    }
    fputc('\n', out);
  }
  sqlite3_finalize(st);
}

int swp_pareto(const char *path, const char *metrics, FILE *out, com_err *e) {
  int idx[3], n = 0;
  char list[64];
  snprintf(list, sizeof list, "%s", metrics);
  for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
    int k = -1;
    for (int i = 0; i < 3; i++) if (strcmp(tok, names[i]) == 0) k = i;
    if (k < 0 || n == 3) return com_err_at(e, (com_loc){0}, "--metrics takes two or three of latency, energy, area (got '%s')", metrics);
    for (int i = 0; i < n; i++) if (idx[i] == k) return com_err_at(e, (com_loc){0}, "--metrics names '%s' twice", tok);
    idx[n++] = k;
  }
  if (n < 2) return com_err_at(e, (com_loc){0}, "--metrics takes two or three of latency, energy, area (got '%s')", metrics);
  char canon[64] = "";
  for (int i = 0; i < n; i++) { strcat(canon, i ? "," : ""); strcat(canon, names[idx[i]]); }
  sqlite3 *h = NULL;
  if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    com_err_at(e, (com_loc){path, 0, 0}, "cannot open the results database: %s", h ? sqlite3_errmsg(h) : "out of memory");
    sqlite3_close(h);
    return -1;
  }
  sqlite3_busy_timeout(h, 10000);
  char sql[256];
  snprintf(sql, sizeof sql, "SELECT workload, point, %s, %s, %s FROM points WHERE status = 'ok'", cols[idx[0]],
           cols[idx[1]], n == 3 ? cols[idx[2]] : "0");
  sqlite3_stmt *st = NULL;
  row *rows = NULL;
  size_t nr = 0, cap = 0;
  int rc = 0;
  if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
    com_err_at(e, (com_loc){path, 0, 0}, "not a sweep results database (%s)", sqlite3_errmsg(h));
    sqlite3_close(h);
    return -1;
  }
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    if (nr == cap) {
      cap = cap ? cap * 2 : 1024;
      row *q = realloc(rows, cap * sizeof *q);
      if (!q) { rc = com_err_oom(e); break; }
      rows = q;
    }
    row *x = &rows[nr++];
    x->w = sqlite3_column_int(st, 0);
    x->p = (uint64_t)sqlite3_column_int64(st, 1);
    for (int i = 0; i < 3; i++) x->v[i] = sqlite3_column_double(st, 2 + i);
  }
  if (rc == 0 && r != SQLITE_DONE) rc = fail(h, path, e);
  sqlite3_finalize(st);
  if (nr) qsort(rows, nr, sizeof *rows, cmp_rows);
  /* front flags: in place, the front of each workload is a prefix-ordered subset */
  bool *on = calloc(nr ? nr : 1, sizeof *on);
  if (!on && rc == 0) rc = com_err_oom(e);
  size_t start = 0;
  for (size_t i = 0; rc == 0 && i < nr; i++) {
    if (i > 0 && rows[i].w != rows[i - 1].w) start = i;
    on[i] = true;
    for (size_t j = start; j < i && on[i]; j++)
      if (on[j] && dominates(&rows[j], &rows[i], n)) on[i] = false;
  }
  if (rc == 0) {
    sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_stmt *del = NULL, *ins = NULL;
    if (sqlite3_prepare_v2(h, "DELETE FROM pareto WHERE metrics = ?", -1, &del, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "INSERT INTO pareto VALUES (?, ?, ?)", -1, &ins, NULL) != SQLITE_OK) {
      rc = fail(h, path, e);
    } else {
      sqlite3_bind_text(del, 1, canon, -1, SQLITE_STATIC);
      if (sqlite3_step(del) != SQLITE_DONE) rc = fail(h, path, e);
      for (size_t i = 0; rc == 0 && i < nr; i++) {
        if (!on[i]) continue;
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, canon, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 2, rows[i].w);
        sqlite3_bind_int64(ins, 3, (sqlite3_int64)rows[i].p);
        if (sqlite3_step(ins) != SQLITE_DONE) rc = fail(h, path, e);
      }
    }
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    sqlite3_exec(h, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  }
  if (rc == 0 && out) {
    size_t count = 0;
    for (size_t i = 0; i < nr; i++) count += on[i];
    fprintf(out, "pareto front (%s, minimized): %zu of %zu ok points\n", canon, count, nr);
    fprintf(out, "%8s %10s", "workload", "point");
    for (int i = 0; i < n; i++) fprintf(out, " %14s", cols[idx[i]]);
    fprintf(out, "  parameters\n");
    for (size_t i = 0; i < nr; i++) if (on[i]) print_point(h, out, &rows[i], idx, n);
  }
  free(on);
  free(rows);
  sqlite3_close(h);
  return rc;
}
