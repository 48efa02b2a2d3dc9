/* test_order_search — the local search over op orders (map_sched_order_search) on random DAGs
 * above the free-schedule ILP's size: every order it returns is a valid schedule whose Belady
 * bytes it reports truly and never exceed the start order's; the same seed gives the same order;
 * it improves some graphs; map_sched_run plans the order it finds and keeps it only when the
 * checked plan is cheaper. Move counts are fixed and small, far below the time cap. */
#include <stdlib.h>
#include <string.h>

#include "mapper/schedule.h"
#include "unit.h"

static uint64_t belady(const map_graph *g, const int *order, uint64_t budget) {
  map_plan p;
  com_err e = {0};
  if (map_belady_capacity(g, order, budget, &p, &e)) return UINT64_MAX;
  uint64_t b = p.noncompulsory;
  map_plan_free(&p);
  return b;
}

static void test_search(void) {
  int improved = 0;
  for (uint64_t seed = 1; seed <= 12; seed++) {
    map_graph *g = map_graph_random(seed, 40, 1000);
    CHECK(g != NULL);
    if (!g) continue;
    int n = g->nops, *start = malloc((size_t)n * sizeof *start), *a = malloc((size_t)n * sizeof *a);
    int *b = malloc((size_t)n * sizeof *b);
    for (int i = 0; i < n; i++) start[i] = i;
    uint64_t budget = map_graph_min_budget(g, NULL), ba, bb, b0 = belady(g, start, budget);
    com_err e = {0};
    CHECK(map_sched_order_search(g, start, budget, 0, 3000, 5, 1e9, a, &ba, &e) == 0);
    CHECK(map_sched_order_search(g, start, budget, 0, 3000, 5, 1e9, b, &bb, &e) == 0);
    CHECK(map_graph_order_valid(g, a));
    CHECK(memcmp(a, b, (size_t)n * sizeof *a) == 0); /* deterministic */
    CHECK_U64(ba, bb);
    CHECK_U64(ba, belady(g, a, budget));
    CHECK(ba <= b0);
    improved += ba < b0;
    free(start);
    free(a);
    free(b);
    map_graph_free(g);
  }
  fprintf(stderr, "order search: Belady bytes lowered on %d of 12 graphs\n", improved);
  CHECK(improved >= 6);
}

static void test_run(void) {
  int chosen = 0;
  for (uint64_t seed = 1; seed <= 6; seed++) {
    map_graph *g = map_graph_random(seed, 30, 1); /* unit sizes: placement never fails, so no
                                                      timed re-solve makes the runs differ */
    if (!g) continue;
    map_sched_budgets b;
    com_err e = {0};
    CHECK(map_sched_budgets_of(g, false, &b, &e) == 0);
    map_sched_options o = map_sched_defaults(), off = o;
    o.order_search_moves = 2000;
    off.order_search_moves = 0;
    map_sched_result r, r0;
    CHECK(map_sched_run(g, &b, b.m_r, &o, &r, &e) == 0);
    CHECK(map_sched_run(g, &b, b.m_r, &off, &r0, &e) == 0);
    CHECK(map_plan_check(g, &r.plan, NULL, &e) == 0);
    CHECK(r.plan.noncompulsory <= r0.plan.noncompulsory);
    CHECK((r.order_index == 4) == (r.plan.noncompulsory < r0.plan.noncompulsory));
    bool reached = r0.any_bound_known && r0.plan.noncompulsory <= r0.any_bound_bytes;
    CHECK((r.search_seconds > 0) == !reached); /* no search once the plan is optimal for every order */
    CHECK(r0.search_seconds == 0);
    chosen += r.order_index == 4;
    map_sched_result_free(&r);
    map_sched_result_free(&r0);
    map_sched_budgets_free(&b);
    map_graph_free(g);
  }
  fprintf(stderr, "order search: its order planned cheaper on %d of 6 graphs\n", chosen);
  CHECK(chosen >= 1);
}

int main(void) {
  test_search();
  test_run();
  UNIT_DONE();
}
