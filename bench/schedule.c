/*
 * bench/schedule — figures of the graph scheduler (docs/scheduling.md): for every shipped graph
 * and the budgets M_R, M_H, M_P, the ILP plan's non-compulsory bytes, status and time against
 * the best linear-allocator baseline, the residency bound of the plan's order and the bound for
 * every order; the average reduction at M_R and its ceiling (the most any plan on any order
 * could reach, from the bound for every order); the NAS-like graph also segmented; and solve
 * times of the residency ILP on random DAGs of growing size. Run from the repository root:
 *     build/bench/bench_schedule [--quick]
 * Prints figures; never fails on timings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mapper/schedule.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* One table row per budget; returns the reduction at M_R (or -1) and its ceiling there: the
 * reduction of a plan reaching the bound for every order (100% when no bound is known). */
static double bench_graph(const char *path, const char *label, int segment, double *ceiling) {
  map_graph *g;
  com_err e = {0};
  *ceiling = -1;
  if (map_graph_load_file(path, &g, &e)) { fprintf(stderr, "%s\n", e.msg); return -2; }
  map_sched_budgets b;
  if (map_sched_budgets_of(g, false, &b, &e)) { map_graph_free(g); return -2; }
  const char *names[3] = {"M_R", "M_H", "M_P"};
  uint64_t bytes[3] = {b.m_r, b.m_h, b.m_p};
  double red_mr = -1;
  for (int k = 0; k < 3; k++) {
    map_sched_options o = map_sched_defaults();
    if (segment) o.segment_binaries = segment;
    map_sched_result r;
    double t0 = now();
    if (map_sched_run(g, &b, bytes[k], &o, &r, &e)) { fprintf(stderr, "%s\n", e.msg); continue; }
    double dt = now() - t0;
    int best = 0;
    for (int q = 1; q < r.nbase; q++) if (r.base_bytes[q] < r.base_bytes[best]) best = q;
    char red[16], lb[24], alb[24];
    if (r.stats.bound_known) snprintf(lb, sizeof lb, "%llu", (unsigned long long)r.stats.bound_bytes);
    else snprintf(lb, sizeof lb, "-");
    if (r.any_bound_known) snprintf(alb, sizeof alb, "%llu", (unsigned long long)r.any_bound_bytes);
    else snprintf(alb, sizeof alb, "-");
    if (r.reduction >= 0) snprintf(red, sizeof red, "%.1f%%", r.reduction);
    else snprintf(red, sizeof red, "n/a");
    printf("| %-14s | %4d | %s | %10llu | %10llu | %-9s | %-8s | %10s | %10s | %6.2f | %6.2f | %10llu | %-24s | %6s |\n",
           label, g->nops, names[k], (unsigned long long)bytes[k], (unsigned long long)r.plan.noncompulsory,
           map_sched_status_name(&r.stats), map_sched_order_name(r.order_index), lb, alb, r.stats.seconds, dt,
           (unsigned long long)r.base_bytes[best], r.base_name[best], red);
    if (k == 0) {
      red_mr = r.reduction;
      uint64_t floor = r.any_bound_known ? r.any_bound_bytes : 0;
      *ceiling = r.best_base > 0 ? 100.0 * (double)(r.best_base - (floor < r.best_base ? floor : r.best_base)) /
                                       (double)r.best_base
                                 : -1;
    }
    map_sched_result_free(&r);
  }
  map_sched_budgets_free(&b);
  map_graph_free(g);
  return red_mr;
}

static void bench_random(int nops) {
  map_graph *g = map_graph_random(42, nops, 1 << 16);
  if (!g) return;
  int *ord = malloc((size_t)nops * sizeof *ord);
  for (int i = 0; i < nops; i++) ord[i] = i;
  uint64_t mr = map_graph_min_budget(g, NULL), mp = map_graph_peak(g, ord);
  map_sched_options o = map_sched_defaults();
  map_plan p;
  map_sched_stats st;
  com_err e = {0};
  double t0 = now();
  if (map_schedule_order(g, ord, mr + (mp - mr) / 2, &o, &p, &st, &e) == 0) {
    printf("| random DAG | %5d | %6d binaries | %4d windows | %-9s | first solve %6.2f s | GLPK %6.2f s | all %6.2f s | "
           "%2d re-solves |\n", nops, st.binaries, st.windows, map_sched_status_name(&st), st.first_seconds, st.seconds,
           now() - t0, st.alloc_retries);
    map_plan_free(&p);
  } else {
    fprintf(stderr, "%s\n", e.msg);
  }
  free(ord);
  map_graph_free(g);
}

int main(int argc, char **argv) {
  bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
  static const char *const graphs[][2] = {
      {"workloads/graphs/resnet50.yaml", "ResNet-50"},     {"workloads/graphs/densenet121.yaml", "DenseNet-121"},
      {"workloads/graphs/bert-base-512.yaml", "BERT-base"}, {"workloads/graphs/vit-b16.yaml", "ViT-B/16"},
      {"workloads/graphs/deeplabv3.yaml", "DeepLabV3"},     {"workloads/graphs/nas-cells.yaml", "NAS cells"}};
  printf("| graph          |  ops | budget |      bytes | ILP bytes  | status    | order    | order bnd  | all-ord bnd | "
         "GLPK s |  all s | best base  | best baseline            | reduc. |\n");
  printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  double sum = 0, sum_ceil = 0, sum_h = 0, sum_ceil_h = 0, ceil[8];
  int n = 0, n_h = 0;
  for (size_t i = 0; i < sizeof graphs / sizeof *graphs; i++) {
    double r = bench_graph(graphs[i][0], graphs[i][1], 0, &ceil[i]);
    if (r < 0) continue;
    bool human = strstr(graphs[i][0], "nas") == NULL; /* COSMA averages human-designed graphs apart */
    sum += r;
    sum_ceil += ceil[i];
    n++;
    if (human) { sum_h += r; sum_ceil_h += ceil[i]; n_h++; }
  }
  double unused;
  bench_graph("workloads/graphs/nas-cells.yaml", "NAS seg. 60", 60, &unused);
  if (n) {
    printf("\naverage reduction at M_R over %d graphs with non-zero baseline traffic: %.1f%% (ceiling %.1f%%)\n", n,
           sum / n, sum_ceil / n);
    if (n_h)
      printf("over the %d human-designed graphs: %.1f%% (ceiling %.1f%%)\n", n_h, sum_h / n_h, sum_ceil_h / n_h);
    printf("ceiling = the reduction of a plan reaching the bound for every order, per graph:");
    for (size_t i = 0; i < sizeof graphs / sizeof *graphs; i++)
      if (ceil[i] >= 0) printf(" %s %.1f%%", graphs[i][1], ceil[i]);
    printf("\n\n");
  }
  int sizes[] = {60, 120, 240, 500, 1000};
  for (size_t i = 0; i < (quick ? 3 : sizeof sizes / sizeof *sizes); i++) bench_random(sizes[i]);
  return 0;
}
