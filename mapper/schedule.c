/* schedule — the planner's driver: budget check, gaps of the order, the Belady incumbent,
 * the residency ILP, the plan, addresses (best fit, address ILP, or a re-solve at a smaller
 * capacity), and the independent check of the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mapper/schedule_int.h"

#define MAP_SCHED_MAX_RETRIES 40
/* placement search assignments per attempt (deterministic, ~0.1 s on ResNet-50) */
#define MAP_SCHED_SEARCH_NODES 200000
/* order-search moves by default (13-35 s on the 384-op NAS graph, a few s on the others) */
#define MAP_SCHED_SEARCH_MOVES 300000

map_sched_options map_sched_defaults(void) {
  map_sched_options o = {10.0, 1e-4, 2000, NULL, NULL, true, MAP_SCHED_SEARCH_MOVES, 1};
  return o;
}

int map_schedule_budget_ok(const map_graph *g, uint64_t budget, com_err *e) {
  int op;
  uint64_t mr = map_graph_min_budget(g, &op);
  if (budget >= mr) return 0;
  uint64_t big = 0;
  int bt = -1;
  for (int k = 0; k < g->ops[op].nin + g->ops[op].nout; k++)
    if (g->t[g->ops[op].in[k]].bytes > big) { big = g->t[g->ops[op].in[k]].bytes; bt = g->ops[op].in[k]; }
  if (big > budget)
    return com_err_plain(e, COM_EINPUT,
                         "budget %llu bytes is smaller than tensor '%s' (%llu bytes) of op '%s'; the "
                         "smallest feasible budget is M_R = %llu bytes", (unsigned long long)budget,
                         g->t[bt].name, (unsigned long long)big, g->ops[op].name, (unsigned long long)mr);
  return com_err_plain(e, COM_EINPUT,
                       "budget %llu bytes is below the working set of op '%s' (inputs + outputs = %llu "
                       "bytes), which cannot fit; the smallest feasible budget is M_R = %llu bytes",
                       (unsigned long long)budget, g->ops[op].name, (unsigned long long)mr, (unsigned long long)mr);
}

static int gap_cmp(const void *x, const void *y) {
  const sched_gap *a = x, *b = y;
  if (a->a != b->a) return a->a < b->a ? -1 : 1;
  return (a->tensor > b->tensor) - (a->tensor < b->tensor);
}

/* Per tensor, its use steps in CSR form (ustart/uses). */
static int sched_uses(const map_graph *g, const int *order, int **ustart, int **uses) {
  int nt = g->ntensors, T = g->nops;
  int *st = calloc((size_t)nt + 2, sizeof *st), *us = malloc(((size_t)g->npool + 1) * sizeof *us);
  int *fill = calloc((size_t)nt + 1, sizeof *fill);
  if (!st || !us || !fill) { free(st); free(us); free(fill); return -1; }
  for (int s = 0; s < T; s++)
    for (int k = 0; k < g->ops[order[s]].nin + g->ops[order[s]].nout; k++) st[g->ops[order[s]].in[k] + 1]++;
  for (int t = 0; t < nt; t++) st[t + 1] += st[t];
  for (int s = 0; s < T; s++)
    for (int k = 0; k < g->ops[order[s]].nin + g->ops[order[s]].nout; k++) {
      int t = g->ops[order[s]].in[k];
      us[st[t] + fill[t]++] = s;
    }
  free(fill);
  *ustart = st;
  *uses = us;
  return 0;
}

/* Whether the incumbent keeps t resident over [a, b]. */
static bool sched_covered(const map_plan *p, const int *by_t, const int *tstart, int t, int a, int b) {
  for (int k = tstart[t]; k < tstart[t + 1]; k++) {
    const map_interval *v = &p->iv[by_t[k]];
    if (v->start <= a && v->end >= b) return true;
  }
  return false;
}

static int sched_warm(sched_ctx *c, com_err *e) {
  map_plan bel;
  if (map_belady_capacity(c->g, c->order, c->cap, &bel, e)) return -1;
  c->stats->warm_bytes = bel.noncompulsory;
  int nt = c->g->ntensors;
  int *tstart = calloc((size_t)nt + 2, sizeof *tstart), *by_t = malloc(((size_t)bel.n + 1) * sizeof *by_t);
  int *fill = calloc((size_t)nt + 1, sizeof *fill);
  if (!tstart || !by_t || !fill) { free(tstart); free(by_t); free(fill); map_plan_free(&bel); return com_err_oom(e); }
  for (int i = 0; i < bel.n; i++) tstart[bel.iv[i].tensor + 1]++;
  for (int t = 0; t < nt; t++) tstart[t + 1] += tstart[t];
  for (int i = 0; i < bel.n; i++) by_t[tstart[bel.iv[i].tensor] + fill[bel.iv[i].tensor]++] = i;
  for (int i = 0; i < c->ngaps; i++)
    c->warm_keep[i] = sched_covered(&bel, by_t, tstart, c->gaps[i].tensor, c->gaps[i].a, c->gaps[i].b);
  free(tstart);
  free(by_t);
  free(fill);
  map_plan_free(&bel);
  return 0;
}

/* The plan of the decisions in c->keep. */
static int sched_plan(sched_ctx *c, const int *ustart, const int *uses, uint64_t budget, map_plan *p, com_err *e) {
  const map_graph *g = c->g;
  memset(p, 0, sizeof *p);
  p->nsteps = g->nops;
  p->budget = budget;
  if (!(p->order = malloc(((size_t)g->nops + 1) * sizeof *p->order))) return com_err_oom(e);
  memcpy(p->order, c->order, (size_t)g->nops * sizeof *p->order);
  int gi = 0; /* gaps are sorted by a; find each by binary search */
  (void)gi;
  for (int t = 0; t < g->ntensors; t++) {
    if (ustart[t] == ustart[t + 1]) continue;
    bool inter = g->t[t].producer >= 0, spilled = false;
    map_interval v = {t, uses[ustart[t]], uses[ustart[t]], 0, inter ? MAP_ARRIVE_CREATE : MAP_ARRIVE_LOAD, false};
    for (int k = ustart[t]; k + 1 < ustart[t + 1]; k++) {
      int a = uses[k], b = uses[k + 1];
      bool keep = true;
      if (b > a + 1) {
        sched_gap key = {t, a, b};
        const sched_gap *hit = bsearch(&key, c->gaps, (size_t)c->ngaps, sizeof key, gap_cmp);
        keep = hit && c->keep[hit - c->gaps];
      }
      if (keep) { v.end = b; continue; }
      v.end = a;
      if (inter && !spilled) { v.spill = spilled = true; p->noncompulsory += g->t[t].bytes; }
      if (map_plan_add(p, v)) return com_err_oom(e);
      v = (map_interval){t, b, b, 0, inter ? MAP_ARRIVE_RETRIEVE : MAP_ARRIVE_LOAD, false};
      p->noncompulsory += g->t[t].bytes;
    }
    if (map_plan_add(p, v)) return com_err_oom(e);
  }
  map_plan_sort(p);
  return 0;
}

static uint64_t sched_gcd(uint64_t a, uint64_t b) {
  while (b) { uint64_t r = a % b; a = b; b = r; }
  return a;
}

/* The residency ILP ignores addresses, so its optimum bounds every placed plan on this order
 * from below. obj is the first solve's value: GLPK's tolerance (the gap reached, at least
 * mip_gap when it says optimal) is taken off, and the result rounded up to a multiple of the
 * gcd of the sizes in the objective, since every plan's bytes are such a multiple. Segmented
 * solves and solves without a gap give no bound. */
static void sched_bound(const sched_ctx *c, uint64_t obj) {
  map_sched_stats *st = c->stats;
  st->bound_known = false;
  bool proved = st->status == ILP_OPTIMAL || (st->status == ILP_FEASIBLE && st->gap >= 0);
  if (st->windows != 1 || !proved) return;
  double tol = st->gap > 0 ? st->gap : 0;
  if (st->status == ILP_OPTIMAL && tol < c->opt->mip_gap) tol = c->opt->mip_gap;
  uint64_t d = 0;
  for (int i = 0; i < c->ngaps; i++) d = sched_gcd(d, c->g->t[c->gaps[i].tensor].bytes);
  double lb = (double)obj * (1 - tol) - 1e-6; /* the margin absorbs rounding of the product */
  uint64_t b = lb > 0 ? (uint64_t)lb : 0;
  if (lb > 0 && (double)b < lb) b++;
  if (d > 0 && b % d) b += d - b % d;
  st->bound_known = true;
  st->bound_bytes = b < obj ? b : obj;
}

int map_schedule_order(const map_graph *g, const int *order, uint64_t budget,
                       const map_sched_options *o, map_plan *out, map_sched_stats *st, com_err *e) {
  memset(st, 0, sizeof *st);
  memset(out, 0, sizeof *out);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  t1 = t0;
  if (map_schedule_budget_ok(g, budget, e)) return -1;
  if (!map_graph_order_valid(g, order)) return com_err_plain(e, COM_EINPUT, "schedule: the order is not a valid schedule");
  sched_ctx c = {.g = g, .order = order, .opt = o, .stats = st, .cap = budget};
  int *ustart = NULL, *uses = NULL, rc = -1, T = g->nops;
  c.base = calloc((size_t)T + 1, sizeof *c.base);
  c.fixed = calloc((size_t)T + 1, sizeof *c.fixed);
  c.capv = malloc(((size_t)T + 1) * sizeof *c.capv);
  c.spilled = calloc((size_t)g->ntensors + 1, 1);
  c.gaps = malloc(((size_t)g->npool + 1) * sizeof *c.gaps);
  if (!c.base || !c.fixed || !c.capv || !c.spilled || !c.gaps || sched_uses(g, order, &ustart, &uses)) { com_err_oom(e); goto out; }
  for (int s = 0; s < T; s++) { c.base[s] = map_graph_op_bytes(g, order[s]); c.capv[s] = budget; }
  for (int t = 0; t < g->ntensors; t++)
    for (int k = ustart[t]; k + 1 < ustart[t + 1]; k++)
      if (uses[k + 1] > uses[k] + 1) c.gaps[c.ngaps++] = (sched_gap){t, uses[k], uses[k + 1]};
  qsort(c.gaps, (size_t)c.ngaps, sizeof *c.gaps, gap_cmp);
  c.keep = calloc((size_t)c.ngaps + 1, 1);
  c.warm_keep = calloc((size_t)c.ngaps + 1, 1);
  if (!c.keep || !c.warm_keep) { com_err_oom(e); goto out; }
  c.time_limit_s = o->time_limit_s;
  /* Each attempt: solve, plan, place (best fit, address ILP, windows). A placement failure
   * gives a valid plan by splitting residents, kept if it is the best so far, and the rows
   * around the failing step are lowered for another attempt while time allows. */
  map_plan best = {0};
  bool have_best = false, best_split = false;
  uint64_t obj0 = 0;       /* the first residency solve: its value, status and gap */
  ilp_status status0 = ILP_OPTIMAL;
  double gap0 = 0;
  ilp_status best_status = ILP_OPTIMAL;
  double deadline = 2 * o->time_limit_s > 2 ? 2 * o->time_limit_s : 2;
  for (int attempt = 0;; attempt++) {
    if (attempt == 0 ? sched_warm(&c, e) : 0) goto out;
    if (attempt > 0) { /* warm start: the previous decisions (repaired where rows were cut) */
      memcpy(c.warm_keep, c.keep, (size_t)c.ngaps);
      if (c.time_limit_s > 2) c.time_limit_s = 2;
    }
    if (sched_solve_windows(&c, e)) goto out;
    if (attempt == 0) st->first_seconds = st->seconds;
    if (c.ngaps == 0) { st->windows = 1; st->status = ILP_OPTIMAL; st->gap = 0; }
    map_plan_free(out);
    if (sched_plan(&c, ustart, uses, budget, out, e)) goto out;
    if (attempt == 0) {
      sched_bound(&c, out->noncompulsory);
      obj0 = out->noncompulsory;
      status0 = st->status;
      gap0 = st->gap;
    }
    int a = map_alloc_best_fit(out, g), bad = -1;
    if (a == 1) a = map_alloc_search(out, g, attempt ? MAP_SCHED_SEARCH_NODES / 10 : MAP_SCHED_SEARCH_NODES);
    if (a < 0) { com_err_oom(e); goto out; }
    if (a == 1 && out->n <= 60) {
      if ((a = map_alloc_ilp(out, g, o->time_limit_s, e)) < 0) goto out;
      st->alloc_ilp = a == 0;
    }
    if (a == 1) {
      int w = 0;
      a = map_alloc_repair(out, g, o->time_limit_s < 0.5 ? o->time_limit_s : 0.5, &w, &bad, e);
      st->alloc_windows += w;
      if (a < 0) goto out;
    }
    if (a == 1 && map_alloc_split(out, g)) { com_err_oom(e); goto out; }
    if (!have_best || out->noncompulsory < best.noncompulsory) {
      map_plan_free(&best);
      best = *out;
      memset(out, 0, sizeof *out);
      have_best = true;
      best_split = a == 1;
      best_status = attempt > 0 || a == 1 ? ILP_FEASIBLE : st->status;
    }
    if (a == 0) break;
    bool lowered = false;
    uint64_t step = budget / 50 ? budget / 50 : 1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double el = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    for (int s = bad - 2; s <= bad + 2 && attempt < MAP_SCHED_MAX_RETRIES && el < deadline; s++) {
      if (s < 0 || s >= T || c.capv[s] <= c.base[s]) continue;
      c.capv[s] = c.capv[s] - step < c.base[s] ? c.base[s] : c.capv[s] - step;
      lowered = true;
    }
    if (!lowered) break;
    st->alloc_retries++;
  }
  map_plan_free(out);
  *out = best;
  st->alloc_split = best_split;
  st->status = best_status;
  st->gap = gap0;
  if (st->alloc_retries > 0 && st->status == ILP_OPTIMAL) st->status = ILP_FEASIBLE; /* optimal for lowered rows only */
  if (st->alloc_retries > 0 || st->alloc_split) { /* never worse than the linear allocator */
    map_plan base;
    if (map_baseline(g, order, budget, MAP_REPL_BELADY, &base, e)) goto out;
    if (base.noncompulsory < out->noncompulsory) {
      map_plan_free(out);
      *out = base;
      st->alloc_retries = -1;
    } else {
      map_plan_free(&base);
    }
  }
  /* a placed plan as cheap as the residency optimum is optimal (within the ILP's tolerance) */
  if (st->bound_known)
    st->status = out->noncompulsory <= st->bound_bytes || (status0 == ILP_OPTIMAL && out->noncompulsory <= obj0)
                     ? ILP_OPTIMAL : ILP_FEASIBLE;
  if (c.ngaps == 0 && (o->emit_lp || o->emit_mps)) {
    ilp_model *m = ilp_new();
    int w = !m ? com_err_oom(e) : (o->emit_lp && ilp_write_lp(m, o->emit_lp, e)) || (o->emit_mps && ilp_write_mps(m, o->emit_mps, e));
    ilp_free(m);
    if (w) goto out;
  }
  if (map_plan_check(g, out, NULL, e)) goto out;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  st->total_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  rc = 0;
out:
  if (rc) map_plan_free(out);
  free(ustart);
  free(uses);
  free(c.base);
  free(c.fixed);
  free(c.capv);
  free(c.spilled);
  free(c.gaps);
  free(c.keep);
  free(c.warm_keep);
  return rc;
}
