/* fuzz_sweep — the sweep-file reader on arbitrary bytes: load (groups, lists, ranges, zip,
 * random samples, constraints, path checks against the bases), then expand a bounded number of
 * points and write the first valid point's values into the base trees and emit them as YAML, the
 * way a sweep run prepares a design point. Never evaluates a point and never opens a database.
 * swp_spec_load reads files, so each input is written to a private temporary folder that also
 * holds the base files the seeds name: w.yaml (a GEMM workload naming arch a.yaml) and t.yaml
 * (two ops with the architecture inline). An error or a loaded spec; never a crash, leak or hang. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "sweep/sweep.h"

static const char fuzz_arch_yaml[] =
    "name: fuzz\nclock_mhz: 500\nmemory:\n"
    "  - {name: dram, kind: dram, width_bits: 64, bandwidth_gbps: 16}\n"
    "  - {name: sram, kind: sram, size: 64 KiB, width_bits: 64, banks: 2, keep: all}\n"
    "compute:\n"
    "  - {name: pe, kind: array2d, rows: 8, cols: 8, dataflows: [os, ws],\n"
    "     regfile: {name: rf, size: 16, width_bits: 32},\n"
    "     units: [{name: mac, operations: [mac], inputs: [int8, int8], acc: int32}]}\n";

static const char fuzz_gemm_yaml[] =
    "version: 1\nname: w\narch: a.yaml\n"
    "workload:\n  defaults: {format: int8, acc: int32}\n"
    "  ops:\n    - {name: g, kind: gemm, shape: {m: 64, n: 64, k: 32}}\n"
    "mapper: {objective: edp, search: exhaustive}\n";

static const char fuzz_inline_yaml[] =
    "version: 1\nname: t\n"
    "arch:\n  name: t\n  clock_mhz: 800\n  memory:\n"
    "    - {name: dram, kind: dram, width_bits: 64, bandwidth_gbps: 12.8}\n"
    "    - {name: sram, kind: sram, size: 512 KiB, width_bits: 256, banks: 8, keep: all}\n"
    "  compute:\n    - {name: pe, kind: array2d, rows: 16, cols: 16, dataflows: [os],\n"
    "       units: [{name: mac, operations: [mac], inputs: [fp16, fp16], acc: fp32}]}\n"
    "workload:\n  defaults: {format: fp16, acc: fp32}\n  ops:\n"
    "    - {name: a, kind: gemm, shape: {m: 32, n: 16, k: 8}}\n"
    "    - {name: b, kind: gemm, shape: {m: 8, n: 8, k: 8}, format: int8}\n";

static char fuzz_dir[64];
static char fuzz_sweep_path[96];

static void fuzz_cleanup(void) {
  static const char *const names[] = {"a.yaml", "w.yaml", "t.yaml", "s.yaml"};
  char path[128];
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, names[i]);
    unlink(path);
  }
  rmdir(fuzz_dir);
}

static int fuzz_write(const char *name, const void *data, size_t size) {
  char path[128];
  snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t put = fwrite(data, 1, size, f);
  return fclose(f) == 0 && put == size ? 0 : -1;
}

/* Created once per process: the fuzzer calls the entry point millions of times. */
static int fuzz_setup(void) {
  static int state; /* 0: not yet, 1: ready, -1: failed */
  if (state) return state;
  snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/fuzz_sweep.XXXXXX");
  state = -1;
  if (!mkdtemp(fuzz_dir)) return state;
  atexit(fuzz_cleanup);
  if (fuzz_write("a.yaml", fuzz_arch_yaml, strlen(fuzz_arch_yaml)) ||
      fuzz_write("w.yaml", fuzz_gemm_yaml, strlen(fuzz_gemm_yaml)) ||
      fuzz_write("t.yaml", fuzz_inline_yaml, strlen(fuzz_inline_yaml)))
    return state;
  snprintf(fuzz_sweep_path, sizeof fuzz_sweep_path, "%s/s.yaml", fuzz_dir);
  return state = 1;
}

/* Writes one point's values into every base, as the evaluation of that point would. */
static void fuzz_apply(const swp_spec *s, const swp_val *vals) {
  for (int w = 0; w < s->nworkloads; w++) {
    com_arena a = {0};
    const com_ynode *roots[2] = {s->workloads[w].aroot, s->workloads[w].wdoc->root};
    for (int i = 0; i < s->nparams; i++) {
      const swp_param *p = &s->params[i];
      const com_ynode *r = roots[!p->in_arch];
      if (r) r = swp_path_set(&a, r, p->in_arch ? p->path + 5 : p->path, vals[i].text, !p->numeric && vals[i].numeric, p->loc);
      roots[!p->in_arch] = r;
    }
    char *buf = NULL;
    size_t len = 0;
    for (int k = 0; k < 2; k++)
      if (roots[k] && swp_yaml_emit(roots[k], &buf, &len) == 0) free(buf);
    com_arena_free(&a);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (fuzz_setup() < 0) __builtin_trap(); /* the temporary folder must be writable */
  if (fuzz_write("s.yaml", data, size)) __builtin_trap();
  swp_spec *s = NULL;
  com_err e = {0};
  if (swp_spec_load(fuzz_sweep_path, &s, &e) != 0) return 0;
  swp_val vals[SWP_MAX_PARAMS];
  bool applied = false;
  /* The first 64 points, then 16 spread over the whole product (the last one included). */
  for (uint64_t i = 0; i < 80; i++) {
    uint64_t p = i < 64 ? i : (s->total - 1) - (s->total - 1) / 16 * (i - 64);
    if (p >= s->total) continue;
    if (swp_point_values(s, p, vals) && !applied) {
      fuzz_apply(s, vals);
      applied = true;
    }
  }
  swp_spec_free(s);
  return 0;
}
