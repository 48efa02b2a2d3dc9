/* schedule_window — window refinement of an operator order (after the order search, graphs
 * above MAP_SCHED_FREE_MAX_OPS ops), after COSMA's divide and conquer: the order is cut into
 * windows of consecutive steps, each window's ops are re-ordered among themselves (everything
 * outside stays fixed, so any topological order of the window's induced sub-graph keeps the
 * whole order valid) and the re-ordering is kept when the whole order's score improves.
 *
 * Inside a window the set of ops already run fixes which tensors are live (whatever their
 * order), so a dynamic program over the window's downsets (sets closed under its internal
 * dependencies) finds exactly the window order that minimizes a per-step cost of the live
 * bytes. Two costs are solved (the bytes above the budget summed over the steps; the window's
 * peak, then that sum; a third, the live bytes summed, never won on NAS cells or random DAGs),
 * since neither is the true price. Besides, up to a given number of the window's topological
 * orders are enumerated (depth first from the current one). Single-op moves cannot see these
 * re-orderings: moving one op alone often makes the order worse before a second move makes it
 * better. Every candidate is scored on the WHOLE order by the order search's score (Belady
 * bytes, then overflow), and only a strictly better one is kept, so the score never gets worse
 * and the passes end. Deterministic: no randomness, time only as a safety cap. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mapper/schedule.h"

#define WIN_COSTS 2  /* costs solved per window */
#define WIN_PASSES 8 /* passes over the order at most */

typedef struct win_ctx {
  const map_graph *g;
  uint64_t budget;
  int T;
  int *order, *cand, *pos, *first, *last; /* steps; per op; per tensor: first and last use */
  int *stamp, serial, *tl, ntl;           /* per tensor: the last window touching it; touched tensors */
  uint32_t pred[MAP_SCHED_WINDOW_MAX], *umask; /* per window op: its producers in the window;
                                                  per touched tensor: the window ops using it */
  uint64_t key[WIN_COSTS][2];             /* scratch */
  uint64_t (*dp)[WIN_COSTS][2];           /* per downset: the cost of the best way to reach it */
  signed char (*from)[WIN_COSTS];         /* per downset: its last op, -1 unreached */
  uint64_t sb, so;                        /* the order's score: Belady bytes, overflow */
  int kept;                               /* re-orderings kept */
} win_ctx;

static bool win_less(const uint64_t a[2], const uint64_t b[2]) { return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]); }

static void win_uses(win_ctx *c) {
  const map_graph *g = c->g;
  for (int t = 0; t < g->ntensors; t++) { c->first[t] = c->T; c->last[t] = -1; }
  for (int s = 0; s < c->T; s++) {
    const map_gop *op = &g->ops[c->order[s]];
    c->pos[c->order[s]] = s;
    for (int k = 0; k < op->nin + op->nout; k++) {
      int t = op->in[k];
      if (c->first[t] > s) c->first[t] = s;
      c->last[t] = s;
    }
  }
}

/* Live bytes while window op i runs after the window ops in done (outside: base bytes). */
static uint64_t win_live(const win_ctx *c, int a, int w, uint64_t base, uint32_t done, int i) {
  uint32_t with = done | (1u << i);
  uint64_t live = base;
  for (int k = 0; k < c->ntl; k++) {
    int t = c->tl[k];
    bool started = c->first[t] < a || (c->umask[k] & with);
    bool open = c->last[t] >= a + w || (c->umask[k] & ~done);
    if (started && open) live += c->g->t[t].bytes;
  }
  return live;
}

/* Solves the window [a, a+w) for every cost; leaves the best order of cost v in
 * cand[a..a+w) when win_pick(c, a, w, v) is called. */
static void win_solve(win_ctx *c, int a, int w) {
  const map_graph *g = c->g;
  c->ntl = 0;
  c->serial++;
  for (int i = 0; i < w; i++) {
    const map_gop *op = &g->ops[c->order[a + i]];
    c->pred[i] = 0;
    for (int k = 0; k < op->nin + op->nout; k++) {
      int t = op->in[k], p = g->t[t].producer;
      if (k < op->nin && p >= 0 && c->pos[p] >= a && c->pos[p] < a + w) c->pred[i] |= 1u << (c->pos[p] - a);
      if (c->stamp[t] != c->serial) { c->stamp[t] = c->serial; c->umask[c->ntl] = 0; c->tl[c->ntl++] = t; }
    }
  }
  for (int k = 0; k < c->ntl; k++)
    for (int i = 0; i < w; i++) {
      const map_gop *op = &g->ops[c->order[a + i]];
      for (int q = 0; q < op->nin + op->nout; q++)
        if (op->in[q] == c->tl[k]) c->umask[k] |= 1u << i;
    }
  uint64_t base = 0; /* untouched tensors live across the whole window */
  for (int t = 0; t < g->ntensors; t++)
    if (c->stamp[t] != c->serial && c->first[t] < a && c->last[t] >= a + w) base += g->t[t].bytes;
  uint32_t full = (1u << w) - 1;
  for (uint32_t m = 0; m <= full; m++)
    for (int v = 0; v < WIN_COSTS; v++) c->from[m][v] = -1;
  memset(c->dp[0], 0, sizeof c->dp[0]);
  for (uint32_t m = 0; m < full; m++) {
    if (m && c->from[m][0] < 0) continue; /* not a downset */
    for (int i = 0; i < w; i++) {
      uint32_t n = m | (1u << i);
      if (n == m || (c->pred[i] & ~m)) continue;
      uint64_t live = win_live(c, a, w, base, m, i), over = live > c->budget ? live - c->budget : 0;
      const uint64_t *d0 = c->dp[m][0], *d1 = c->dp[m][1];
      c->key[0][0] = d0[0] + over; /* bytes above the budget summed over the steps, then live bytes */
      c->key[0][1] = d0[1] + live;
      c->key[1][0] = d1[0] > live ? d1[0] : live; /* the window's peak, then the bytes above */
      c->key[1][1] = d1[1] + over;
      for (int v = 0; v < WIN_COSTS; v++)
        if (c->from[n][v] < 0 || win_less(c->key[v], c->dp[n][v])) {
          c->from[n][v] = (signed char)i;
          memcpy(c->dp[n][v], c->key[v], sizeof c->key[v]);
        }
    }
  }
}

/* Writes cost v's best window order into cand (a copy of order elsewhere); false when it is
 * the current one. */
static bool win_pick(win_ctx *c, int a, int w, int v) {
  uint32_t m = (1u << w) - 1;
  memcpy(c->cand, c->order, (size_t)c->T * sizeof *c->cand);
  for (int s = a + w - 1; s >= a; s--) {
    int i = c->from[m][v];
    c->cand[s] = c->order[a + i];
    m &= ~(1u << i);
  }
  return memcmp(c->cand + a, c->order + a, (size_t)w * sizeof *c->cand) != 0;
}

static bool win_better(uint64_t b1, uint64_t o1, uint64_t b2, uint64_t o2) { return b1 < b2 || (b1 == b2 && o1 < o2); }

/* A depth-first enumeration of a window's topological orders. */
typedef struct win_enum {
  win_ctx *c;
  int a, w;
  long left;        /* orders still to score */
  uint64_t bb, bo;  /* best score so far */
  int *best;        /* its window order */
  com_err *e;
  int rc;
} win_enum;

/* Extends cand[a..a+s) (the window ops in m, cur: the window's current order) in every valid
 * way, scoring each complete order. */
static void win_dfs(win_enum *x, uint32_t m, int s, const int *cur) {
  win_ctx *c = x->c;
  if (x->rc || x->left <= 0) return;
  if (s == x->w) {
    if (memcmp(c->cand + x->a, c->order + x->a, (size_t)x->w * sizeof *c->cand) == 0) return; /* the current one */
    x->left--;
    uint64_t nb, no;
    if (map_sched_order_score(c->g, c->cand, c->budget, &nb, &no, x->e)) { x->rc = -1; return; }
    if (win_better(nb, no, x->bb, x->bo)) {
      x->bb = nb;
      x->bo = no;
      memcpy(x->best, c->cand + x->a, (size_t)x->w * sizeof *x->best);
    }
    return;
  }
  for (int i = 0; i < x->w; i++) {
    if ((m >> i & 1) || (c->pred[i] & ~m)) continue;
    c->cand[x->a + s] = cur[i];
    win_dfs(x, m | 1u << i, s + 1, cur);
  }
}

/* Tries window [a, a+w): the DP's picks, then up to leaves enumerated orders; keeps each
 * strictly better one. Returns 1 when the order changed, 0 not, -1 error. */
static int win_window(win_ctx *c, int a, int w, long leaves, com_err *e) {
  int changed = 0;
  win_solve(c, a, w);
  for (int v = 0; v < WIN_COSTS; v++) {
    if (!win_pick(c, a, w, v)) continue;
    uint64_t nb, no;
    if (map_sched_order_score(c->g, c->cand, c->budget, &nb, &no, e)) return -1;
    if (!win_better(nb, no, c->sb, c->so)) continue;
    memcpy(c->order + a, c->cand + a, (size_t)w * sizeof *c->order);
    c->sb = nb;
    c->so = no;
    c->kept++;
    changed = 1;
    win_uses(c);
    win_solve(c, a, w); /* same ops, same DP; its indices follow the new order */
  }
  if (leaves <= 0) return changed;
  int cur[MAP_SCHED_WINDOW_MAX], best[MAP_SCHED_WINDOW_MAX];
  memcpy(cur, c->order + a, (size_t)w * sizeof *cur);
  memcpy(c->cand, c->order, (size_t)c->T * sizeof *c->cand);
  win_enum x = {c, a, w, leaves, c->sb, c->so, best, e, 0};
  win_dfs(&x, 0, 0, cur);
  if (x.rc) return -1;
  if (!win_better(x.bb, x.bo, c->sb, c->so)) return changed;
  memcpy(c->order + a, best, (size_t)w * sizeof *c->order);
  c->sb = x.bb;
  c->so = x.bo;
  c->kept++;
  win_uses(c);
  return 1;
}

int map_sched_window_refine(const map_graph *g, int *order, uint64_t budget, uint64_t floor_bytes, int width,
                            long leaves, double time_cap_s, uint64_t *bytes, int *kept, com_err *e) {
  int T = g->nops, nt = g->ntensors, rc = -1;
  if (width > MAP_SCHED_WINDOW_MAX) width = MAP_SCHED_WINDOW_MAX;
  if (width > T) width = T;
  win_ctx c = {.g = g, .budget = budget, .T = T, .order = order};
  c.cand = malloc(((size_t)T + 1) * sizeof *c.cand);
  c.pos = malloc(((size_t)T + 1) * sizeof *c.pos);
  c.first = malloc(((size_t)nt + 1) * sizeof *c.first);
  c.last = malloc(((size_t)nt + 1) * sizeof *c.last);
  c.stamp = calloc((size_t)nt + 1, sizeof *c.stamp);
  c.tl = malloc(((size_t)nt + 1) * sizeof *c.tl);
  c.umask = malloc(((size_t)nt + 1) * sizeof *c.umask);
  size_t states = (size_t)1 << (width > 0 ? width : 0);
  c.dp = malloc(states * sizeof *c.dp);
  c.from = malloc(states * sizeof *c.from);
  *kept = 0;
  if (!c.cand || !c.pos || !c.first || !c.last || !c.stamp || !c.tl || !c.umask || !c.dp || !c.from) {
    com_err_oom(e);
    goto out;
  }
  if (map_sched_order_score(g, order, budget, &c.sb, &c.so, e)) goto out;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int stride = width / 2 > 0 ? width / 2 : 1;
  bool capped = false;
  for (int pass = 0; pass < WIN_PASSES && width > 1 && !capped; pass++) {
    bool improved = false;
    win_uses(&c);
    /* odd passes shift the windows by half a stride so that their borders move */
    for (int a = pass % 2 ? stride / 2 : 0; a + 1 < T; a += stride) {
      if (c.sb <= floor_bytes && (floor_bytes > 0 || c.so == 0)) break; /* cannot improve */
      clock_gettime(CLOCK_MONOTONIC, &t1);
      if ((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9 > time_cap_s) {
        capped = true;
        break;
      }
      int r = win_window(&c, a, a + width <= T ? width : T - a, leaves, e);
      if (r < 0) goto out;
      improved |= r;
    }

    if (!improved) break;
  }
  *bytes = c.sb;
  *kept = c.kept;
  rc = 0;
out:
  free(c.cand);
  free(c.pos);
  free(c.first);
  free(c.last);
  free(c.stamp);
  free(c.tl);
  free(c.umask);
  free(c.dp);
  free(c.from);
  return rc;
}
