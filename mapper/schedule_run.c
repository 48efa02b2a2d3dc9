/* schedule_run — a whole scheduling run: candidate orders and the budgets they define, the
 * ILP plan on each order, the baselines, the reduction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/num.h"
#include "mapper/schedule.h"

int map_sched_budgets_of(const map_graph *g, bool fixed_order, map_sched_budgets *b, com_err *e) {
  memset(b, 0, sizeof *b);
  b->norders = fixed_order ? 1 : 2;
  for (int k = 0; k < b->norders; k++)
    if (!(b->orders[k] = malloc(((size_t)g->nops + 1) * sizeof **b->orders))) {
      map_sched_budgets_free(b);
      return com_err_oom(e);
    }
  for (int o = 0; o < g->nops; o++) b->orders[0][o] = o;
  if (b->norders == 2 && map_graph_min_peak_order(g, b->orders[1])) {
    map_sched_budgets_free(b);
    return com_err_oom(e);
  }
  if (!fixed_order && g->nops <= MAP_SCHED_FREE_MAX_OPS) {
    /* exact M_P: the min-peak free-schedule ILP, seeded with the better heuristic order */
    int *o2 = malloc(((size_t)g->nops + 1) * sizeof *o2);
    if (!o2) { map_sched_budgets_free(b); return com_err_oom(e); }
    int seed = map_graph_peak(g, b->orders[1]) < map_graph_peak(g, b->orders[0]) ? 1 : 0;
    memcpy(o2, b->orders[seed], (size_t)g->nops * sizeof *o2);
    double obj;
    if (map_schedule_free(g, 0, true, b->orders[seed], NULL, 5.0, o2, &b->m_p_status, &obj, e)) {
      free(o2);
      map_sched_budgets_free(b);
      return -1;
    }
    b->orders[2] = o2;
    b->norders = 3;
    b->m_p_exact = b->m_p_status == ILP_OPTIMAL;
  }
  b->m_r = map_graph_min_budget(g, NULL);
  b->m_p = UINT64_MAX;
  for (int k = 0; k < b->norders; k++) {
    b->peaks[k] = map_graph_peak(g, b->orders[k]);
    if (b->peaks[k] < b->m_p) b->m_p = b->peaks[k];
  }
  b->m_h = b->m_r + (b->m_p - b->m_r) / 2;
  return 0;
}

void map_sched_budgets_free(map_sched_budgets *b) {
  for (int k = 0; k < 3; k++) free(b->orders[k]);
  memset(b, 0, sizeof *b);
}

int map_sched_budget_parse(const char *text, const map_sched_budgets *b, uint64_t *out, com_err *e) {
  if (strcmp(text, "M_R") == 0) *out = b->m_r;
  else if (strcmp(text, "M_P") == 0) *out = b->m_p;
  else if (strcmp(text, "M_H") == 0) *out = b->m_h;
  else if (com_parse_bytes(text, out) != COM_NUM_OK || *out == 0)
    return com_err_plain(e, COM_EINPUT, "budget '%s' is not M_R, M_P, M_H or a byte size (e.g. 524288, 512 KiB)", text);
  return 0;
}

/* Takes plan p (of order index) as r's plan when it is cheaper, else frees it; the seconds
 * of both add up either way. */
static void sched_keep(map_sched_result *r, map_plan *p, map_sched_stats *st, int index) {
  if (p->noncompulsory < r->plan.noncompulsory) {
    st->seconds += r->stats.seconds;
    st->total_seconds += r->stats.total_seconds;
    map_plan_free(&r->plan);
    r->plan = *p;
    r->stats = *st;
    r->order_index = index;
  } else {
    r->stats.seconds += st->seconds;
    r->stats.total_seconds += st->total_seconds;
    map_plan_free(p);
  }
}

/* Plans the order search's best order (started from the plan's), refined by windows
 * (map_sched_window_refine), and keeps it if cheaper. */
static int sched_run_search(const map_graph *g, uint64_t budget, const map_sched_options *o, map_sched_result *r,
                            com_err *e) {
  int *so = malloc(((size_t)g->nops + 1) * sizeof *so);
  uint64_t bel;
  if (!so) return com_err_oom(e);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  uint64_t floor = r->any_bound_known ? r->any_bound_bytes : 0;
  int rc = map_sched_order_search(g, r->plan.order, budget, floor, o->order_search_moves, o->order_search_seed,
                                  MAP_SCHED_SEARCH_CAP * o->time_limit_s, so, &bel, e);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double cap = MAP_SCHED_SEARCH_CAP * o->time_limit_s;
  double spent = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  int kept; /* the window pass gets what the search left of the same safety cap */
  if (rc == 0)
    rc = map_sched_window_refine(g, so, budget, floor, MAP_SCHED_WINDOW, MAP_SCHED_WINDOW_LEAVES,
                                 spent < cap ? cap - spent : 0, &bel, &kept, e);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  r->search_seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  r->stats.total_seconds += r->search_seconds;
  if (rc == 0 && memcmp(so, r->plan.order, (size_t)g->nops * sizeof *so) != 0) {
    map_plan p;
    map_sched_stats st;
    map_sched_options ok = *o;
    ok.emit_lp = ok.emit_mps = NULL;
    rc = map_schedule_order(g, so, budget, &ok, &p, &st, e);
    if (rc == 0) sched_keep(r, &p, &st, 4);
  }
  free(so);
  return rc;
}

int map_sched_run(const map_graph *g, const map_sched_budgets *b, uint64_t budget,
                  const map_sched_options *o, map_sched_result *r, com_err *e) {
  memset(r, 0, sizeof *r);
  r->budget = budget;
  r->reduction = -1;
  if (map_schedule_budget_ok(g, budget, e)) return -1;
  for (int k = 0; k < b->norders; k++) {
    map_plan p;
    map_sched_stats st;
    map_sched_options ok = *o;
    if (k > 0) ok.emit_lp = ok.emit_mps = NULL; /* the default order's model is the one exported */
    if (map_schedule_order(g, b->orders[k], budget, &ok, &p, &st, e)) { map_sched_result_free(r); return -1; }
    if (k == 0 || p.noncompulsory < r->plan.noncompulsory) {
      double secs = r->stats.seconds + st.seconds, tot = r->stats.total_seconds + st.total_seconds;
      map_plan_free(&r->plan);
      r->plan = p;
      r->stats = st;
      r->stats.seconds = secs;
      r->stats.total_seconds = tot;
      r->order_index = k;
    } else {
      r->stats.seconds += st.seconds;
      r->stats.total_seconds += st.total_seconds;
      map_plan_free(&p);
    }
  }
  if (map_sched_any_order_bound(g, budget, o->time_limit_s, &r->any_bound_known, &r->any_bound_bytes, e)) {
    map_sched_result_free(r);
    return -1;
  }
  bool reached = r->any_bound_known && r->plan.noncompulsory <= r->any_bound_bytes; /* optimal for every order */
  if (b->norders > 1 && g->nops > MAP_SCHED_FREE_MAX_OPS && o->order_search_moves > 0 && !reached &&
      r->plan.noncompulsory > 0 &&
      sched_run_search(g, budget, o, r, e)) {
    map_sched_result_free(r);
    return -1;
  }
  r->free_status = ILP_NO_SOLUTION;
  if (b->norders > 1 && g->nops <= MAP_SCHED_FREE_MAX_OPS) { /* the order chosen by the ILP too */
    int *fo = malloc(((size_t)g->nops + 1) * sizeof *fo);
    double obj;
    map_plan p;
    map_sched_stats st;
    map_sched_options ok = *o;
    ok.emit_lp = ok.emit_mps = NULL;
    if (!fo) { map_sched_result_free(r); return com_err_oom(e); }
    if (map_schedule_free(g, budget, false, r->plan.order, &r->plan, o->time_limit_s, fo, &r->free_status, &obj, e)) {
      free(fo);
      map_sched_result_free(r);
      return -1;
    }
    if ((r->free_status == ILP_OPTIMAL || r->free_status == ILP_FEASIBLE) &&
        map_schedule_order(g, fo, budget, &ok, &p, &st, e) == 0)
      sched_keep(r, &p, &st, 3);
    free(fo);
  }
  static const char *const repl_names[2] = {"belady", "greedy"};
  r->best_base = UINT64_MAX;
  for (int k = 0; k < (b->norders < 2 ? b->norders : 2); k++)
    for (int q = 0; q < 2; q++) {
      map_plan p;
      if (map_baseline(g, b->orders[k], budget, (map_repl)q, &p, e) || map_plan_check(g, &p, NULL, e)) {
        map_plan_free(&p);
        map_sched_result_free(r);
        return -1;
      }
      snprintf(r->base_name[r->nbase], sizeof r->base_name[0], "linear/%s/%s", map_sched_order_name(k), repl_names[q]);
      r->base_bytes[r->nbase++] = p.noncompulsory;
      if (p.noncompulsory < r->best_base) r->best_base = p.noncompulsory;
      map_plan_free(&p);
    }
  if (r->best_base > 0)
    r->reduction = 100.0 * ((double)r->best_base - (double)r->plan.noncompulsory) / (double)r->best_base;
  return 0;
}

void map_sched_result_free(map_sched_result *r) { map_plan_free(&r->plan); }

const char *map_sched_order_name(int index) {
  static const char *const names[5] = {"default", "min-peak", "min-peak-ilp", "free-ilp", "search"};
  return index >= 0 && index < 5 ? names[index] : "?";
}

const char *map_sched_status_name(const map_sched_stats *st) {
  if (st->alloc_retries < 0 && st->status != ILP_OPTIMAL) return "fallback";
  if (st->windows > 1) return "segmented";
  return ilp_status_name(st->status);
}
