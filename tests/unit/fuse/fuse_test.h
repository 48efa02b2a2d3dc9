/*
 * fuse_test — what the fused-attention tests share: an arch from YAML text, the tiny arch whose
 * figures the tests compute by hand, a preset by name (each NULL, message on stderr, when
 * loading fails, which the tests then CHECK), and an op parsed from YAML flow text.
 */
#ifndef FUSE_TEST_H
#define FUSE_TEST_H

#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "ops/op_parse.h"

static inline arch_spec *arch_from_text(const char *text) {
  com_ydoc *d = NULL;
  arch_spec *a = NULL;
  com_err e = {0};
  if (com_ydoc_load_buffer("tiny.yaml", text, strlen(text), &d, &e) || arch_load_node(d->root, &a, &e))
    fprintf(stderr, "%s\n", e.msg);
  com_ydoc_free(d);
  return a;
}

static inline arch_spec *preset(const char *name) {
  char path[256];
  snprintf(path, sizeof path, "arch/presets/%s.yaml", name);
  arch_spec *a = NULL;
  com_err e = {0};
  if (arch_load_file(path, &a, &e)) fprintf(stderr, "%s\n", e.msg);
  return a;
}

/* A 4x4 2D array (mac/max/add, exp = 6 mac + 1 add) and a 4-lane 1D array (mac/add/max/mul/div,
 * exp emulated the same way) sharing one buffer of `size`, DRAM at `bw` bytes per cycle. */
static inline arch_spec *tiny_arch(const char *bw, const char *size) {
  static const char fmt[] =
      "name: tiny\nclock_mhz: 1000\nmemory:\n"
      "  - {name: dram, kind: dram, width_bits: 64, read_bw: %s, write_bw: %s}\n"
      "  - {name: buf, kind: sram, size: %s, width_bits: 64, keep: all}\n"
      "compute:\n"
      "  - {name: a2, kind: array2d, rows: 4, cols: 4, dataflows: [os], attach: buf,\n"
      "     exp_cost: {mac: 6, add: 1}, units: [{name: pe, operations: [mac, max, add], inputs: [fp16, fp16]}]}\n"
      "  - {name: a1, kind: array1d, lanes: 4, attach: buf, exp_cost: {mac: 6, add: 1},\n"
      "     units: [{name: v, operations: [mac, add, max, mul, div], inputs: [fp16, fp16]}]}\n";
  char text[2048];
  snprintf(text, sizeof text, fmt, bw, bw, size);
  return arch_from_text(text);
}

/* Parses one op written as YAML flow text (fp16 defaults) as the workload reader does; 0, -1
 * (op error), -2 (YAML error), the error in *e. */
static inline int parse_op(const char *text, ops_op *op, com_err *e) {
  com_ydoc *d = NULL;
  memset(e, 0, sizeof *e);
  if (com_ydoc_load_buffer("op.yaml", text, strlen(text), &d, e)) return -2;
  ops_defaults def = {ops_format_find("fp16"), ops_format_find("fp16")};
  int st = ops_op_parse(d->root, &def, op, e);
  com_ydoc_free(d);
  return st;
}

#endif
