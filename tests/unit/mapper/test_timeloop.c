/*
 * test_timeloop — regression figures of the Timeloop tutorial style workloads (workloads/
 * timeloop-*.yaml): the searched mapping's cycles, energy and DRAM bytes, the lower bound, and
 * the same answer for 1 and 3 search threads. A change of these numbers is a change of the model
 * or of the mapspace: update docs/validation.md with the new figures.
 */
#include "cli/load.h"
#include "mapper/run.h"
#include "unit.h"

typedef struct expect {
  const char *file;
  uint64_t cycles, dram_bytes;
  double energy_pj, lower_bytes;
} expect;

static const expect expects[] = {
    {"workloads/timeloop-conv-eyeriss.yaml", 1032195, 1437184, 437557547.46491134, 905728},
    {"workloads/timeloop-gemm-simba.yaml", 131082, 1048576, 141126862.40908068, 786432},
    {"workloads/timeloop-gemm-tpu.yaml", 74168, 3145728, 1087381644.9397016, 3145728},
};

static int run_one(const expect *x, int threads, map_op_run *run) {
  cli_session s;
  com_err e = {0};
  if (cli_session_load(x->file, NULL, &s, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    CHECK(!"the regression workload loads (run from the repository root)");
    return -1;
  }
  /* the op outlives the session only through its numbers: copy what the checks need */
  int st = map_run_op(&s.workload->ops[0], s.arch, &s.map, threads, NULL, run, &e);
  if (st) fprintf(stderr, "%s\n", e.msg);
  CHECK(st == 0);
  if (st == 0) {
    CHECK_U64(run->cycles, x->cycles);
    CHECK_U64(run->dram_bytes, x->dram_bytes);
    CHECK_NEAR(run->energy_pj, x->energy_pj, x->energy_pj * 1e-9);
    CHECK_NEAR(run->bound.lower_bytes, x->lower_bytes, 0.5);
    CHECK((double)run->dram_bytes >= run->bound.lower_bytes);
    CHECK(run->es[0].st.exhausted);
    printf("%s: %llu cycles, %.6g pJ, DRAM %llu B (bound %.0f B), %llu evaluated in %.3f s\n",
           x->file, (unsigned long long)run->cycles, run->energy_pj,
           (unsigned long long)run->dram_bytes, run->bound.lower_bytes,
           (unsigned long long)run->es[0].st.evaluated, run->es[0].st.seconds);
  }
  run->op = NULL;
  cli_session_free(&s);
  return st;
}

int main(void) {
  for (size_t i = 0; i < sizeof expects / sizeof expects[0]; i++) {
    map_op_run a, b;
    if (run_one(&expects[i], 0, &a)) continue;
    if (i > 0) { /* thread-count independence (the conv is checked by test_search's GEMMs) */
      if (run_one(&expects[i], 1, &b) == 0) {
        CHECK(memcmp(&a.es[0].m, &b.es[0].m, sizeof a.es[0].m) == 0);
        map_run_free(&b);
      }
      if (run_one(&expects[i], 3, &b) == 0) {
        CHECK(memcmp(&a.es[0].m, &b.es[0].m, sizeof a.es[0].m) == 0);
        map_run_free(&b);
      }
    }
    map_run_free(&a);
  }
  UNIT_DONE();
}
