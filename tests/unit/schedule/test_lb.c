/* test_lb — the lower bound for every order (map_sched_any_order_bound) and the minimum cut
 * under it (mapper/flow.h): max flows known by hand; a ResNet-like block where the bytes live
 * around the largest op depend on the order (input or shortcut), which only the cut rows see,
 * with the optimum over every order by the free-schedule ILP; and on random DAGs at M_R and
 * M_H, the bound never above the free-schedule ILP's proven optimum over every order. */
#include <stdlib.h>

#include "mapper/flow.h"
#include "mapper/schedule.h"
#include "unit.h"

static void test_flow(void) {
  /* the textbook network (Cormen et al., fig. 26.6): max flow 23 */
  static const int E[][3] = {{0, 1, 16}, {0, 2, 13}, {2, 1, 4}, {1, 3, 12}, {3, 2, 9},
                             {2, 4, 14}, {4, 3, 7}, {3, 5, 20}, {4, 5, 4}};
  map_flow *f = map_flow_new(6);
  CHECK(f != NULL);
  if (!f) return;
  for (size_t k = 0; k < sizeof E / sizeof E[0]; k++) CHECK(map_flow_edge(f, E[k][0], E[k][1], (uint64_t)E[k][2]) == 0);
  uint64_t v;
  CHECK(map_flow_max(f, 0, 5, &v) == 0);
  CHECK_U64(v, 23);
  CHECK(map_flow_max(f, 0, 5, &v) == 0); /* recomputed from zero */
  CHECK_U64(v, 23);
  CHECK(map_flow_max(f, 5, 0, &v) == 0); /* nothing flows back */
  CHECK_U64(v, 0);
  CHECK(map_flow_max(f, 0, 0, &v) == -1);
  CHECK(map_flow_edge(f, 0, 6, 1) == -1);
  map_flow_free(f);
  /* an infinite path: every cut is infinite */
  f = map_flow_new(3);
  CHECK(f && map_flow_edge(f, 0, 1, MAP_FLOW_INF) == 0 && map_flow_edge(f, 1, 2, UINT64_MAX) == 0);
  CHECK(f && map_flow_max(f, 0, 2, &v) == 0);
  CHECK_U64(v, MAP_FLOW_INF);
  map_flow_free(f);
  /* a long chain: the path search must not recurse per node */
  enum { N = 200000 };
  f = map_flow_new(N);
  bool built = f != NULL;
  for (int i = 0; built && i + 1 < N; i++) built = map_flow_edge(f, i, i + 1, 5 + (uint64_t)(i % 7)) == 0;
  CHECK(built && map_flow_max(f, 0, N - 1, &v) == 0);
  CHECK_U64(v, 5);
  map_flow_free(f);
}

/* x feeds C1 -> C2 (the largest op: at M_R nothing else fits beside it) -> ADD, and the
 * projection P -> sc -> ADD. Around C2 either x is live (P after C2) or sc is (P before C2):
 * no tensor is live there in every order, so only the cut rows force 10 bytes out; the
 * cheapest is sc (spill 10 + retrieve 10). */
static const char block_graph[] =
    "version: 1\nname: block\n"
    "tensors:\n  - {name: img, bytes: 1}\n  - {name: x, bytes: 20}\n  - {name: a, bytes: 5}\n"
    "  - {name: w, bytes: 60}\n  - {name: b, bytes: 5}\n  - {name: sc, bytes: 10}\n  - {name: y, bytes: 5}\n"
    "ops:\n  - {name: IN, inputs: [img], outputs: [x]}\n  - {name: C1, inputs: [x], outputs: [a]}\n"
    "  - {name: C2, inputs: [a, w], outputs: [b]}\n  - {name: P, inputs: [x], outputs: [sc]}\n"
    "  - {name: ADD, inputs: [b, sc], outputs: [y]}\n";

static void test_block(void) {
  map_graph *g;
  com_err e = {0};
  CHECK(map_graph_load_buffer("block.yaml", block_graph, sizeof block_graph - 1, &g, &e) == 0);
  if (!g) return;
  uint64_t mr = map_graph_min_budget(g, NULL), lb;
  CHECK_U64(mr, 70);
  bool known;
  CHECK(map_sched_any_order_bound(g, mr, 5, &known, &lb, &e) == 0);
  CHECK(known);
  CHECK_U64(lb, 20);
  CHECK(map_sched_any_order_bound(g, mr + 5, 5, &known, &lb, &e) == 0); /* 5 of sc's 10 fit */
  CHECK_U64(lb, 20);
  CHECK(map_sched_any_order_bound(g, mr + 10, 5, &known, &lb, &e) == 0); /* sc fits */
  CHECK_U64(lb, 0);
  /* the optimum over every order is exactly the bound */
  int ord[5] = {0, 1, 2, 3, 4}, out[5];
  map_sched_options o = map_sched_defaults();
  map_plan p;
  map_sched_stats st;
  ilp_status fs;
  double obj = -1;
  CHECK(map_schedule_order(g, ord, mr, &o, &p, &st, &e) == 0);
  CHECK_U64(p.noncompulsory, 40); /* the file order runs P after C2: x leaves and comes back */
  CHECK(map_schedule_free(g, mr, false, ord, &p, 10, out, &fs, &obj, &e) == 0);
  CHECK(fs == ILP_OPTIMAL);
  CHECK_NEAR(obj, 20.0, 1e-6);
  map_plan_free(&p);
  map_graph_free(g);
}

/* Random DAGs: the bound is a relaxation of every order's plan, so it never exceeds the
 * free-schedule ILP's optimum (a proven minimum over every order). */
static void test_random(void) {
  int solved = 0, nonzero = 0, tight = 0;
  for (uint64_t seed = 300; seed < 340; seed++) {
    map_graph *g = map_graph_random(seed, 9, 100);
    CHECK(g != NULL);
    if (!g) continue;
    int ord[16], mp[16], out[16];
    for (int i = 0; i < g->nops; i++) ord[i] = i;
    CHECK(map_graph_min_peak_order(g, mp) == 0);
    uint64_t mr = map_graph_min_budget(g, NULL), peak = map_graph_peak(g, mp);
    uint64_t budgets[2] = {mr, mr + (peak > mr ? (peak - mr) / 2 : 0)};
    for (int k = 0; k < 2; k++) {
      com_err e = {0};
      bool known;
      uint64_t lb;
      map_sched_options o = map_sched_defaults();
      map_plan p;
      map_sched_stats st;
      ilp_status fs;
      double obj = -1;
      CHECK(map_sched_any_order_bound(g, budgets[k], 10, &known, &lb, &e) == 0);
      CHECK(known);
      CHECK(map_schedule_order(g, ord, budgets[k], &o, &p, &st, &e) == 0);
      CHECK(lb <= p.noncompulsory);
      CHECK(map_schedule_free(g, budgets[k], false, ord, &p, 10, out, &fs, &obj, &e) == 0);
      if (fs == ILP_OPTIMAL) {
        solved++;
        CHECK((double)lb <= obj + 1e-6);
        tight += (double)lb >= obj - 1e-6;
      }
      nonzero += lb > 0;
      map_plan_free(&p);
    }
    map_graph_free(g);
  }
  CHECK(solved >= 70);
  CHECK(nonzero >= 10); /* the bound is not vacuous on these graphs */
  fprintf(stderr, "random DAGs: %d budgets solved, bound non-zero on %d, equal to the optimum on %d\n", solved,
          nonzero, tight);
}

int main(void) {
  test_flow();
  test_block();
  test_random();
  UNIT_DONE();
}
