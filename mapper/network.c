/* network — the workload's graph planned in the largest on-chip level (see network.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mapper/graph.h"
#include "mapper/network.h"
#include "mapper/schedule.h"

/* The budget level (rule in network.h): its index, or -1 when there is no on-chip level. */
static int net_level(const arch_spec *a, const ops_workload *w, const map_op_run *runs) {
  int deepest = 0;
  bool all = runs == NULL;
  for (int i = 0; runs && i < w->nops; i++) {
    if (runs[i].n == 0) all = true; /* fused (or nothing mapped): any array may run it */
    for (int k = 0; k < runs[i].n; k++)
      if (runs[i].es[k].t.array && runs[i].es[k].t.array->attach > deepest)
        deepest = runs[i].es[k].t.array->attach;
  }
  for (int k = 0; all && k < a->narrays; k++)
    if (a->arrays[k].attach > deepest) deepest = a->arrays[k].attach;
  /* pass 0: levels keeping inputs (the activations handed from op to op); pass 1: any */
  int best = -1;
  for (int pass = 0; pass < 2 && best < 0; pass++) {
    uint64_t cap = 0;
    bool shared = false;
    for (int l = 1; l <= deepest && l < a->nlevels; l++) {
      const arch_level *lv = &a->levels[l];
      if (lv->kind == ARCH_LEVEL_DRAM || lv->size_bytes == 0) continue;
      if (pass == 0 && !(lv->keep & (1u << OPS_ROLE_INPUT))) continue;
      uint64_t inst = lv->instances ? lv->instances : 1;
      uint64_t c = lv->size_bytes > UINT64_MAX / inst ? UINT64_MAX : lv->size_bytes * inst;
      bool sh = inst == 1; /* one buffer shared by every PE beats partitioned per-PE copies */
      if (best < 0 || (sh && !shared) || (sh == shared && c > cap)) { cap = c; shared = sh; best = l; }
    }
  }
  return best;
}

/* An error message without its "error: " prefix (it is quoted inside a report line). */
static const char *net_plain(const char *msg) {
  return strncmp(msg, "error: ", 7) == 0 ? msg + 7 : msg;
}

static double net_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void net_fail(map_network *n, map_net_outcome o, const char *status, const char *msg) {
  n->outcome = o;
  snprintf(n->status, sizeof n->status, "%s", status);
  snprintf(n->msg, sizeof n->msg, "%s", msg);
}

void map_network_plan(const ops_workload *w, const arch_spec *a, const map_op_run *runs,
                      double time_limit_s, map_network *n) {
  memset(n, 0, sizeof *n);
  n->gap = -1;
  double t0 = net_now();
  int l = net_level(a, w, runs);
  if (l < 0) {
    net_fail(n, MAP_NET_NO_BUFFER, "no-buffer",
             "the architecture has no on-chip level between DRAM and its arrays");
    return;
  }
  const arch_level *lv = &a->levels[l];
  snprintf(n->level, sizeof n->level, "%s", lv->name);
  n->level_bytes = lv->size_bytes;
  n->level_instances = lv->instances ? lv->instances : 1;
  n->budget_bytes = n->level_bytes > UINT64_MAX / n->level_instances
                        ? UINT64_MAX : n->level_bytes * n->level_instances;
  if (w->nops <= 0) {
    net_fail(n, MAP_NET_FAILED, "failed", "the workload has no ops");
    return;
  }
  map_graph *g = NULL;
  com_err e = {0};
  if (map_graph_from_workload(w, &g, &e)) {
    net_fail(n, MAP_NET_FAILED, "failed", net_plain(e.msg));
    return;
  }
  map_network_plan_graph(g, time_limit_s, n);
  n->seconds = net_now() - t0;
  map_graph_free(g);
}

void map_network_plan_graph(const map_graph *g, double time_limit_s, map_network *n) {
  double t0 = net_now();
  com_err e = {0};
  n->gap = -1;
  n->ops = g->nops;
  n->tensors = g->ntensors;
  int op = 0;
  n->m_r = map_graph_min_budget(g, &op);
  snprintf(n->m_r_op, sizeof n->m_r_op, "%s", g->nops ? g->ops[op].name : "");
  n->compulsory_bytes = 0;
  for (int t = 0; t < g->ntensors; t++)
    if ((g->t[t].producer < 0 && g->t[t].nconsumers > 0) || g->t[t].nconsumers == 0)
      n->compulsory_bytes += g->t[t].bytes;
  map_sched_budgets b;
  map_sched_result r;
  map_sched_options o = map_sched_defaults();
  if (time_limit_s > 0) o.time_limit_s = time_limit_s;
  if (map_schedule_budget_ok(g, n->budget_bytes, &e)) {
    net_fail(n, MAP_NET_BELOW_WS, "below-working-set", net_plain(e.msg));
  } else if (map_sched_budgets_of(g, true, &b, &e)) {
    net_fail(n, MAP_NET_FAILED, "failed", net_plain(e.msg));
  } else {
    if (map_sched_run(g, &b, n->budget_bytes, &o, &r, &e)) {
      net_fail(n, MAP_NET_FAILED, "failed", net_plain(e.msg));
    } else {
      n->outcome = MAP_NET_PLANNED;
      snprintf(n->status, sizeof n->status, "%s", map_sched_status_name(&r.stats));
      n->noncompulsory_bytes = r.plan.noncompulsory;
      n->gap = r.stats.windows > 1 ? -1 : r.stats.gap;
      n->windows = r.stats.windows;
      n->segmented = r.stats.windows > 1;
      map_sched_result_free(&r);
    }
    map_sched_budgets_free(&b);
  }
  n->seconds = net_now() - t0;
}

void map_network_text(FILE *f, const map_network *n, uint64_t per_op_dram) {
  fprintf(f, "network (whole workload, docs/scheduling.md):\n");
  fprintf(f, "  the per-op figures above assume each op reads its inputs from DRAM and writes its "
             "output to DRAM;\n  the network plan adds the spills and reloads needed when the "
             "workload's tensors stay on chip between ops\n");
  if (n->outcome == MAP_NET_NO_BUFFER) {
    fprintf(f, "  status no-buffer: %s; no spill/reload figure\n\n", n->msg);
    return;
  }
  fprintf(f, "  budget %llu B = %s (%llu B x %llu instance%s): the shared on-chip buffer the\n"
             "  ops' tensors stream through (docs/scheduling.md, \"Whole networks in accel-sim run\")\n",
          (unsigned long long)n->budget_bytes, n->level, (unsigned long long)n->level_bytes,
          (unsigned long long)n->level_instances, n->level_instances == 1 ? "" : "s");
  if (n->outcome != MAP_NET_PLANNED) {
    fprintf(f, "  status %s: %s; no spill/reload figure (the per-op figures above stand)\n\n",
            n->status, n->msg);
    return;
  }
  fprintf(f, "  graph: %d ops, %d tensors (weights and the first input as graph inputs), largest "
             "working set %llu B (op %s)\n",
          n->ops, n->tensors, (unsigned long long)n->m_r, n->m_r_op);
  fprintf(f, "  residency ILP (workload order): status %s", n->status);
  if (n->segmented) fprintf(f, " (%d windows, not called optimal)", n->windows);
  else if (n->gap >= 0) fprintf(f, ", gap %.3g", n->gap);
  fprintf(f, ", %.3f s\n", n->seconds);
  fprintf(f, "  compulsory DRAM bytes (graph inputs read once, graph outputs written once): %llu\n",
          (unsigned long long)n->compulsory_bytes);
  fprintf(f, "  non-compulsory DRAM bytes (spills + retrievals + reloads): %llu\n",
          (unsigned long long)n->noncompulsory_bytes);
  fprintf(f, "  DRAM with spills: per-op DRAM %llu B + non-compulsory %llu B = %llu B\n\n",
          (unsigned long long)per_op_dram, (unsigned long long)n->noncompulsory_bytes,
          (unsigned long long)(per_op_dram + n->noncompulsory_bytes));
}

void map_network_json(com_json *j, const char *key, const map_network *n) {
  bool ok = n->outcome == MAP_NET_PLANNED;
  com_json_obj_begin(j, key);
  com_json_str(j, "status", n->status);
  if (n->outcome == MAP_NET_NO_BUFFER) com_json_null(j, "level");
  else com_json_str(j, "level", n->level);
  com_json_u64(j, "level_bytes", n->level_bytes);
  com_json_u64(j, "level_instances", n->level_instances);
  com_json_u64(j, "budget_bytes", n->budget_bytes);
  com_json_i64(j, "ops", n->ops);
  com_json_i64(j, "tensors", n->tensors);
  com_json_u64(j, "min_budget_bytes", n->m_r);
  com_json_str(j, "min_budget_op", n->m_r_op);
  if (n->ops > 0) com_json_u64(j, "compulsory_bytes", n->compulsory_bytes);
  else com_json_null(j, "compulsory_bytes");
  if (ok) com_json_u64(j, "noncompulsory_bytes", n->noncompulsory_bytes);
  else com_json_null(j, "noncompulsory_bytes");
  if (ok && n->gap >= 0) com_json_f64(j, "gap", n->gap);
  else com_json_null(j, "gap"); /* no plan, or unknown (segmented) */
  com_json_f64(j, "seconds", n->seconds);
  com_json_bool(j, "segmented", n->segmented);
  com_json_i64(j, "windows", n->windows);
  if (ok) com_json_null(j, "message");
  else com_json_str(j, "message", n->msg);
  com_json_obj_end(j);
}
