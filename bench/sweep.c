/*
 * bench/sweep — design points per second of `accel-sim sweep` with the analytical model:
 * N GEMM design points (array rows x cols x SRAM size x DRAM bandwidth, 10 values each = 10,000
 * by default) on T threads (default 2), each point a full strict load of the arch and the
 * workload plus an exhaustive mapping search, results written to SQLite in batches. Prints the
 * wall time, points/s, the CPU time (user + system; on a busy machine the figure that carries
 * over) and the peak resident memory (which should not grow with N).
 * With "fixed" as the fourth argument every point evaluates one given mapping (mapping: in the
 * sweep file) instead of searching: the same order of work as MAESTRO's design-space figure,
 * which evaluates one dataflow per design.
 * usage: bench_sweep [GEMM_SIZE=32] [THREADS=2] [POINTS_PER_AXIS=10] [search|fixed]
 * (run from the project root; GEMM_SIZE must be a multiple of 32 for "fixed")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench_common.h"
#include "sweep/run.h"

int main(int argc, char **argv) {
  int size = argc > 1 ? atoi(argv[1]) : 32, threads = argc > 2 ? atoi(argv[2]) : 2;
  int axis = argc > 3 ? atoi(argv[3]) : 10;
  int fixed = argc > 4 && strcmp(argv[4], "fixed") == 0;
  if (size < 1 || threads < 1 || axis < 1 || axis > 100) {
    fprintf(stderr, "usage: bench_sweep [GEMM_SIZE] [THREADS] [POINTS_PER_AXIS]\n");
    return 2;
  }
  char dir[] = "/tmp/bench_sweep_XXXXXX", cwd[1024], path[1200], db[1200];
  if (!mkdtemp(dir) || !getcwd(cwd, sizeof cwd)) return 1;
  snprintf(path, sizeof path, "%s/gemm.yaml", dir);
  FILE *f = fopen(path, "w");
  if (!f) return 1;
  fprintf(f, "version: 1\nname: gemm\narch: %s/arch/presets/edge-32x32.yaml\nworkload:\n"
             "  defaults: {format: int8, acc: int32}\n  ops:\n"
             "    - {name: g, kind: gemm, shape: {m: %d, n: %d, k: %d}}\nmapper: {objective: edp}\n",
          cwd, size, size, size);
  fclose(f);
  snprintf(path, sizeof path, "%s/map.yaml", dir);
  if (!(f = fopen(path, "w"))) return 1;
  fprintf(f, "- {target: dram, type: temporal, factors: \"M=1 N=1 K=%d\", permutation: \"KMN\"}\n"
             "- {target: sram, type: temporal, factors: \"M=%d N=%d K=1\", permutation: \"MNK\"}\n"
             "- {target: sram, type: spatial, factors: \"M=4 N=4 K=1\", permutation: \"MNK\", split: 1}\n"
             "- {target: pe_regs, type: temporal, factors: \"M=1 N=1 K=2\", permutation: \"KNM\"}\n",
          size / 2, size / 4, size / 4);
  fclose(f);
  snprintf(path, sizeof path, "%s/sweep.yaml", dir);
  if (!(f = fopen(path, "w"))) return 1;
  fprintf(f, "version: 1\nname: bench\nworkload: gemm.yaml\n%sparams:\n", fixed ? "mapping: map.yaml\n" : "");
  fprintf(f,
             "  - {name: rows, path: arch.compute.0.rows, range: {from: 4, to: 64, count: %d, integer: true}}\n"
             "  - {name: cols, path: arch.compute.0.cols, range: {from: 4, to: 64, count: %d, integer: true}}\n"
             "  - {name: sram, path: arch.memory.1.size, range: {from: 16384, to: 1048576, count: %d, scale: log, integer: true}}\n"
             "  - {name: bw, path: arch.memory.0.bandwidth_gbps, range: {from: 3.2, to: 51.2, count: %d, scale: log}}\n",
          axis, axis, axis, axis);
  fclose(f);
  snprintf(db, sizeof db, "%s/results.sqlite", dir);
  com_err e = {0};
  swp_spec *s = NULL;
  if (swp_spec_load(path, &s, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return 1;
  }
  swp_run_opts o = {db, threads, true, 0, NULL, false, 0, 1};
  swp_run_stats st;
  int rc = swp_run(s, &o, &st, &e);
  if (rc) fprintf(stderr, "%s\n", e.msg);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
               (double)ru.ru_stime.tv_usec * 1e-6;
  printf("bench_sweep: %llu GEMM %dx%dx%d design points (%s) on %d threads: %.2f s, %.0f points/s, %llu failed, "
         "%.2f s CPU (all threads, whole process), peak RSS %.1f MiB\n",
         (unsigned long long)st.evaluated, size, size, size, fixed ? "fixed mapping" : "mapping search", threads, st.seconds,
         st.seconds > 0 ? (double)st.evaluated / st.seconds : 0.0, (unsigned long long)st.failed, cpu,
         (double)ru.ru_maxrss / 1024.0);
  swp_spec_free(s);
  char cmd[1300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  return rc ? 1 : 0;
}
