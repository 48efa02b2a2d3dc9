/* test_export — CPLEX-LP and MPS export re-solved by glpsol (glpk-utils) give the objective
 * our solve found. Skipped (77) when glpsol is not installed. */
#include <stdlib.h>
#include <unistd.h>

#include "ilp/ilp.h"
#include "unit.h"

/* Runs glpsol on path (format flag), returns its objective or NAN. */
static double glpsol_objective(const char *flag, const char *path) {
  char cmd[512], out[256];
  snprintf(out, sizeof out, "%s.sol", path);
  snprintf(cmd, sizeof cmd, "glpsol %s %s -o %s >/dev/null 2>&1", flag, path, out);
  if (system(cmd) != 0) return NAN;
  FILE *f = fopen(out, "r");
  if (!f) return NAN;
  char line[512];
  double v = NAN;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "Objective:", 10) == 0 && strchr(line, '=') && sscanf(strchr(line, '=') + 1, "%lf", &v) == 1)
      break;
  fclose(f);
  remove(out);
  return v;
}

int main(void) {
  if (system("command -v glpsol >/dev/null 2>&1") != 0) return 77;
  ilp_model *m = ilp_new();
  const double v[5] = {10, 13, 7, 8, 4}, w[5] = {4, 6, 3, 5, 1};
  int idx[5];
  char name[16];
  for (int i = 0; i < 5; i++) {
    snprintf(name, sizeof name, "item(%d)", i);
    idx[i] = ilp_bin(m, name, -v[i]);
  }
  ilp_row(m, "cap", 5, idx, w, 'L', 10);
  int y = ilp_var(m, "y", 0, 3.5, false, 1);
  int r2[2] = {idx[0], y};
  const double c2[2] = {1, 1};
  ilp_row(m, "link", 2, r2, c2, 'G', 1.5);
  ilp_set_offset(m, 2);
  com_err e = {0};
  ilp_result r;
  CHECK(ilp_solve(m, 5, 0, NULL, &r, &e) == 0);
  CHECK(r.status == ILP_OPTIMAL);
  char lp[64], mps[64];
  snprintf(lp, sizeof lp, "/tmp/ilp_export_%d.lp", (int)getpid());
  snprintf(mps, sizeof mps, "/tmp/ilp_export_%d.mps", (int)getpid());
  CHECK(ilp_write_lp(m, lp, &e) == 0);
  CHECK(ilp_write_mps(m, mps, &e) == 0);
  CHECK_NEAR(glpsol_objective("--lp", lp), r.objective, 1e-6);
  CHECK_NEAR(glpsol_objective("--freemps", mps), r.objective, 1e-6);
  CHECK(ilp_write_lp(m, "/nonexistent-dir/x.lp", &e) == -1);
  remove(lp);
  remove(mps);
  ilp_free(m);
  UNIT_DONE();
}
