/* test_alloc — the placement search (map_alloc_search) and the residency lower bound: on the
 * ILP plans of random DAGs at M_R, every placement the search returns passes map_plan_check and
 * it places plans that best fit cannot; a plan whose step exceeds the budget is refused with
 * its addresses untouched; the reported bound never exceeds any placed plan (the ILP's, both
 * baselines') and equals the brute-force residency optimum. */
#include <stdlib.h>

#include "mapper/schedule.h"
#include "unit.h"

static int *identity(int n) {
  int *o = malloc((size_t)n * sizeof *o);
  for (int i = 0; i < n; i++) o[i] = i;
  return o;
}

/* Places every plan of seeds 1..80 anew (addresses zeroed) by best fit and by the search. */
static void test_search_random(void) {
  int bf_fail = 0, rescued = 0, placed = 0;
  for (uint64_t seed = 1; seed <= 80; seed++) {
    map_graph *g = map_graph_random(seed, 14, 100);
    CHECK(g != NULL);
    if (!g) continue;
    int *ord = identity(g->nops);
    map_sched_options o = map_sched_defaults();
    map_plan p;
    map_sched_stats st;
    com_err e = {0};
    CHECK(map_schedule_order(g, ord, map_graph_min_budget(g, NULL), &o, &p, &st, &e) == 0);
    for (int i = 0; i < p.n; i++) p.iv[i].addr = 0;
    int bf = map_alloc_best_fit(&p, g);
    for (int i = 0; i < p.n; i++) p.iv[i].addr = 0;
    int rc = map_alloc_search(&p, g, 30000);
    CHECK(rc == 0 || rc == 1);
    if (rc == 0) {
      placed++;
      CHECK(map_plan_check(g, &p, NULL, &e) == 0);
      if (bf == 1) rescued++;
    }
    if (bf == 1) bf_fail++;
    map_plan_free(&p);
    free(ord);
    map_graph_free(g);
  }
  fprintf(stderr, "search: %d of 80 placed, best fit failed on %d, search placed %d of those\n", placed, bf_fail,
          rescued);
  CHECK(rescued >= 1);
  CHECK(placed >= 80 - bf_fail);
}

/* Three tensors of 10 bytes live at one step of a 25-byte budget: no placement exists. */
static void test_search_refuses(void) {
  static const char text[] =
      "version: 1\nname: t\ntensors:\n  - {name: x, bytes: 10}\n  - {name: a, bytes: 10}\n"
      "  - {name: b, bytes: 10}\nops:\n  - {name: A, inputs: [x], outputs: [a]}\n"
      "  - {name: B, inputs: [x, a], outputs: [b]}\n";
  map_graph *g;
  com_err e = {0};
  CHECK(map_graph_load_buffer("t.yaml", text, sizeof text - 1, &g, &e) == 0);
  if (!g) return;
  map_plan p = {0};
  int ord[2] = {0, 1};
  p.nsteps = 2;
  p.order = ord;
  p.budget = 25;
  map_interval iv[3] = {{0, 0, 1, 7, MAP_ARRIVE_LOAD, false}, {1, 0, 1, 7, MAP_ARRIVE_CREATE, false},
                        {2, 1, 1, 7, MAP_ARRIVE_CREATE, false}};
  p.iv = iv;
  p.n = p.cap = 3;
  CHECK(map_alloc_search(&p, g, 1000) == 1);
  for (int i = 0; i < 3; i++) CHECK_U64(p.iv[i].addr, 7);
  p.budget = 30; /* now it fits exactly */
  CHECK(map_alloc_search(&p, g, 1000) == 0);
  CHECK(map_plan_check(g, &p, NULL, &e) == 0);
  map_graph_free(g);
}

/* The residency bound is below every placed plan on the order, at every budget. */
static void test_bound(void) {
  int known = 0, tight = 0;
  for (uint64_t seed = 1; seed <= 30; seed++) {
    map_graph *g = map_graph_random(seed, 16, 1000);
    if (!g) continue;
    int *ord = identity(g->nops);
    uint64_t mr = map_graph_min_budget(g, NULL), mp = map_graph_peak(g, ord);
    uint64_t budgets[2] = {mr, (mr + mp) / 2};
    for (int b = 0; b < 2; b++) {
      map_sched_options o = map_sched_defaults();
      map_plan p, base;
      map_sched_stats st;
      com_err e = {0};
      CHECK(map_schedule_order(g, ord, budgets[b], &o, &p, &st, &e) == 0);
      CHECK(st.bound_known);
      if (!st.bound_known) { map_plan_free(&p); continue; }
      known++;
      CHECK(st.bound_bytes <= p.noncompulsory);
      /* reaching the bound is optimal; optimal is within GLPK's relative gap of the bound */
      CHECK(p.noncompulsory != st.bound_bytes || st.status == ILP_OPTIMAL);
      CHECK(st.status != ILP_OPTIMAL || (double)(p.noncompulsory - st.bound_bytes) <= o.mip_gap * (double)p.noncompulsory + 1);
      tight += p.noncompulsory == st.bound_bytes;
      for (int r = 0; r < 2; r++) {
        CHECK(map_baseline(g, ord, budgets[b], (map_repl)r, &base, &e) == 0);
        CHECK(st.bound_bytes <= base.noncompulsory);
        map_plan_free(&base);
      }
      map_plan_free(&p);
    }
    free(ord);
    map_graph_free(g);
  }
  fprintf(stderr, "bound: known on %d plans, reached on %d\n", known, tight);
  CHECK(known == 60);
  CHECK(tight >= 45);
}

int main(void) {
  test_search_random();
  test_search_refuses();
  test_bound();
  UNIT_DONE();
}
