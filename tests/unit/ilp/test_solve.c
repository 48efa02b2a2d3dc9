/* test_solve — ilp builder and GLPK back end on hand-solvable MIPs: a knapsack (with and
 * without a warm start), infeasible and unbounded models, a time limit, bad models that must
 * come back as errors (never an abort). */
#include <pthread.h>
#include <stdlib.h>

#include "ilp/ilp.h"
#include "unit.h"

/* max 10a + 13b + 7c + 8d  s.t. 4a + 6b + 3c + 5d <= 10  (binary): optimum a+b = 23 */
static ilp_model *knapsack(void) {
  ilp_model *m = ilp_new();
  const double v[4] = {10, 13, 7, 8}, w[4] = {4, 6, 3, 5};
  int idx[4];
  const char *names[4] = {"a", "b", "c", "d"};
  for (int i = 0; i < 4; i++) idx[i] = ilp_bin(m, names[i], -v[i]);
  ilp_row(m, "cap", 4, idx, w, 'L', 10);
  return m;
}

static void test_knapsack(void) {
  ilp_model *m = knapsack();
  ilp_result r;
  com_err e = {0};
  CHECK(ilp_solve(m, 5, 0, NULL, &r, &e) == 0);
  CHECK(r.status == ILP_OPTIMAL);
  CHECK_NEAR(r.objective, -23, 1e-9);
  CHECK_NEAR(r.x[0] + r.x[1], 2, 1e-9);
  CHECK_NEAR(r.gap, 0, 1e-12);
  /* warm start: c alone (value 7), feasible; the optimum must not change */
  const double warm[4] = {0, 0, 1, 0};
  ilp_params p = ilp_params_default();
  p.warm = warm;
  CHECK(ilp_solve_params(m, &p, &r, &e) == 0);
  CHECK(r.status == ILP_OPTIMAL);
  CHECK_NEAR(r.objective, -23, 1e-9);
  CHECK(ilp_check(m, r.x, 1e-9, NULL, 0));
  CHECK_NEAR(ilp_objective_of(m, r.x), -23, 1e-9);
  /* an infeasible warm start is an error */
  const double bad[4] = {1, 1, 1, 0};
  p.warm = bad;
  CHECK(ilp_solve_params(m, &p, &r, &e) == -1);
  CHECK(strstr(e.msg, "warm start") != NULL);
  ilp_set_offset(m, 100);
  CHECK(ilp_solve(m, 5, 0, NULL, &r, &e) == 0);
  CHECK_NEAR(r.objective, 77, 1e-9);
  ilp_free(m);
}

static void test_infeasible_unbounded(void) {
  ilp_model *m = ilp_new();
  int x[2] = {ilp_bin(m, "x", 1), ilp_bin(m, "y", 1)};
  const double one[2] = {1, 1};
  ilp_row(m, "need3", 2, x, one, 'G', 3);
  ilp_result r;
  com_err e = {0};
  CHECK(ilp_solve(m, 5, 0, NULL, &r, &e) == 0);
  CHECK(r.status == ILP_INFEASIBLE);
  ilp_free(m);
  /* integer-infeasible only: 2x + 2y + 2z = 3 */
  m = ilp_new();
  int z[3] = {ilp_var(m, "x", 0, 5, true, 0), ilp_var(m, "y", 0, 5, true, 0), ilp_var(m, "z", 0, 5, true, 0)};
  const double two[3] = {2, 2, 2};
  ilp_row(m, "odd", 3, z, two, 'E', 3);
  CHECK(ilp_solve(m, 5, 0, NULL, &r, &e) == 0);
  CHECK(r.status == ILP_INFEASIBLE);
  ilp_free(m);
  m = ilp_new();
  int u = ilp_var(m, "u", -ILP_INF, ILP_INF, true, 1);
  int v = ilp_var(m, "v", 0, ILP_INF, false, 0);
  int uv[2] = {u, v};
  const double c[2] = {1, -1};
  ilp_row(m, "r", 2, uv, c, 'L', 4);
  CHECK(ilp_solve(m, 5, 0, NULL, &r, &e) == 0);
  CHECK(r.status == ILP_UNBOUNDED);
  CHECK_STR(ilp_status_name(r.status), "unbounded");
  ilp_free(m);
}

/* A market-split instance (Cornuejols-Dawande): tiny, and far beyond GLPK in 0.3 s. */
static void test_time_limit(void) {
  ilp_model *m = ilp_new();
  enum { N = 50, M = 5 };
  int idx[N];
  double a[N];
  unsigned s = 12345;
  char name[16];
  for (int j = 0; j < N; j++) {
    snprintf(name, sizeof name, "x%d", j);
    idx[j] = ilp_bin(m, name, 0);
  }
  for (int i = 0; i < M; i++) {
    double sum = 0;
    for (int j = 0; j < N; j++) {
      s = s * 1103515245u + 12345u;
      a[j] = (double)((s >> 16) % 100);
      sum += a[j];
    }
    snprintf(name, sizeof name, "split%d", i);
    ilp_row(m, name, N, idx, a, 'E', floor(sum / 2));
  }
  ilp_result r;
  com_err e = {0};
  CHECK(ilp_solve(m, 0.3, 0, NULL, &r, &e) == 0);
  CHECK(r.status == ILP_NO_SOLUTION || r.status == ILP_FEASIBLE);
  CHECK(r.seconds < 3);
  ilp_free(m);
}

static void test_bad_models(void) {
  com_err e = {0};
  ilp_result r;
  ilp_model *m = ilp_new();
  int x = ilp_bin(m, "x", 1);
  int bad[2] = {x, 7};
  const double c[2] = {1, 1};
  ilp_row(m, "r", 2, bad, c, 'L', 1);
  CHECK(ilp_solve(m, 1, 0, NULL, &r, &e) == -1);
  CHECK(strstr(e.msg, "row r") != NULL);
  ilp_free(m);
  m = ilp_new();
  x = ilp_bin(m, "x", 1);
  int twice[2] = {x, x};
  ilp_row(m, "r", 2, twice, c, 'L', 1);
  CHECK(ilp_validate(m, &e) == -1 && strstr(e.msg, "twice") != NULL);
  ilp_free(m);
  m = ilp_new();
  ilp_var(m, "x", 2, 1, false, 0);
  CHECK(ilp_validate(m, &e) == -1 && strstr(e.msg, "bounds") != NULL);
  ilp_free(m);
  m = ilp_new();
  ilp_var(m, "x", 0, 1, false, NAN);
  CHECK(ilp_validate(m, &e) == -1);
  ilp_free(m);
  m = ilp_new();
  ilp_bin(m, "x", 0);
  ilp_bin(m, "x", 0);
  CHECK(ilp_validate(m, &e) == -1 && strstr(e.msg, "named 'x'") != NULL);
  ilp_free(m);
  m = ilp_new();
  ilp_bin(m, "we ird name!", 0); /* sanitized, not an error */
  ilp_row(m, "empty", 0, NULL, NULL, 'L', 0);
  CHECK(ilp_solve(m, 1, 0, NULL, &r, &e) == 0 && r.status == ILP_OPTIMAL);
  ilp_free(m);
}

/* Solves knapsacks from several threads at once: the back end serializes GLPK. */
static void *solve_many(void *arg) {
  int *ok = arg;
  for (int i = 0; i < 20; i++) {
    ilp_model *m = knapsack();
    ilp_result r;
    com_err e = {0};
    if (ilp_solve(m, 5, 0, NULL, &r, &e) == 0 && r.status == ILP_OPTIMAL && fabs(r.objective + 23) < 1e-9) (*ok)++;
    ilp_free(m);
  }
  return NULL;
}

static void test_threads(void) {
  pthread_t th[4];
  int ok[4] = {0};
  for (int i = 0; i < 4; i++) CHECK(pthread_create(&th[i], NULL, solve_many, &ok[i]) == 0);
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    CHECK(ok[i] == 20);
  }
}

int main(void) {
  test_threads();
  test_knapsack();
  test_infeasible_unbounded();
  test_time_limit();
  test_bad_models();
  UNIT_DONE();
}
