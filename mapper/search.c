/*
 * search — exhaustive per-einsum mapspace search (see search.h): the level-by-level enumeration
 * of tilings, the threads and the deterministic reduction. Loop orders: search_orders.c.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mapper/search_priv.h"

/* Levels 1..j all fit (outer levels with their factors so far: a lower bound of their tiles).
 * Extents accumulate from the innermost level outward and a tile is recomputed only when they
 * change, which outside level j they rarely do during the enumeration. */
static bool sr_fits_upto(const map_target *t, const map_mapping *m, int j) {
  uint64_t ext[OPS_MAX_RANKS];
  double bytes[MAP_NT] = {0};
  bool stale = true;
  for (int r = 0; r < t->nranks; r++) ext[r] = 1;
  for (int k = m->nlevels - 1; k >= 1; k--) {
    for (int r = 0; r < t->nranks; r++) {
      uint64_t f = m->lv[k].t[r] * m->lv[k].sx[r] * m->lv[k].sy[r];
      if (f != 1) { ext[r] *= f; stale = true; }
    }
    uint64_t size = t->lv[k].lv->size_bytes;
    if (k > j || !size) continue;
    if (stale)
      for (int s = 0; s < MAP_NT; s++)
        bytes[s] = t->tensor[s] ? (double)map_model_tile(t->tensor[s], ext) * t->bytes_elem[s] : 0;
    stale = false;
    double used = 0;
    for (int s = 0; s < MAP_NT; s++)
      if (t->tensor[s] && (m->lv[k].keep & (1u << s))) used += bytes[s];
    if (used > (double)size) return false;
  }
  return true;
}

static uint64_t sr_small_prime(uint64_t n) {
  for (uint64_t p = 2; p * p <= n; p++)
    if (n % p == 0) return p;
  return n;
}

static void sr_level(sr_thread *th, int j);

static void sr_leaf(sr_thread *th) {
  const sr_shared *sh = th->sh;
  for (int r = 0; r < sh->t->nranks; r++) th->m.lv[0].t[r] = th->rem[r];
  uint64_t seq = th->seq++;
  if (seq % (uint64_t)sh->nthreads == (uint64_t)th->tid) {
    th->tilings++;
    if ((th->tilings & 15) == 0 && map_sr_now() > sh->deadline) th->stop = true;
    else if (map_sr_bound_prunes(th, 0)) th->pruned++;
    else {
      th->seq = seq;
      map_sr_orders(th);
      th->seq = seq + 1;
    }
  }
  for (int r = 0; r < sh->t->nranks; r++) th->m.lv[0].t[r] = 1;
}

/* Ranks whose temporal factor at level j changes a tile kept at j. */
static unsigned sr_tile_ranks(const map_target *t, unsigned keep) {
  unsigned rel = 0;
  for (int s = 0; s < MAP_NT; s++)
    if (t->tensor[s] && (keep & (1u << s))) rel |= t->relevant[s];
  return rel;
}

/* Whether rank i (indexing a tile kept at level j) can only take all of what is left of it:
 * when it fits with rank i and every later rank whole, any smaller factor of i could grow by a
 * prime and still fit whatever the later ranks take (tiles are monotone in the factors), so
 * the capacity-maximality check at the end of the level would reject it. */
static bool sr_only_whole(sr_thread *th, int j, int i) {
  const map_target *t = th->sh->t;
  map_level *l = &th->m.lv[j];
  uint64_t keep[OPS_MAX_RANKS];
  for (int r = i; r < t->nranks; r++) {
    keep[r] = l->t[r];
    l->t[r] = th->rem[r];
  }
  bool whole = sr_fits_upto(t, &th->m, j);
  for (int r = i; r < t->nranks; r++) l->t[r] = keep[r];
  return whole;
}

/* Temporal factor of rank i at level j, then the next rank; at the end of the level, the
 * capacity-maximality check and the next level outward. */
static void sr_temporal(sr_thread *th, int j, int i) {
  const sr_shared *sh = th->sh;
  const map_target *t = sh->t;
  if (th->stop) return;
  if ((++th->nodes & 4095) == 0 && map_sr_now() > sh->deadline) { th->stop = true; return; }
  if (j == 0) { sr_leaf(th); return; }
  /* Skipping a subtree would shift the round-robin numbering of the tilings that other threads
   * rely on, so with several threads the bound is applied per tiling, in sr_leaf. */
  if (i == 0 && sh->nthreads == 1 && map_sr_bound_prunes(th, j)) { th->pruned++; return; }
  map_level *l = &th->m.lv[j];
  unsigned rel = sr_tile_ranks(t, l->keep);
  if (i == t->nranks) {
    for (int r = 0; r < t->nranks; r++) { /* a tile that could still grow is not enumerated */
      if (!(rel & (1u << r)) || th->rem[r] == 1) continue;
      uint64_t q = sr_small_prime(th->rem[r]), keept = l->t[r];
      l->t[r] = keept * q;
      bool grows = sr_fits_upto(t, &th->m, j);
      l->t[r] = keept;
      if (grows) return;
    }
    sr_level(th, j - 1);
    return;
  }
  uint64_t rem = th->rem[i];
  if (!l->keep || rem == 1) { sr_temporal(th, j, i + 1); return; }
  if (!(rel & (1u << i))) { /* no kept tile depends on it: the whole loop here, or none */
    sr_temporal(th, j, i + 1);
    l->t[i] = rem;
    th->rem[i] = 1;
    if (sr_fits_upto(t, &th->m, j)) sr_temporal(th, j, i + 1);
    th->rem[i] = rem;
    l->t[i] = 1;
    return;
  }
  bool whole = sr_only_whole(th, j, i);
  for (int d = 0; d < sh->ndivs[i] && !th->stop; d++) {
    uint64_t v = whole ? rem : sh->divs[i][d];
    if (v > rem) break;
    if (rem % v) continue;
    l->t[i] = v;
    if (!sr_fits_upto(t, &th->m, j)) break;
    th->rem[i] = rem / v;
    sr_temporal(th, j, i + 1);
    if (whole) break;
  }
  l->t[i] = 1;
  th->rem[i] = rem;
}

/* Spatial binding of level j's fan-out: one rank per axis, the largest divisor of what is left
 * of it that fits the axis (a rank is on one axis of a level at most). */
static void sr_spatial(sr_thread *th, int j, int axis) {
  const sr_shared *sh = th->sh;
  const map_target *t = sh->t;
  if (axis == 2) { sr_temporal(th, j, 0); return; }
  uint64_t fan = axis ? t->lv[j].fy : t->lv[j].fx;
  map_level *l = &th->m.lv[j];
  bool any = false;
  for (int r = 0; r < t->nranks && fan > 1 && !th->stop; r++) {
    if (th->rem[r] == 1 || l->sx[r] > 1) continue;
    uint64_t f = 1;
    for (int d = 0; d < sh->ndivs[r]; d++) {
      uint64_t v = sh->divs[r][d];
      if (v > fan || v > th->rem[r]) break;
      if (th->rem[r] % v == 0) f = v;
    }
    if (f == 1) continue;
    uint64_t *slot = axis ? &l->sy[r] : &l->sx[r];
    *slot = f;
    th->rem[r] /= f;
    if (sr_fits_upto(t, &th->m, j)) {
      any = true;
      sr_spatial(th, j, axis + 1);
    }
    th->rem[r] *= f;
    *slot = 1;
  }
  if (!any) sr_spatial(th, j, axis + 1); /* nothing fits spread out: this axis stays idle */
}

static void sr_level(sr_thread *th, int j) { sr_spatial(th, j, 0); }

static void *sr_main(void *arg) {
  sr_thread *th = arg;
  const sr_shared *sh = th->sh;
  for (int c = 0; c < sh->ncfgs && !th->stop; c++) {
    map_mapping_init(sh->t, &th->m);
    for (int r = 0; r < sh->t->nranks; r++) {
      th->m.lv[0].t[r] = 1;
      th->rem[r] = sh->t->es->rank_size[r];
    }
    for (int j = 1; j < sh->t->nlevels; j++) {
      unsigned a = sh->t->lv[j].allow;
      th->m.lv[j].keep = a & ~(unsigned)((sh->cfgs[c] >> (3 * j)) & 7u);
    }
    map_sr_floors(sh->t, &th->m, &th->e_floor, &th->busy_floor);
    sr_level(th, sh->t->nlevels - 1);
  }
  return NULL;
}

/* Ordered factorizations of n into k slots: product over prime powers p^a of C(a+k-1, k-1). */
static double sr_count(uint64_t n, int k) {
  double c = 1;
  for (uint64_t p = 2; p * p <= n || n > 1; p++) {
    if (p * p > n) p = n;
    int a = 0;
    while (n % p == 0) { n /= p; a++; }
    for (int i = 1; i <= a; i++) c = c * (double)(i + k - 1) / (double)i;
  }
  return c;
}

static int sr_setup(sr_shared *sh, const map_target *t, const map_options *o, int threads,
                    bool prune, com_err *e) {
  memset(sh, 0, sizeof *sh);
  sh->t = t;
  sh->o = o;
  sh->nthreads = threads;
  sh->prune = prune;
  map_sr_bound_setup(sh);
  for (int j = 0; j < t->nlevels; j++) {
    if (j > 0) sh->slots[sh->nslots++] = (sr_slot){j, 0};
    if (t->lv[j].fx > 1) sh->slots[sh->nslots++] = (sr_slot){j, 1};
    if (t->lv[j].fy > 1) sh->slots[sh->nslots++] = (sr_slot){j, 2};
  }
  for (int r = 0; r < t->nranks; r++) {
    uint64_t n = t->es->rank_size[r];
    int lo = 0, hi = 0;
    uint64_t small[SR_MAX_DIVS], large[SR_MAX_DIVS];
    for (uint64_t d = 1; d * d <= n; d++)
      if (n % d == 0) {
        if (lo >= SR_MAX_DIVS || hi >= SR_MAX_DIVS)
          return com_err_plain(e, COM_EFAIL, "rank %s (%llu) has more than %d divisors",
                               t->es->rank_name[r], (unsigned long long)n, SR_MAX_DIVS);
        small[lo++] = d;
        if (d * d != n) large[hi++] = n / d;
      }
    if (lo + hi > SR_MAX_DIVS)
      return com_err_plain(e, COM_EFAIL, "rank %s has too many divisors", t->es->rank_name[r]);
    for (int i = 0; i < lo; i++) sh->divs[r][sh->ndivs[r]++] = small[i];
    for (int i = hi - 1; i >= 0; i--) sh->divs[r][sh->ndivs[r]++] = large[i];
  }
  int pairs[64], np = 0;
  for (int j = 1; j < t->nlevels; j++)
    if (__builtin_popcount(t->lv[j].allow) >= 2)
      for (int s = 0; s < MAP_NT; s++)
        if (t->lv[j].allow & (1u << s) && np < 6) pairs[np++] = 3 * j + s;
  sh->ncfgs = 1 << np;
  for (int c = 0; c < sh->ncfgs; c++)
    for (int i = 0; i < np; i++)
      if (c & (1 << i)) sh->cfgs[c] |= (uint64_t)1 << pairs[i];
  return 0;
}

/* The level and tensor that no mapping can fit, from the smallest mapping (unit tiles, shared
 * levels bypassed). Returns -1 with the error, or 0 when even that fits. */
static int sr_obstacle(const map_target *t, com_err *e) {
  map_mapping m;
  map_result r;
  map_mapping_init(t, &m);
  for (int j = 1; j < t->nlevels; j++)
    if (__builtin_popcount(t->lv[j].allow) >= 2) m.lv[j].keep = 0;
  if (map_model_eval(t, &m, &r)) return 0;
  const arch_level *lv = t->lv[r.over_level].lv;
  return com_err_plain(e, COM_EINPUT, "no mapping of einsum %s fits: level %s (%llu bytes) "
                       "cannot hold one element of tensor %s; the smallest capacity that fits "
                       "is %.0f bytes", t->es->name, t->lv[r.over_level].name,
                       (unsigned long long)lv->size_bytes, t->tensor[r.over_slot]->name,
                       ceil(r.need_bytes));
}

int map_search_einsum(const map_target *t, const map_options *o, int threads_override, map_best *b,
               com_err *e) {
  return map_sr_search(t, o, threads_override, true, b, e);
}

int map_sr_search(const map_target *t, const map_options *o, int threads_override, bool prune,
                  map_best *b, com_err *e) {
  memset(b, 0, sizeof *b);
  int n = threads_override > 0 ? threads_override : (int)o->threads;
  if (n <= 0) n = (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (n <= 0) n = 1;
  if (n > 256) n = 256;
  if (sr_obstacle(t, e)) return -1;
  sr_shared *sh = malloc(sizeof *sh);
  sr_thread *th = calloc((size_t)n, sizeof *th);
  pthread_t *tid = calloc((size_t)n, sizeof *tid);
  size_t nmask = (size_t)1 << t->nranks;
  int st = 0;
  if (!sh || !th || !tid) { st = com_err_oom(e); goto done; }
  if (sr_setup(sh, t, o, n, prune, e)) { st = -1; goto done; }
  double t0 = map_sr_now();
  sh->deadline = t0 + (o->time_limit_s > 0 ? o->time_limit_s : 1e9);
  int started = 0;
  for (int i = 0; i < n; i++) {
    th[i].sh = sh;
    th[i].tid = i;
    if (!(th[i].reps = calloc(nmask, sizeof *th[i].reps))) { st = com_err_oom(e); break; }
    if (n == 1) sr_main(&th[i]);
    else if (pthread_create(&tid[i], NULL, sr_main, &th[i])) {
      st = com_err_plain(e, COM_EFAIL, "cannot start search thread %d", i);
      break;
    }
    started++;
  }
  if (n > 1)
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
  if (st) goto done;
  b->st.seconds = map_sr_now() - t0;
  b->st.threads = n;
  b->st.exhausted = true;
  for (int i = 0; i < n; i++) {
    sr_thread *x = &th[i];
    b->st.evaluated += x->evaluated;
    b->st.valid += x->valid;
    b->st.tilings += x->tilings;
    b->st.pruned += x->pruned;
    if (x->stop) b->st.exhausted = false;
  }
  uint64_t bs = UINT64_MAX, bi = UINT64_MAX;
  for (int i = 0; i < n; i++) {
    sr_thread *x = &th[i];
    if (!x->found) continue;
    if (!b->found || x->cost < b->cost ||
        (x->cost == b->cost && (x->bseq < bs || (x->bseq == bs && x->bidx < bi)))) {
      b->found = true;
      b->cost = x->cost;
      bs = x->bseq;
      bi = x->bidx;
      b->m = x->best;
      b->r = x->bestr;
    }
  }
  double space = (double)sh->ncfgs;
  for (int r = 0; r < t->nranks; r++) space *= sr_count(t->es->rank_size[r], sh->nslots + 1);
  const sr_reps *full = map_sr_reps_for(&th[0], (unsigned)nmask - 1);
  for (int j = 0; j < t->nlevels && full; j++) space *= full->n;
  b->st.mapspace = space;
  if (!b->found)
    st = com_err_plain(e, b->st.exhausted ? COM_EINPUT : COM_EFAIL,
                       b->st.exhausted ? "no mapping of einsum %s fits the buffers"
                                       : "no mapping of einsum %s fitting the buffers was found "
                                         "within the time limit", t->es->name);
done:
  if (th)
    for (int i = 0; i < n; i++) {
      if (th[i].reps)
        for (size_t k = 0; k < nmask; k++) free(th[i].reps[k]);
      free(th[i].reps);
    }
  free(th);
  free(tid);
  free(sh);
  return st;
}
