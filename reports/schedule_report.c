/* schedule_report — text and JSON of scheduling results; see schedule_report.h. */
#include <inttypes.h>
#include <string.h>

#include "reports/schedule_report.h"

static const char *arrive_name(map_arrive a) {
  return a == MAP_ARRIVE_CREATE ? "create" : a == MAP_ARRIVE_LOAD ? "load" : "retrieve";
}

static void text_steps(FILE *out, const map_graph *g, const map_plan *p) {
  for (int s = 0; s < p->nsteps; s++) {
    fprintf(out, "    step %d %s:", s, g->ops[p->order[s]].name);
    for (int i = 0; i < p->n; i++) {
      const map_interval *v = &p->iv[i];
      if (v->start > s || v->end < s) continue;
      fprintf(out, " %s@%" PRIu64, g->t[v->tensor].name, v->addr);
      if (v->start == s && v->arrive != MAP_ARRIVE_CREATE) fprintf(out, "(%s)", arrive_name(v->arrive));
      if (v->end == s && v->spill) fprintf(out, "(spill)");
    }
    fputc('\n', out);
  }
}

/* How far the plan is above the residency bound, in % of the plan's bytes (0 when both are 0). */
static double rep_schedule_bound_gap(const map_sched_stats *st, uint64_t plan) {
  return plan > st->bound_bytes ? 100.0 * (double)(plan - st->bound_bytes) / (double)plan : 0.0;
}

void rep_schedule_text(FILE *out, const map_graph *g, const map_sched_budgets *b,
                       const map_sched_result *r, int n, bool steps) {
  fprintf(out, "graph %s: %d ops, %d tensors\n", g->name, g->nops, g->ntensors);
  fprintf(out, "budgets: M_R = %" PRIu64 " B (largest op working set), M_P = %" PRIu64
               " B (%s), M_H = %" PRIu64 " B\n", b->m_r, b->m_p,
          b->m_p_exact ? "minimum peak, proved by the min-peak ILP"
          : b->norders > 1 ? "lowest peak of the candidate orders" : "peak of the file's order", b->m_h);
  for (int k = 0; k < n; k++) {
    const map_sched_result *x = &r[k];
    const map_sched_stats *st = &x->stats;
    fprintf(out, "\nbudget %" PRIu64 " B\n", x->budget);
    fprintf(out, "  ILP: %" PRIu64 " non-compulsory bytes, %s", x->plan.noncompulsory, map_sched_status_name(st));
    if (st->windows > 1) fprintf(out, " (%d windows; not proved optimal)", st->windows);
    else if (st->gap > 0) fprintf(out, " (%sgap %.3g%%)", st->status == ILP_OPTIMAL ? "within " : "", st->gap * 100);
    else if (st->status == ILP_FEASIBLE && !st->bound_known) fprintf(out, " (time limit; gap unknown)");
    if (st->bound_known)
      fprintf(out, "; residency lower bound %" PRIu64 " B, gap %.2f%%", st->bound_bytes,
              rep_schedule_bound_gap(st, x->plan.noncompulsory));
    fprintf(out, ", %.3f s in GLPK (%.3f s in all), %d binaries, %d capacity rows, order %s\n", st->seconds,
            st->total_seconds, st->binaries, st->rows,
            map_sched_order_name(x->order_index));
    if (x->search_seconds > 0) fprintf(out, "  order search: %.3f s\n", x->search_seconds);
    if (x->any_bound_known)
      fprintf(out, "  lower bound for every order: %" PRIu64 " B%s\n", x->any_bound_bytes,
              x->plan.noncompulsory <= x->any_bound_bytes ? " (reached: optimal over all orders)" : "");
    if (x->free_status != ILP_NO_SOLUTION)
      fprintf(out, "  free-schedule ILP (order chosen too): %s\n", ilp_status_name(x->free_status));
    if (st->alloc_retries > 0) fprintf(out, "  addresses: %d re-solve(s) at a smaller capacity\n", st->alloc_retries);
    if (st->alloc_ilp) fprintf(out, "  addresses: from the address ILP\n");
    if (st->alloc_split) fprintf(out, "  addresses: residents split where best fit failed (extra traffic counted)\n");
    if (st->alloc_windows) fprintf(out, "  addresses: best fit repaired by %d address-ILP window(s)\n", st->alloc_windows);
    if (st->alloc_retries < 0)
      fprintf(out, "  addresses: the ILP plan did not place within the budget at a lower cost than the "
                   "linear/Belady baseline; the plan is that baseline\n");
    for (int q = 0; q < x->nbase; q++)
      fprintf(out, "  baseline %-26s %" PRIu64 " bytes\n", x->base_name[q], x->base_bytes[q]);
    if (x->reduction >= 0) fprintf(out, "  reduction vs the best baseline: %.1f%%\n", x->reduction);
    else fprintf(out, "  reduction: n/a (the best baseline has no non-compulsory traffic)\n");
    fprintf(out, "  plan checked: capacity, addresses, inputs resident, spill before retrieve\n");
    if (steps) text_steps(out, g, &x->plan);
  }
}

/* The members of one result, inside an open object. */
static void json_members(com_json *j, const map_graph *g, const map_sched_result *r) {
  const map_sched_stats *st = &r->stats;
  com_json_u64(j, "budget_bytes", r->budget);
  com_json_obj_begin(j, "ilp");
  com_json_str(j, "status", map_sched_status_name(st));
  if (st->gap >= 0) com_json_f64(j, "gap", st->gap);
  else com_json_null(j, "gap");
  com_json_f64(j, "seconds", st->total_seconds);
  com_json_f64(j, "glpk_seconds", st->seconds);
  com_json_u64(j, "noncompulsory_bytes", r->plan.noncompulsory);
  com_json_i64(j, "windows", st->windows);
  com_json_i64(j, "binaries", st->binaries);
  com_json_i64(j, "rows", st->rows);
  com_json_u64(j, "warm_start_bytes", st->warm_bytes);
  com_json_str(j, "order", map_sched_order_name(r->order_index));
  com_json_f64(j, "order_search_seconds", r->search_seconds);
  if (r->any_bound_known) com_json_u64(j, "any_order_bound_bytes", r->any_bound_bytes);
  else com_json_null(j, "any_order_bound_bytes");
  com_json_i64(j, "alloc_retries", st->alloc_retries);
  com_json_bool(j, "alloc_ilp", st->alloc_ilp);
  com_json_i64(j, "alloc_windows", st->alloc_windows);
  com_json_bool(j, "alloc_split", st->alloc_split);
  if (st->bound_known) {
    com_json_u64(j, "bound_bytes", st->bound_bytes);
    com_json_f64(j, "bound_gap_percent", rep_schedule_bound_gap(st, r->plan.noncompulsory));
  } else {
    com_json_null(j, "bound_bytes");
    com_json_null(j, "bound_gap_percent");
  }
  com_json_obj_end(j);
  com_json_arr_begin(j, "baselines");
  for (int q = 0; q < r->nbase; q++) {
    com_json_obj_begin(j, NULL);
    com_json_str(j, "name", r->base_name[q]);
    com_json_u64(j, "noncompulsory_bytes", r->base_bytes[q]);
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
  if (r->reduction >= 0) com_json_f64(j, "reduction_percent", r->reduction);
  else com_json_null(j, "reduction_percent");
  com_json_arr_begin(j, "steps");
  const map_plan *p = &r->plan;
  for (int s = 0; s < p->nsteps; s++) {
    com_json_obj_begin(j, NULL);
    com_json_str(j, "op", g->ops[p->order[s]].name);
    com_json_arr_begin(j, "resident");
    for (int i = 0; i < p->n; i++) {
      const map_interval *v = &p->iv[i];
      if (v->start > s || v->end < s) continue;
      com_json_obj_begin(j, NULL);
      com_json_str(j, "tensor", g->t[v->tensor].name);
      com_json_u64(j, "addr", v->addr);
      com_json_u64(j, "bytes", g->t[v->tensor].bytes);
      com_json_obj_end(j);
    }
    com_json_arr_end(j);
    const char *kinds[2] = {"retrieved", "spilled"};
    for (int w = 0; w < 2; w++) {
      com_json_arr_begin(j, kinds[w]);
      for (int i = 0; i < p->n; i++) {
        const map_interval *v = &p->iv[i];
        bool hit = w == 0 ? v->start == s && v->arrive != MAP_ARRIVE_CREATE : v->end == s && v->spill;
        if (hit) com_json_str(j, NULL, g->t[v->tensor].name);
      }
      com_json_arr_end(j);
    }
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
}

void rep_schedule_json_result(com_json *j, const char *key, const map_graph *g,
                              const map_sched_result *r) {
  com_json_obj_begin(j, key);
  json_members(j, g, r);
  com_json_obj_end(j);
}

static void json_graph(com_json *j, const map_graph *g, const map_sched_budgets *b) {
  com_json_str(j, "graph", g->name);
  com_json_i64(j, "ops", g->nops);
  com_json_i64(j, "tensors", g->ntensors);
  com_json_u64(j, "m_r", b->m_r);
  com_json_u64(j, "m_p", b->m_p);
  com_json_u64(j, "m_h", b->m_h);
  com_json_bool(j, "m_p_exact", b->m_p_exact);
}

void rep_schedule_json(FILE *out, const map_graph *g, const map_sched_budgets *b,
                       const map_sched_result *r, int n) {
  com_json j;
  com_json_init(&j, out);
  com_json_obj_begin(&j, NULL);
  json_graph(&j, g, b);
  if (n == 1) {
    json_members(&j, g, r); /* a single budget: its members at the top level */
  } else {
    com_json_arr_begin(&j, "results");
    for (int k = 0; k < n; k++) rep_schedule_json_result(&j, NULL, g, &r[k]);
    com_json_arr_end(&j);
  }
  com_json_obj_end(&j);
  com_json_finish(&j);
}
