/* model — the solver-neutral MIP store of ilp.h: variables, sparse rows, validation and an
 * independent feasibility check of an assignment. No GLPK here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilp/ilp.h"

ilp_params ilp_params_default(void) {
  ilp_params p = {10.0, 1e-4, true, NULL};
  return p;
}

ilp_model *ilp_new(void) { return calloc(1, sizeof(ilp_model)); }

void ilp_free(ilp_model *m) {
  if (!m) return;
  free(m->cols);
  free(m->rows);
  free(m->idx);
  free(m->coef);
  free(m->x);
  free(m);
}

/* Grows *p (of *cap elements of elem bytes) to hold need; false when out of memory. */
static bool ilp_grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return true;
  size_t n = *cap ? *cap * 2 : 64;
  while (n < need) n *= 2;
  void *q = realloc(*p, n * elem);
  if (!q) return false;
  *p = q;
  *cap = n;
  return true;
}

/* Copies a name, keeping only characters every LP/MPS reader accepts. */
static void ilp_name(char *dst, const char *src, const char *fallback, int index) {
  if (!src || !*src) {
    snprintf(dst, ILP_NAME_MAX, "%s%d", fallback, index);
    return;
  }
  size_t k = 0;
  for (; src[k] && k + 1 < ILP_NAME_MAX; k++) {
    char c = src[k];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '(' || c == ')' || c == ',';
    dst[k] = ok ? c : '_';
  }
  dst[k] = '\0';
  if ((dst[0] >= '0' && dst[0] <= '9') || dst[0] == '.') dst[0] = '_';
}

int ilp_var(ilp_model *m, const char *name, double lo, double hi, bool integer, double cost) {
  size_t cap = (size_t)m->capcols;
  if (m->ncols == 0x7fffffff || !ilp_grow((void **)&m->cols, &cap, (size_t)m->ncols + 1, sizeof *m->cols))
    return -1;
  m->capcols = (int)(cap > 0x7fffffff ? 0x7fffffff : cap);
  ilp_colv *c = &m->cols[m->ncols];
  ilp_name(c->name, name, "x", m->ncols);
  c->lo = lo;
  c->hi = hi;
  c->cost = cost;
  c->integer = integer;
  return m->ncols++;
}

int ilp_bin(ilp_model *m, const char *name, double cost) { return ilp_var(m, name, 0, 1, true, cost); }

int ilp_row(ilp_model *m, const char *name, int n, const int *idx, const double *coef, char sense,
            double rhs) {
  size_t cap = (size_t)m->caprows, capc = m->capnnz;
  if (n < 0 || m->nrows == 0x7fffffff ||
      !ilp_grow((void **)&m->rows, &cap, (size_t)m->nrows + 1, sizeof *m->rows))
    return -1;
  m->caprows = (int)(cap > 0x7fffffff ? 0x7fffffff : cap);
  if (!ilp_grow((void **)&m->idx, &m->capnnz, m->nnz + (size_t)n, sizeof *m->idx) ||
      !ilp_grow((void **)&m->coef, &capc, m->capnnz, sizeof *m->coef))
    return -1;
  ilp_rowv *r = &m->rows[m->nrows];
  ilp_name(r->name, name, "r", m->nrows);
  m->nrows++;
  r->n = n;
  r->first = m->nnz;
  r->sense = sense;
  r->rhs = rhs;
  if (n) {
    memcpy(m->idx + m->nnz, idx, (size_t)n * sizeof *idx);
    memcpy(m->coef + m->nnz, coef, (size_t)n * sizeof *coef);
  }
  m->nnz += (size_t)n;
  return 0;
}

void ilp_set_offset(ilp_model *m, double offset) { m->offset = offset; }
int ilp_ncols(const ilp_model *m) { return m->ncols; }
int ilp_nrows(const ilp_model *m) { return m->nrows; }

int ilp_nints(const ilp_model *m) {
  int n = 0;
  for (int j = 0; j < m->ncols; j++) n += m->cols[j].integer;
  return n;
}

static int ilp_cmp_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fails when two of the n names are equal (kind: "variable" or "row"). */
static int ilp_unique(const char **names, int n, const char *kind, com_err *e) {
  qsort(names, (size_t)n, sizeof *names, ilp_cmp_name);
  for (int i = 1; i < n; i++)
    if (strcmp(names[i - 1], names[i]) == 0)
      return com_err_plain(e, COM_EFAIL, "ilp: two %ss are named '%s'", kind, names[i]);
  return 0;
}

int ilp_validate(const ilp_model *m, com_err *e) {
  if (!isfinite(m->offset)) return com_err_plain(e, COM_EFAIL, "ilp: the objective offset is not finite");
  for (int j = 0; j < m->ncols; j++) {
    const ilp_colv *c = &m->cols[j];
    if (isnan(c->lo) || isnan(c->hi) || c->lo > c->hi || c->lo == ILP_INF || c->hi == -ILP_INF)
      return com_err_plain(e, COM_EFAIL, "ilp: variable %s has bounds [%g, %g]", c->name, c->lo, c->hi);
    if (!isfinite(c->cost))
      return com_err_plain(e, COM_EFAIL, "ilp: variable %s has a non-finite cost", c->name);
    if (c->integer && ((isfinite(c->lo) && c->lo != floor(c->lo)) || (isfinite(c->hi) && c->hi != floor(c->hi))))
      return com_err_plain(e, COM_EFAIL, "ilp: integer variable %s has fractional bounds", c->name);
  }
  int *seen = calloc((size_t)m->ncols + 1, sizeof *seen);
  if (!seen) return com_err_oom(e);
  int rc = 0;
  for (int i = 0; i < m->nrows && rc == 0; i++) {
    const ilp_rowv *r = &m->rows[i];
    if (r->sense != 'L' && r->sense != 'G' && r->sense != 'E')
      rc = com_err_plain(e, COM_EFAIL, "ilp: row %s has sense '%c' (want L, G or E)", r->name, r->sense);
    else if (!isfinite(r->rhs))
      rc = com_err_plain(e, COM_EFAIL, "ilp: row %s has a non-finite right-hand side", r->name);
    for (int k = 0; k < r->n && rc == 0; k++) {
      int j = m->idx[r->first + (size_t)k];
      if (j < 0 || j >= m->ncols)
        rc = com_err_plain(e, COM_EFAIL, "ilp: row %s names variable %d of %d", r->name, j, m->ncols);
      else if (!isfinite(m->coef[r->first + (size_t)k]))
        rc = com_err_plain(e, COM_EFAIL, "ilp: row %s has a non-finite coefficient", r->name);
      else if (seen[j] == i + 1)
        rc = com_err_plain(e, COM_EFAIL, "ilp: row %s names variable %s twice", r->name, m->cols[j].name);
      else seen[j] = i + 1;
    }
  }
  free(seen);
  if (rc) return rc;
  int n = m->ncols > m->nrows ? m->ncols : m->nrows;
  const char **names = malloc(((size_t)n + 1) * sizeof *names);
  if (!names) return com_err_oom(e);
  for (int j = 0; j < m->ncols; j++) names[j] = m->cols[j].name;
  rc = ilp_unique(names, m->ncols, "variable", e);
  for (int i = 0; i < m->nrows && rc == 0; i++) names[i] = m->rows[i].name;
  if (rc == 0) rc = ilp_unique(names, m->nrows, "row", e);
  free(names);
  return rc;
}

bool ilp_check(const ilp_model *m, const double *x, double tol, char *why, size_t cap) {
  char dummy[8];
  if (!why) { why = dummy; cap = sizeof dummy; }
  for (int j = 0; j < m->ncols; j++) {
    const ilp_colv *c = &m->cols[j];
    if (!(x[j] >= c->lo - tol && x[j] <= c->hi + tol)) {
      snprintf(why, cap, "variable %s = %g outside [%g, %g]", c->name, x[j], c->lo, c->hi);
      return false;
    }
    if (c->integer && fabs(x[j] - round(x[j])) > tol) {
      snprintf(why, cap, "integer variable %s = %g", c->name, x[j]);
      return false;
    }
  }
  for (int i = 0; i < m->nrows; i++) {
    const ilp_rowv *r = &m->rows[i];
    double s = 0, scale = 1;
    for (int k = 0; k < r->n; k++) {
      double a = m->coef[r->first + (size_t)k];
      s += a * x[m->idx[r->first + (size_t)k]];
      if (fabs(a) > scale) scale = fabs(a);
    }
    double t = tol * (scale > fabs(r->rhs) ? scale : fabs(r->rhs) > 1 ? fabs(r->rhs) : 1);
    bool ok = r->sense == 'L' ? s <= r->rhs + t : r->sense == 'G' ? s >= r->rhs - t : fabs(s - r->rhs) <= t;
    if (!ok) {
      snprintf(why, cap, "row %s: %g %s %g violated", r->name, s,
               r->sense == 'L' ? "<=" : r->sense == 'G' ? ">=" : "=", r->rhs);
      return false;
    }
  }
  return true;
}

double ilp_objective_of(const ilp_model *m, const double *x) {
  double s = m->offset;
  for (int j = 0; j < m->ncols; j++) s += m->cols[j].cost * x[j];
  return s;
}

const char *ilp_status_name(ilp_status s) {
  switch (s) {
  case ILP_OPTIMAL: return "optimal";
  case ILP_FEASIBLE: return "feasible";
  case ILP_INFEASIBLE: return "infeasible";
  case ILP_NO_SOLUTION: return "timeout";
  case ILP_UNBOUNDED: return "unbounded";
  }
  return "?";
}
