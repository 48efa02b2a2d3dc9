/*
 * search_orders — loop orders for the search (see search_priv.h): one order per class of
 * orders with identical counts, and the best-so-far under the total order (cost, tiling index,
 * order index). Allocation only when a class table is first built.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mapper/search_priv.h"

double map_sr_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Signature of an order: per tensor, the ranks of its innermost run of loops that do not index
 * it (bit 15: the run covers the whole level). Orders with equal signatures count the same. */
static uint64_t sr_signature(const map_target *t, const int8_t *p, int n) {
  uint64_t sig = 0;
  for (int s = 0; s < MAP_NT; s++) {
    unsigned run = 0;
    int i = 0;
    for (; i < n && !(t->relevant[s] & (1u << p[i])); i++) run |= 1u << p[i];
    if (i == n) run |= 1u << 15;
    sig |= (uint64_t)run << (16 * s);
  }
  return sig;
}

static void sr_perm_rec(const map_target *t, sr_reps *reps, uint64_t *sigs, int8_t *p, int k,
                        int n) {
  if (reps->n >= SR_MAX_REPS) return;
  if (k == n) {
    uint64_t sig = sr_signature(t, p, n);
    for (int i = 0; i < reps->n; i++)
      if (sigs[i] == sig) return;
    sigs[reps->n] = sig;
    memcpy(reps->p[reps->n++], p, OPS_MAX_RANKS);
    return;
  }
  for (int i = k; i < n; i++) {
    int8_t x = p[k]; p[k] = p[i]; p[i] = x;
    sr_perm_rec(t, reps, sigs, p, k + 1, n);
    x = p[k]; p[k] = p[i]; p[i] = x;
  }
}

const sr_reps *map_sr_reps_for(sr_thread *th, unsigned mask) {
  if (th->reps[mask]) return th->reps[mask];
  const map_target *t = th->sh->t;
  sr_reps *reps = calloc(1, sizeof *reps);
  if (!reps) return NULL;
  int8_t p[OPS_MAX_RANKS] = {0};
  int n = 0;
  for (int r = 0; r < t->nranks; r++)
    if (mask & (1u << r)) p[n++] = (int8_t)r;
  int k = n;
  for (int r = 0; r < t->nranks; r++)
    if (!(mask & (1u << r))) p[k++] = (int8_t)r;
  uint64_t sigs[SR_MAX_REPS];
  if (n <= 8) sr_perm_rec(t, reps, sigs, p, 0, n);
  else { /* too many orders: each rank innermost once, the rest in rank order */
    for (int i = 0; i < n && reps->n < SR_MAX_REPS; i++) {
      int8_t q[OPS_MAX_RANKS];
      memcpy(q, p, sizeof q);
      q[0] = p[i];
      q[i] = p[0];
      memcpy(reps->p[reps->n++], q, OPS_MAX_RANKS);
    }
  }
  th->reps[mask] = reps;
  return reps;
}

static void sr_consider(sr_thread *th, uint64_t idx) {
  const sr_shared *sh = th->sh;
  th->evaluated++;
  if (!map_model_eval(sh->t, &th->m, &th->r)) return;
  th->valid++;
  double c = map_model_cost(&th->r, sh->o->objective);
  if (!th->found || c < th->cost || (c == th->cost && (th->seq < th->bseq ||
                                     (th->seq == th->bseq && idx < th->bidx)))) {
    th->found = true;
    th->cost = c;
    th->bseq = th->seq;
    th->bidx = idx;
    th->best = th->m;
    th->bestr = th->r;
  }
}

/* All loop orders of the current tiling (level by level when the product is too large). */
void map_sr_orders(sr_thread *th) {
  const map_target *t = th->sh->t;
  int J = th->m.nlevels;
  const sr_reps *reps[MAP_MAX_LEVELS];
  uint64_t combos = 1;
  for (int j = 0; j < J; j++) {
    unsigned mask = 0;
    for (int r = 0; r < t->nranks; r++) mask |= th->m.lv[j].t[r] > 1 ? 1u << r : 0;
    if (!(reps[j] = map_sr_reps_for(th, mask))) { th->stop = true; return; }
    combos *= (uint64_t)reps[j]->n;
    memcpy(th->m.lv[j].perm, reps[j]->p[0], OPS_MAX_RANKS);
  }
  if (combos <= SR_MAX_COMBOS) {
    int pick[MAP_MAX_LEVELS] = {0};
    for (uint64_t idx = 0; idx < combos; idx++) {
      uint64_t q = idx;
      for (int j = 0; j < J; j++) {
        pick[j] = (int)(q % (uint64_t)reps[j]->n);
        q /= (uint64_t)reps[j]->n;
        memcpy(th->m.lv[j].perm, reps[j]->p[pick[j]], OPS_MAX_RANKS);
      }
      sr_consider(th, idx);
    }
    return;
  }
  uint64_t idx = 0;
  for (int sweep = 0; sweep < 2; sweep++)
    for (int j = 0; j < J; j++) {
      int keep = 0;
      double bc = INFINITY;
      for (int i = 0; i < reps[j]->n; i++) {
        memcpy(th->m.lv[j].perm, reps[j]->p[i], OPS_MAX_RANKS);
        uint64_t v0 = th->valid;
        sr_consider(th, idx++);
        if (th->valid > v0) {
          double c = map_model_cost(&th->r, th->sh->o->objective);
          if (c < bc) { bc = c; keep = i; }
        }
      }
      memcpy(th->m.lv[j].perm, reps[j]->p[keep], OPS_MAX_RANKS);
    }
}

/* Bytes of level j's kept tiles per instance with the factors assigned so far (ranks not yet
 * assigned count as 1, so tiles only grow as the search goes on). */
