/* alloc_search — a backtracking placement search for the residency intervals that best fit
 * could not place (dynamic storage allocation is NP-hard; at M_R the largest op's operands fill
 * the budget exactly, so they must end up contiguous, which a greedy pass rarely achieves).
 *
 * Intervals are placed in start order (then largest first). An interval's candidate addresses
 * are 0, the top of the budget, and the edges of the already placed intervals it conflicts
 * with (just above one, just below one): a feasible placement can be pushed against such an
 * edge, so these few candidates cover the useful positions. A dead end jumps back to the latest
 * placed interval that shaped it (conflict-directed backjumping: the conflict sets are unions of
 * the blocking intervals' levels), so a failure at a tight step revisits the operands that
 * fragmented it rather than every interval in between. Three value orders are tried in turn:
 * best fit (the smallest hole), lowest address first, and two-ended (intervals live over
 * several steps from the bottom, single-step ones from the top). The search is bounded by a
 * node count, never by time, so its result is deterministic. */
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule.h"

typedef struct srch {
  map_plan *p;
  const map_graph *g;
  int n, words;      /* intervals; 64-bit words per conflict set */
  int *ord, *lev;    /* level -> interval, interval -> level */
  int *cstart, *cadj; /* conflicts of each interval (CSR, by interval index) */
  uint64_t *cand;    /* per level: candidate addresses, at cstart-derived offsets */
  int *coff, *ncand, *cur;
  uint64_t *conf;    /* per level: conflict set over levels (bitset) */
} srch;

static uint64_t ssz(const srch *s, int i) { return s->g->t[s->p->iv[i].tensor].bytes; }

static int srch_ord_cmp(const void *a, const void *b, void *arg) {
  const srch *s = arg;
  int i = *(const int *)a, j = *(const int *)b;
  const map_interval *x = &s->p->iv[i], *y = &s->p->iv[j];
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  if (ssz(s, i) != ssz(s, j)) return ssz(s, i) > ssz(s, j) ? -1 : 1;
  if (x->end != y->end) return x->end > y->end ? -1 : 1;
  return (i > j) - (i < j);
}

/* The free hole around address a at level k (bytes between the nearest placed neighbours). */
static uint64_t srch_hole(const srch *s, int k, uint64_t a, uint64_t size) {
  int i = s->ord[k];
  uint64_t lo = 0, hi = s->p->budget;
  for (int q = s->cstart[i]; q < s->cstart[i + 1]; q++) {
    int j = s->cadj[q];
    if (s->lev[j] >= k) continue;
    uint64_t b0 = s->p->iv[j].addr, b1 = b0 + ssz(s, j);
    if (b1 <= a && b1 > lo) lo = b1;
    if (b0 >= a + size && b0 < hi) hi = b0;
  }
  return hi - lo;
}

/* Fills the candidates of level k (valid addresses, deduplicated, in the policy's order) and
 * adds the placed conflicting levels to its conflict set. */
static void srch_candidates(srch *s, int k, int policy) {
  int i = s->ord[k], m = 0;
  const map_interval *v = &s->p->iv[i];
  uint64_t size = ssz(s, i), B = s->p->budget, *c = s->cand + s->coff[k];
  uint64_t *cf = s->conf + (size_t)k * (size_t)s->words;
  memset(cf, 0, (size_t)s->words * sizeof *cf);
  if (size > B) { s->ncand[k] = s->cur[k] = 0; return; } /* never fits: the empty conflict set ends the search */
  c[m++] = 0;
  c[m++] = B - size;
  for (int q = s->cstart[i]; q < s->cstart[i + 1]; q++) {
    int j = s->cadj[q], lj = s->lev[j];
    if (lj >= k) continue;
    cf[lj / 64] |= (uint64_t)1 << (lj % 64);
    c[m++] = s->p->iv[j].addr + ssz(s, j);
    if (s->p->iv[j].addr >= size) c[m++] = s->p->iv[j].addr - size;
  }
  int w = 0;
  for (int a = 0; a < m; a++) {
    bool ok = c[a] + size <= B;
    for (int b = 0; b < w && ok; b++) ok = c[b] != c[a];
    for (int q = s->cstart[i]; q < s->cstart[i + 1] && ok; q++) {
      int j = s->cadj[q];
      if (s->lev[j] >= k) continue;
      uint64_t b0 = s->p->iv[j].addr;
      ok = b0 + ssz(s, j) <= c[a] || c[a] + size <= b0;
    }
    if (ok) c[w++] = c[a];
  }
  /* insertion sort by the policy's key (candidate lists are short) */
  bool down = policy == 2 && v->start == v->end;
  for (int a = 1; a < w; a++)
    for (int b = a; b > 0; b--) {
      uint64_t x = c[b - 1], y = c[b];
      bool swap;
      if (policy == 0) {
        uint64_t hx = srch_hole(s, k, x, size), hy = srch_hole(s, k, y, size);
        swap = hy < hx || (hy == hx && y < x);
      } else {
        swap = down ? y > x : y < x;
      }
      if (!swap) break;
      c[b - 1] = y;
      c[b] = x;
    }
  s->ncand[k] = w;
  s->cur[k] = 0;
}

/* One depth-first search with the given value order; returns 0 placed, 1 not within *nodes. */
static int srch_run(srch *s, int policy, long *nodes) {
  int k = 0;
  srch_candidates(s, 0, policy);
  while (k < s->n) {
    if (s->cur[k] < s->ncand[k]) {
      if (--*nodes < 0) return 1;
      s->p->iv[s->ord[k]].addr = s->cand[s->coff[k] + s->cur[k]++];
      if (++k < s->n) srch_candidates(s, k, policy);
      continue;
    }
    /* dead end: jump to the latest level in the conflict set, handing it the rest */
    uint64_t *cf = s->conf + (size_t)k * (size_t)s->words;
    int h = -1;
    for (int wd = s->words - 1; wd >= 0 && h < 0; wd--)
      if (cf[wd]) h = wd * 64 + 63 - __builtin_clzll(cf[wd]);
    if (h < 0) return 1; /* no placement exists with these candidates */
    uint64_t *ch = s->conf + (size_t)h * (size_t)s->words;
    for (int wd = 0; wd < s->words; wd++) ch[wd] |= cf[wd];
    ch[h / 64] &= ~((uint64_t)1 << (h % 64));
    k = h;
  }
  return 0;
}

int map_alloc_search(map_plan *p, const map_graph *g, long node_limit) {
  srch s = {.p = p, .g = g, .n = p->n, .words = (p->n + 63) / 64};
  if (p->n == 0) return 0;
  if (p->n > 8192) return 1; /* conflict sets would need n^2 bits */
  size_t n = (size_t)p->n;
  s.ord = malloc(n * sizeof *s.ord);
  s.lev = malloc(n * sizeof *s.lev);
  s.cstart = calloc(n + 1, sizeof *s.cstart);
  s.coff = malloc((n + 1) * sizeof *s.coff);
  s.ncand = calloc(n, sizeof *s.ncand);
  s.cur = calloc(n, sizeof *s.cur);
  s.conf = malloc(n * (size_t)s.words * sizeof *s.conf);
  uint64_t *saved = malloc(n * sizeof *saved);
  int rc = -1;
  if (!s.ord || !s.lev || !s.cstart || !s.coff || !s.ncand || !s.cur || !s.conf || !saved) goto out;
  /* intervals sharing a step conflict; CSR built in two passes */
  for (int pass = 0; pass < 2; pass++) {
    int *fill = pass ? calloc(n, sizeof *fill) : NULL;
    if (pass && !fill) goto out;
    for (int i = 0; i < p->n; i++)
      for (int j = 0; j < p->n; j++) {
        if (i == j || p->iv[i].start > p->iv[j].end || p->iv[j].start > p->iv[i].end) continue;
        if (pass) s.cadj[s.cstart[i] + fill[i]++] = j;
        else s.cstart[i + 1]++;
      }
    if (!pass) {
      for (int i = 0; i < p->n; i++) s.cstart[i + 1] += s.cstart[i];
      if (!(s.cadj = malloc(((size_t)s.cstart[n] + 1) * sizeof *s.cadj))) goto out;
    }
    free(fill);
  }
  for (int i = 0; i < p->n; i++) s.ord[i] = i;
  qsort_r(s.ord, n, sizeof *s.ord, srch_ord_cmp, &s);
  size_t tot = 0;
  for (int k = 0; k < p->n; k++) {
    int i = s.ord[k];
    s.lev[i] = k;
    s.coff[k] = (int)tot;
    tot += 2 * (size_t)(s.cstart[i + 1] - s.cstart[i]) + 2;
  }
  if (!(s.cand = malloc(tot * sizeof *s.cand))) goto out;
  for (int i = 0; i < p->n; i++) saved[i] = p->iv[i].addr;
  rc = 1;
  for (int policy = 0; policy < 3 && rc == 1; policy++) {
    long nodes = node_limit / 3;
    rc = srch_run(&s, policy, &nodes);
  }
  if (rc == 1)
    for (int i = 0; i < p->n; i++) p->iv[i].addr = saved[i];
out:
  free(s.ord);
  free(s.lev);
  free(s.cstart);
  free(s.cadj);
  free(s.cand);
  free(s.coff);
  free(s.ncand);
  free(s.cur);
  free(s.conf);
  free(saved);
  return rc;
}
