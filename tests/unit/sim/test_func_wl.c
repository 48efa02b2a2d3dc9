/*
 * test_func_wl — the functional mode on a workload file: an int8 GEMM, an fp16 GEMM (fp16
 * output) and a strided, padded int8 convolution on the edge-32x32 preset, each einsum mapped by
 * the mapper's search and run with the options read from the workload's `simulate.data` node.
 * Every einsum meets its guarantee; the integer ones bit for bit.
 */
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

#include "cli/load.h"
#include "sim/core/func.h"

static const char wl_text[] =
    "version: 1\n"
    "name: func-wl\n"
    "arch: %s/arch/presets/edge-32x32.yaml\n"
    "workload:\n"
    "  defaults: {format: int8, acc: int32}\n"
    "  ops:\n"
    "    - {name: gemm_i8, kind: gemm, shape: {m: 64, n: 48, k: 256}}\n"
    "    - {name: gemm_f16, kind: gemm, shape: {m: 32, n: 64, k: 128},\n"
    "       formats: {a: fp16, b: fp16, out: fp16, acc: fp32}}\n"
    "    - {name: conv, kind: conv2d, shape: {n: 1, c: 8, k: 16, h: 10, w: 10, r: 3, s: 3},\n"
    "       padding: 1, stride: 2}\n"
    "mapper: {objective: latency, search: exhaustive, time_limit_s: 5, threads: 2}\n"
    "simulate: {functional: true, data: {seed: 3, dist: uniform}}\n";

int main(void) {
  char cwd[2048], dir[] = "/tmp/test_func_wl_XXXXXX", path[2200];
  if (!getcwd(cwd, sizeof cwd) || !mkdtemp(dir)) { CHECK(0); UNIT_DONE(); }
  snprintf(path, sizeof path, "%s/w.yaml", dir);
  FILE *f = fopen(path, "w");
  if (!f) { CHECK(0); UNIT_DONE(); }
  fprintf(f, wl_text, cwd);
  fclose(f);
  cli_session s;
  com_err e = {0};
  memset(&s, 0, sizeof s);
  int rc = cli_session_load(path, NULL, &s, &e);
  CHECK(rc == 0);
  if (rc) {
    fprintf(stderr, "%s\n", e.msg);
    UNIT_DONE();
  }
  CHECK(s.map.functional);
  sim_func_opts o = sim_func_opts_default();
  CHECK(s.map.data && sim_func_opts_yaml(s.map.data, &o, &e) == 0);
  CHECK_U64(o.seed, 3);
  int ran = 0;
  for (int i = 0; i < s.workload->nops; i++) {
    map_op_run run;
    memset(&run, 0, sizeof run);
    if (map_run_op(&s.workload->ops[i], s.arch, &s.map, 2, NULL, &run, &e)) {
      fprintf(stderr, "%s\n", e.msg);
      CHECK(0);
      continue;
    }
    for (int k = 0; k < run.n; k++) {
      const map_einsum_run *er = &run.es[k];
      sim_func_result r;
      CHECK(sim_func_supported(&er->t, &o, &e) == 0);
      if (sim_func_run(&er->t, &er->m, &o, &r, &e)) {
        fprintf(stderr, "%s\n", e.msg);
        CHECK(0);
        continue;
      }
      sim_func_print(stdout, "", s.workload->ops[i].name, &r);
      CHECK(r.ok);
      if (i != 1) CHECK(r.must_match && r.bit_identical);
      CHECK_U64(r.elems, er->t.es->out.elems);
      ran++;
      sim_func_result_free(&r);
    }
    map_run_free(&run);
  }
  CHECK_U64(ran, 3);
  cli_session_free(&s);
  unlink(path);
  rmdir(dir);
  UNIT_DONE();
}
