/* alloc — address assignment of a plan's residency intervals: offline best fit (largest first,
 * conflicts = intervals sharing a step), and an exact address ILP (COSMA's L variables with
 * pairwise non-overlap) for small plans where best fit fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule.h"

typedef struct alloc_ctx { const map_plan *p; const map_graph *g; } alloc_ctx;

static uint64_t alloc_size(const map_plan *p, const map_graph *g, int i) { return g->t[p->iv[i].tensor].bytes; }

static int alloc_cmp_size(const void *a, const void *b, void *arg) {
  const alloc_ctx *ctx = arg;
  int i = *(const int *)a, j = *(const int *)b;
  const map_plan *p = ctx->p;
  uint64_t x = alloc_size(p, ctx->g, i), y = alloc_size(p, ctx->g, j);
  if (x != y) return x > y ? -1 : 1;
  int lx = p->iv[i].end - p->iv[i].start, ly = p->iv[j].end - p->iv[j].start;
  if (lx != ly) return lx > ly ? -1 : 1;
  return (i > j) - (i < j);
}

/* Places intervals in the order given (single-step intervals from the top of the budget when
 * two_sided); returns the highest end address reached (UINT64_MAX when a top placement fails). */
static uint64_t alloc_place(map_plan *p, const map_graph *g, const int *ord, int *placed, uint64_t *lo, uint64_t *hi,
                            bool two_sided) {
  uint64_t top = 0;
  for (int k = 0; k < p->n; k++) {
    int i = ord[k];
    map_interval *v = &p->iv[i];
    uint64_t size = alloc_size(p, g, i);
    int m = 0; /* conflicting placed intervals, as [lo, hi) sorted by lo */
    for (int q = 0; q < k; q++) {
      const map_interval *u = &p->iv[placed[q]];
      if (u->start > v->end || u->end < v->start) continue;
      uint64_t a = u->addr, b = u->addr + alloc_size(p, g, placed[q]);
      int j = m++;
      while (j > 0 && lo[j - 1] > a) { lo[j] = lo[j - 1]; hi[j] = hi[j - 1]; j--; }
      lo[j] = a;
      hi[j] = b;
    }
    /* best fit: the smallest free hole that holds size, else above everything */
    uint64_t cur = 0, best = UINT64_MAX, best_hole = UINT64_MAX;
    for (int j = 0; j < m; j++) {
      if (lo[j] > cur && lo[j] - cur >= size && lo[j] - cur < best_hole) { best_hole = lo[j] - cur; best = cur; }
      if (hi[j] > cur) cur = hi[j];
    }
    if (best == UINT64_MAX) best = cur;
    if (two_sided && v->start == v->end) { /* the highest free slot below the budget */
      if (size > p->budget) return UINT64_MAX;
      uint64_t cand = UINT64_MAX;
      for (int j = -1; j < m; j++) {
        uint64_t c = j < 0 ? p->budget - size : lo[j] >= size ? lo[j] - size : UINT64_MAX;
        if (c == UINT64_MAX || (cand != UINT64_MAX && c <= cand)) continue;
        bool free_ = true;
        for (int q = 0; q < m && free_; q++) free_ = hi[q] <= c || lo[q] >= c + size;
        if (free_) cand = c;
      }
      if (cand == UINT64_MAX) return UINT64_MAX;
      best = cand;
    }
    v->addr = best;
    if (best + size > top) top = best + size;
    placed[k] = i;
  }
  return top;
}

int map_alloc_best_fit(map_plan *p, const map_graph *g) {
  int *ord = malloc(((size_t)p->n + 1) * sizeof *ord), *placed = malloc(((size_t)p->n + 1) * sizeof *placed);
  uint64_t *lo = malloc(((size_t)p->n + 1) * sizeof *lo), *hi = malloc(((size_t)p->n + 1) * sizeof *hi);
  int rc = -1;
  if (ord && placed && lo && hi) {
    for (int i = 0; i < p->n; i++) ord[i] = i;
    alloc_ctx ctx = {p, g};
    qsort_r(ord, (size_t)p->n, sizeof *ord, alloc_cmp_size, &ctx);
    /* orders tried: size (largest first), start step, then each with single-step intervals
     * placed from the top of the scratchpad; the first that fits wins */
    uint64_t top = UINT64_MAX;
    for (int k = 0; k < 4 && top > p->budget; k++) {
      if (k == 2)
        for (int i = 0; i < p->n; i++) ord[i] = i;
      top = alloc_place(p, g, ord, placed, lo, hi, k % 2 == 1);
    }
    rc = top > p->budget ? 1 : 0;
  }
  free(ord);
  free(placed);
  free(lo);
  free(hi);
  return rc;
}

int map_alloc_ilp(map_plan *p, const map_graph *g, double time_limit_s, com_err *e) {
  ilp_model *m = ilp_new();
  if (!m) return com_err_oom(e);
  char name[64];
  int rc = -1;
  double M = (double)p->budget;
  for (int i = 0; i < p->n; i++) {
    snprintf(name, sizeof name, "L_%d", i);
    if (ilp_var(m, name, 0, M - (double)alloc_size(p, g, i), true, 0) < 0) goto oom;
  }
  int pairs = 0;
  for (int i = 0; i < p->n; i++)
    for (int j = i + 1; j < p->n; j++) {
      const map_interval *a = &p->iv[i], *b = &p->iv[j];
      if (a->start > b->end || b->start > a->end) continue;
      if (++pairs > 4000) { rc = 1; goto done; } /* beyond what GLPK handles (docs/ilp.md) */
      snprintf(name, sizeof name, "z_%d_%d", i, j);
      int z = ilp_bin(m, name, 0);
      if (z < 0) goto oom;
      /* L_i + s_i <= L_j + M (1 - z)   and   L_j + s_j <= L_i + M z */
      int idx[3] = {i, j, z};
      double c1[3] = {1, -1, M}, c2[3] = {-1, 1, -M};
      snprintf(name, sizeof name, "below_%d_%d", i, j);
      if (ilp_row(m, name, 3, idx, c1, 'L', M - (double)alloc_size(p, g, i)) < 0) goto oom;
      snprintf(name, sizeof name, "above_%d_%d", i, j);
      if (ilp_row(m, name, 3, idx, c2, 'L', -(double)alloc_size(p, g, j)) < 0) goto oom;
    }
  ilp_result r;
  if (ilp_solve(m, time_limit_s, 0, NULL, &r, e)) goto done;
  rc = 1;
  if (r.status == ILP_OPTIMAL || r.status == ILP_FEASIBLE) {
    for (int i = 0; i < p->n; i++) p->iv[i].addr = (uint64_t)(r.x[i] + 0.5);
    rc = 0;
  }
  goto done;
oom:
  com_err_oom(e);
done:
  ilp_free(m);
  return rc;
}

/* The first step where a live interval lies beyond the budget or two live intervals overlap;
 * -1 when the placement is valid. */
static int alloc_first_bad(const map_plan *p, const map_graph *g) {
  for (int s = 0; s < p->nsteps; s++)
    for (int i = 0; i < p->n; i++) {
      const map_interval *a = &p->iv[i];
      if (a->start > s || a->end < s) continue;
      if (a->addr + alloc_size(p, g, i) > p->budget) return s;
      for (int j = i + 1; j < p->n; j++) {
        const map_interval *b = &p->iv[j];
        if (b->start > s || b->end < s) continue;
        if (a->addr < b->addr + alloc_size(p, g, j) && b->addr < a->addr + alloc_size(p, g, i)) return s;
      }
    }
  return -1;
}

/* Re-places the intervals touching steps [s0, s1] with an address ILP; the others keep their
 * addresses (those beyond the budget are ignored: a later window re-places them).
 * Returns 0 placed, 1 not placed, -1 error. */
static int alloc_window(map_plan *p, const map_graph *g, int s0, int s1, double tl, com_err *e) {
  int *win = malloc(((size_t)p->n + 1) * sizeof *win), nw = 0, rc = -1;
  char *in = calloc((size_t)p->n + 1, 1);
  ilp_model *m = ilp_new();
  char name[64];
  double M = (double)p->budget;
  if (!win || !in || !m) { com_err_oom(e); goto done; }
  for (int i = 0; i < p->n; i++)
    if (p->iv[i].start <= s1 && p->iv[i].end >= s0) { in[i] = 1; win[nw++] = i; }
  for (int k = 0; k < nw; k++) {
    snprintf(name, sizeof name, "L_%d", win[k]);
    if (ilp_var(m, name, 0, M - (double)alloc_size(p, g, win[k]), true, 0) < 0) goto oom;
  }
  int pairs = 0;
  for (int k = 0; k < nw; k++)
    for (int j = 0; j < p->n; j++) {
      int i = win[k];
      const map_interval *a = &p->iv[i], *b = &p->iv[j];
      if (j == i || (in[j] && j < i) || a->start > b->end || b->start > a->end) continue;
      double si = (double)alloc_size(p, g, i), sj = (double)alloc_size(p, g, j);
      if (!in[j] && (double)b->addr + sj > M) continue;
      if (++pairs > 1500) { rc = 1; goto done; }
      snprintf(name, sizeof name, "z_%d_%d", i, j);
      int z = ilp_bin(m, name, 0);
      if (z < 0) goto oom;
      if (in[j]) { /* both free: L_i + s_i <= L_j + M(1-z), L_j + s_j <= L_i + M z */
        int kj = 0;
        while (win[kj] != j) kj++;
        int idx[3] = {k, kj, z};
        double c1[3] = {1, -1, M}, c2[3] = {-1, 1, -M};
        snprintf(name, sizeof name, "b_%d_%d", i, j);
        if (ilp_row(m, name, 3, idx, c1, 'L', M - si) < 0) goto oom;
        snprintf(name, sizeof name, "a_%d_%d", i, j);
        if (ilp_row(m, name, 3, idx, c2, 'L', -sj) < 0) goto oom;
      } else { /* j fixed at b->addr: below it (z = 1) or above it (z = 0) */
        int idx[2] = {k, z};
        double c1[2] = {1, M}, c2[2] = {-1, -M};
        snprintf(name, sizeof name, "b_%d_%d", i, j);
        if (ilp_row(m, name, 2, idx, c1, 'L', (double)b->addr - si + M) < 0) goto oom;
        snprintf(name, sizeof name, "a_%d_%d", i, j);
        if (ilp_row(m, name, 2, idx, c2, 'L', -(double)b->addr - sj) < 0) goto oom;
      }
    }
  ilp_result r;
  if (ilp_solve(m, tl, 0, NULL, &r, e)) goto done;
  rc = 1;
  if (r.status == ILP_OPTIMAL || r.status == ILP_FEASIBLE) {
    for (int k = 0; k < nw; k++) p->iv[win[k]].addr = (uint64_t)(r.x[k] + 0.5);
    rc = 0;
  }
  goto done;
oom:
  com_err_oom(e);
done:
  ilp_free(m);
  free(win);
  free(in);
  return rc;
}

int map_alloc_repair(map_plan *p, const map_graph *g, double time_limit_s, int *windows, int *bad_step,
                     com_err *e) {
  *windows = 0;
  for (int iter = 0; iter < 4 * p->nsteps + 8; iter++) {
    int s = alloc_first_bad(p, g);
    *bad_step = s;
    if (s < 0) return 0;
    int rc = 1;
    for (int w = 1; w <= 8 && rc == 1; w *= 2) {
      rc = alloc_window(p, g, s - w < 0 ? 0 : s - w, s + w, time_limit_s, e);
      if (rc < 0) return -1;
      (*windows)++;
    }
    if (rc) return 1;
  }
  return 1;
}
