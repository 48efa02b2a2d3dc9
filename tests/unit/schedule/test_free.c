/* test_free — the free-schedule ILP (order chosen too) against brute force over every
 * topological order of small random DAGs: minimum non-compulsory bytes (each order solved by
 * the fixed-order ILP, itself checked against brute force in test_plan) and minimum peak; the
 * bound for every order (map_sched_any_order_bound) never exceeds the free ILP's optimum. */
#include <stdlib.h>

#include "mapper/schedule.h"
#include "unit.h"

typedef struct brute { const map_graph *g; uint64_t budget; int order[16]; char used[16]; uint64_t best_nc, best_peak; } brute;

static void enumerate(brute *b, int s) {
  const map_graph *g = b->g;
  if (s == g->nops) {
    uint64_t peak = map_graph_peak(g, b->order);
    if (peak < b->best_peak) b->best_peak = peak;
    map_sched_options o = map_sched_defaults();
    map_plan p;
    map_sched_stats st;
    com_err e = {0};
    if (map_schedule_order(g, b->order, b->budget, &o, &p, &st, &e) == 0) {
      if (st.alloc_retries == 0 && !st.alloc_split && p.noncompulsory < b->best_nc) b->best_nc = p.noncompulsory;
      map_plan_free(&p);
    }
    return;
  }
  for (int o = 0; o < g->nops; o++) {
    if (b->used[o]) continue;
    bool ready = true;
    for (int k = 0; k < g->ops[o].nin; k++) {
      int p = g->t[g->ops[o].in[k]].producer;
      if (p >= 0 && !b->used[p]) ready = false;
    }
    if (!ready) continue;
    b->used[o] = 1;
    b->order[s] = o;
    enumerate(b, s + 1);
    b->used[o] = 0;
  }
}

int main(void) {
  int compared = 0, nonzero = 0;
  for (uint64_t seed = 100; seed < 112; seed++) {
    map_graph *g = map_graph_random(seed, 7, 100);
    CHECK(g != NULL);
    if (!g) continue;
    int ord[16];
    for (int i = 0; i < g->nops; i++) ord[i] = i;
    uint64_t mr = map_graph_min_budget(g, NULL);
    brute b = {g, mr, {0}, {0}, UINT64_MAX, UINT64_MAX};
    enumerate(&b, 0);
    com_err e = {0};
    ilp_status st;
    double obj = -1;
    int out[16];
    CHECK(map_schedule_free(g, 0, true, ord, NULL, 10, out, &st, &obj, &e) == 0);
    CHECK(st == ILP_OPTIMAL);
    CHECK_NEAR(obj, (double)b.best_peak, 1e-6);
    CHECK(map_graph_order_valid(g, out));
    CHECK_U64(map_graph_peak(g, out), b.best_peak);
    map_plan p;
    map_sched_stats ss;
    map_sched_options o = map_sched_defaults();
    CHECK(map_schedule_order(g, ord, mr, &o, &p, &ss, &e) == 0);
    CHECK(map_schedule_free(g, mr, false, ord, &p, 10, out, &st, &obj, &e) == 0);
    CHECK(st == ILP_OPTIMAL);
    /* the bound for every order never exceeds the free ILP's optimum over every order */
    bool known;
    uint64_t lb;
    CHECK(map_sched_any_order_bound(g, mr, 10, &known, &lb, &e) == 0);
    CHECK(known);
    CHECK((double)lb <= obj + 1e-6);
    nonzero += lb > 0;
    if (b.best_nc != UINT64_MAX) {
      /* the free ILP is at least as good as the best order (it may be better only where every
       * address-feasible plan of that order needed extra traffic) */
      CHECK(obj <= (double)b.best_nc + 1e-6);
      map_plan q;
      CHECK(map_schedule_order(g, out, mr, &o, &q, &ss, &e) == 0);
      if (ss.alloc_retries == 0 && !ss.alloc_split) { CHECK_NEAR((double)q.noncompulsory, obj, 1e-6); compared++; }
      map_plan_free(&q);
    }
    map_plan_free(&p);
    map_graph_free(g);
  }
  CHECK(compared >= 8);
  fprintf(stderr, "any-order bound: non-zero on %d of 12 graphs\n", nonzero);
  UNIT_DONE();
}
