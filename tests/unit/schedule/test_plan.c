/* test_plan — the residency planner on hand-solved graphs, against brute force on random
 * DAGs, against the baselines, segmentation, and the budget error; every plan is replayed by
 * map_plan_check (map_schedule_order runs it, and the tests run it again). */
#include <stdlib.h>

#include "mapper/schedule.h"
#include "unit.h"

static const char skip_graph[] =
    "version: 1\nname: skip\n"
    "tensors:\n  - {name: x, bytes: 10}\n  - {name: a, bytes: 10}\n  - {name: b, bytes: 10}\n"
    "  - {name: c, bytes: 10}\n  - {name: d, bytes: 1}\n"
    "ops:\n  - {name: A, inputs: [x], outputs: [a]}\n  - {name: B, inputs: [a], outputs: [b]}\n"
    "  - {name: C, inputs: [b], outputs: [c]}\n  - {name: D, inputs: [a, c], outputs: [d]}\n";

static int *identity(int n) {
  int *o = malloc((size_t)n * sizeof *o);
  for (int i = 0; i < n; i++) o[i] = i;
  return o;
}

static void test_hand(void) {
  map_graph *g;
  com_err e = {0};
  CHECK(map_graph_load_buffer("skip.yaml", skip_graph, sizeof skip_graph - 1, &g, &e) == 0);
  if (!g) return;
  CHECK_U64(map_graph_min_budget(g, NULL), 21);
  int *ord = identity(g->nops);
  CHECK_U64(map_graph_peak(g, ord), 30);
  map_sched_options o = map_sched_defaults();
  map_plan p;
  map_sched_stats st;
  /* at 25 bytes, a cannot stay over step C: spill 10 + retrieve 10 */
  CHECK(map_schedule_order(g, ord, 25, &o, &p, &st, &e) == 0);
  CHECK_U64(p.noncompulsory, 20);
  CHECK(st.status == ILP_OPTIMAL);
  uint64_t nc;
  CHECK(map_plan_check(g, &p, &nc, &e) == 0);
  CHECK_U64(nc, 20);
  map_plan_free(&p);
  CHECK(map_schedule_order(g, ord, 30, &o, &p, &st, &e) == 0);
  CHECK_U64(p.noncompulsory, 0);
  map_plan_free(&p);
  /* in every order a is live across C (A before C before D) beside C's 20 bytes: at 25 bytes it
   * must leave and come back (20 bytes); at 30 nothing is forced */
  bool known;
  uint64_t lb;
  CHECK(map_sched_any_order_bound(g, 25, 1, &known, &lb, &e) == 0);
  CHECK(known);
  CHECK_U64(lb, 20);
  CHECK(map_sched_any_order_bound(g, 30, 1, &known, &lb, &e) == 0);
  CHECK_U64(lb, 0);
  CHECK(map_sched_any_order_bound(g, 20, 1, &known, &lb, &e) == -1); /* below M_R */
  /* below M_R: the error names the op and the smallest budget */
  CHECK(map_schedule_order(g, ord, 20, &o, &p, &st, &e) == -1);
  CHECK(strstr(e.msg, "op 'D'") != NULL && strstr(e.msg, "M_R = 21") != NULL);
  CHECK(map_schedule_order(g, ord, 5, &o, &p, &st, &e) == -1);
  CHECK(strstr(e.msg, "smaller than tensor") != NULL);
  free(ord);
  map_graph_free(g);
}

/* Brute force over the keep decisions of every gap (as the ILP defines them). */
static uint64_t brute(const map_graph *g, const int *ord, uint64_t budget) {
  int ng = 0, gt[24], ga[24], gb[24];
  for (int t = 0; t < g->ntensors; t++) {
    int prev = -1;
    for (int s = 0; s < g->nops; s++) {
      const map_gop *op = &g->ops[ord[s]];
      bool used = false;
      for (int k = 0; k < op->nin + op->nout; k++) used |= op->in[k] == t;
      if (!used) continue;
      if (prev >= 0 && s > prev + 1) {
        if (ng == 24) return UINT64_MAX;
        gt[ng] = t; ga[ng] = prev; gb[ng] = s; ng++;
      }
      prev = s;
    }
  }
  uint64_t best = UINT64_MAX;
  for (uint32_t mask = 0; mask < (1u << ng); mask++) {
    bool ok = true;
    for (int s = 0; s < g->nops && ok; s++) {
      uint64_t u = map_graph_op_bytes(g, ord[s]);
      for (int i = 0; i < ng; i++) if ((mask >> i & 1) && ga[i] < s && s < gb[i]) u += g->t[gt[i]].bytes;
      ok = u <= budget;
    }
    if (!ok) continue;
    uint64_t cost = 0;
    for (int t = 0; t < g->ntensors; t++) {
      bool dropped = false;
      for (int i = 0; i < ng; i++)
        if (gt[i] == t && !(mask >> i & 1)) { cost += g->t[t].bytes; dropped = true; }
      if (dropped && g->t[t].producer >= 0) cost += g->t[t].bytes;
    }
    if (cost < best) best = cost;
  }
  return best;
}

static void test_random(void) {
  int compared = 0;
  for (uint64_t seed = 1; seed <= 40; seed++) {
    map_graph *g = map_graph_random(seed, 9, 100);
    CHECK(g != NULL);
    if (!g) continue;
    int *ord = identity(g->nops);
    uint64_t mr = map_graph_min_budget(g, NULL), mp = map_graph_peak(g, ord);
    uint64_t budgets[3] = {mr, (mr + mp) / 2, mp};
    for (int b = 0; b < 3; b++) {
      map_sched_options o = map_sched_defaults();
      map_plan p, base;
      map_sched_stats st;
      com_err e = {0};
      int rc = map_schedule_order(g, ord, budgets[b], &o, &p, &st, &e);
      CHECK(rc == 0);
      if (rc) { fprintf(stderr, "%s\n", e.msg); continue; }
      uint64_t bf = brute(g, ord, budgets[b]);
      if (bf != UINT64_MAX && st.alloc_retries == 0) { CHECK_U64(p.noncompulsory, bf); compared++; }
      if (bf != UINT64_MAX && st.bound_known) CHECK_U64(st.bound_bytes, bf); /* the relaxation's optimum */
      if (b == 2) CHECK_U64(p.noncompulsory, 0);
      for (int r = 0; r < 2; r++) {
        CHECK(map_baseline(g, ord, budgets[b], (map_repl)r, &base, &e) == 0);
        CHECK(map_plan_check(g, &base, NULL, &e) == 0);
        if (st.alloc_retries == 0) CHECK(p.noncompulsory <= base.noncompulsory);
        map_plan_free(&base);
      }
      map_plan_free(&p);
    }
    free(ord);
    map_graph_free(g);
  }
  CHECK(compared >= 60);
}

static void test_segmented(void) {
  map_graph *g = map_graph_random(7, 120, 1000);
  CHECK(g != NULL);
  if (!g) return;
  int *ord = identity(g->nops);
  uint64_t mr = map_graph_min_budget(g, NULL);
  map_sched_options o = map_sched_defaults();
  map_plan whole, seg;
  map_sched_stats st1, st2;
  com_err e = {0};
  o.time_limit_s = 1; /* a time-out still returns a checked plan (the incumbent at worst) */
  CHECK(map_schedule_order(g, ord, mr, &o, &whole, &st1, &e) == 0);
  CHECK(st1.status == ILP_OPTIMAL || st1.status == ILP_FEASIBLE);
  CHECK(whole.noncompulsory <= st1.warm_bytes || st1.alloc_retries != 0);
  CHECK(map_plan_check(g, &whole, NULL, &e) == 0);
  o.segment_binaries = 15;
  CHECK(map_schedule_order(g, ord, mr, &o, &seg, &st2, &e) == 0);
  CHECK(st2.windows > 3);
  CHECK(map_plan_check(g, &seg, NULL, &e) == 0);
  if (st1.status == ILP_OPTIMAL && st1.alloc_retries == 0) CHECK(whole.noncompulsory <= seg.noncompulsory);
  map_plan_free(&whole);
  map_plan_free(&seg);
  free(ord);
  map_graph_free(g);
}

int main(void) {
  test_hand();
  test_random();
  test_segmented();
  UNIT_DONE();
}
