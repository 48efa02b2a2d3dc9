/*
 * test_arch_load — loading details: YAML values override the table and say so, an arch given
 * inline as a node of another document, `base:` inheritance (mappings merge, lists replace)
 * and base cycles, keep/bypass masks, bandwidth conversions, and a dozen error messages checked
 * as exact strings.
 */
#include <stdlib.h>
#include <unistd.h>

#include "arch/arch.h"
#include "unit.h"

#define MEM                                                                                  \
  "memory:\n"                                                                                \
  "  - {name: dram, kind: dram, bandwidth_gibps: 1}\n"                                      \
  "  - {name: buf, kind: sram, size: 64 KiB}\n"
#define COMP                                                                                 \
  "compute:\n"                                                                               \
  "  - name: pe\n"                                                                           \
  "    kind: array2d\n"                                                                      \
  "    rows: 2\n"                                                                            \
  "    cols: 2\n"                                                                            \
  "    dataflows: [ws]\n"                                                                    \
  "    units:\n"                                                                             \
  "      - {name: mac, operations: [mac], inputs: [int8, int8], acc: int32}\n"

/* Loads text as "t.yaml"; returns the spec or NULL with e filled. */
static arch_spec *load_text(const char *text, com_err *e) {
  com_ydoc *doc = NULL;
  arch_spec *a = NULL;
  if (com_ydoc_load_buffer("t.yaml", text, strlen(text), &doc, e)) return NULL;
  if (arch_load_node(doc->root, &a, e)) a = NULL;
  com_ydoc_free(doc);
  return a;
}

static void expect_error(const char *text, const char *msg) {
  com_err e = {0};
  arch_spec *a = load_text(text, &e);
  CHECK(a == NULL);
  CHECK(e.kind == COM_EINPUT);
  CHECK_STR(e.msg, msg);
  arch_free(a);
}

static void check_overrides(void) {
  com_err e = {0};
  arch_spec *a = load_text("name: t\nclock_mhz: 500\n"
                           "memory:\n"
                           "  - {name: dram, kind: dram, dram_kind: hbm, read_bw: 64, write_bw: 32}\n"
                           "  - {name: buf, kind: sram, size: 64 KiB, read_energy_pj: 3.5,\n"
                           "     area_um2: 1000, bypass: weights}\n" COMP, &e);
  CHECK(a != NULL);
  if (!a) { fprintf(stderr, "%s\n", e.msg); return; }
  const arch_level *buf = arch_level_find(a, "buf");
  CHECK_NEAR(buf->read_energy_pj.v, 3.5, 0);
  CHECK(buf->read_energy_pj.given);
  CHECK_STR(buf->read_energy_pj.source, "given at t.yaml:5:59 (overrides the table)");
  CHECK(!buf->write_energy_pj.given); /* write still from the table */
  CHECK(strncmp(buf->write_energy_pj.source, "table: horowitz45 SRAM", 22) == 0);
  CHECK_NEAR(buf->area_um2.v, 1000, 0);
  CHECK_U64(buf->keep, (1u << OPS_ROLE_INPUT) | (1u << OPS_ROLE_OUTPUT));
  CHECK_NEAR(a->levels[0].read_bw, 64, 0);
  CHECK_NEAR(a->levels[0].write_bw, 32, 0);
  CHECK(!a->levels[0].bw_shared);
  CHECK_NEAR(a->levels[0].read_energy_pj.v, 7.0 * 64, 1e-9);
  arch_free(a);

  a = load_text("name: t\nclock_mhz: 500\n" MEM
                "compute:\n"
                "  - name: vec\n"
                "    kind: array1d\n"
                "    lanes: 8\n"
                "    exp_cost: {mul: 4, add: 2}\n"
                "    units:\n"
                "      - {name: alu, operations: [mul, add], inputs: fp16, energy_pj: {mul: 2}}\n"
                "      - {name: cmp, operations: max, inputs: fp16, energy_pj: 0.25,\n"
                "         pipeline_depth: 3, initiation_interval: 2}\n", &e);
  CHECK(a != NULL);
  if (!a) { fprintf(stderr, "%s\n", e.msg); return; }
  const arch_array *ar = &a->arrays[0];
  CHECK_U64(ar->pes, 8);
  CHECK(ar->units[0].energy_pj[ARCH_OP_MUL].given);
  CHECK(!ar->units[0].energy_pj[ARCH_OP_ADD].given);
  CHECK_NEAR(ar->units[1].energy_pj[ARCH_OP_MAX].v, 0.25, 0);
  CHECK_U64(ar->units[1].initiation_interval, 2);
  CHECK(ar->ops == ((1u << ARCH_OP_MUL) | (1u << ARCH_OP_ADD) | (1u << ARCH_OP_MAX) |
                    (1u << ARCH_OP_EXP)));
  double pj = 0;
  CHECK(arch_array_op_energy(ar, ARCH_OP_EXP, &pj));
  CHECK_NEAR(pj, 4 * 2 + 2 * ar->units[0].energy_pj[ARCH_OP_ADD].v, 1e-12);
  CHECK_NEAR(a->levels[0].read_bw, 1073741824.0 / 500e6, 1e-12); /* 1 GiB/s at 500 MHz */
  arch_free(a);
}

/* An arch inside a workload-like document: errors name that file and the nested location. */
static void check_inline(void) {
  static const char text[] = "version: 1\n"
                             "arch:\n"
                             "  name: inline\n"
                             "  clock_mhz: 100\n"
                             "  memory:\n"
                             "    - {name: dram, kind: dram, bandwidth_gbps: 1}\n"
                             "    - {name: buf, kind: sram, size: 1 KiB}\n"
                             "  compute:\n"
                             "    - {name: pe, kind: array1d, lanes: 4,\n"
                             "       units: [{name: u, operations: [add], inputs: [int16]}]}\n";
  com_ydoc *doc = NULL;
  com_err e = {0};
  arch_spec *a = NULL;
  CHECK(com_ydoc_load_buffer("wl.yaml", text, sizeof text - 1, &doc, &e) == 0);
  if (!doc) return;
  CHECK(arch_load_node(com_yget(doc->root, "arch"), &a, &e) == 0);
  com_ydoc_free(doc); /* the spec must not point into the document */
  CHECK(a != NULL);
  if (a) {
    CHECK_STR(a->name, "inline");
    CHECK_STR(a->path, "wl.yaml");
    CHECK_STR(a->levels[1].loc.file, "wl.yaml");
    CHECK_U64(a->levels[1].loc.line, 7);
    CHECK_U64(arch_total_pes(a), 4);
    arch_free(a);
  }
  static const char bad[] = "arch:\n  name: x\n  clock_mhz: -5\n";
  doc = NULL;
  CHECK(com_ydoc_load_buffer("wl.yaml", bad, sizeof bad - 1, &doc, &e) == 0);
  if (!doc) return;
  CHECK(arch_load_node(com_yget(doc->root, "arch"), &a, &e) == -1);
  CHECK_STR(e.msg, "wl.yaml:3:14: error: 'clock_mhz' must be between 0 and 1e+06 (got -5)");
  com_ydoc_free(doc);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (f) { fputs(text, f); fclose(f); }
}

static void check_base(void) {
  char dir[] = "/tmp/arch_test_XXXXXX", p1[128], p2[128], p3[128];
  CHECK(mkdtemp(dir) != NULL);
  snprintf(p1, sizeof p1, "%s/parent.yaml", dir);
  snprintf(p2, sizeof p2, "%s/child.yaml", dir);
  snprintf(p3, sizeof p3, "%s/loop.yaml", dir);
  write_file(p1, "name: parent\nclock_mhz: 500\ntechnology_nm: 28\n" MEM COMP);
  write_file(p2, "base: parent.yaml\nname: child\nclock_mhz: 800\n"
                 "memory:\n"
                 "  - {name: dram, kind: dram, bandwidth_gbps: 8}\n"
                 "  - {name: big, kind: sram, size: 1 MiB}\n");
  arch_spec *a = NULL;
  com_err e = {0};
  CHECK(arch_load_file(p2, &a, &e) == 0);
  if (a) {
    CHECK_STR(a->name, "child");
    CHECK_NEAR(a->clock_mhz, 800, 0);       /* child wins */
    CHECK_U64(a->technology_nm, 28);        /* inherited */
    CHECK_U64(a->nlevels, 2);               /* the list is replaced, not merged */
    CHECK(arch_level_find(a, "big") != NULL && arch_level_find(a, "buf") == NULL);
    CHECK_U64(arch_total_pes(a), 4);        /* compute inherited */
    CHECK_STR(a->path, p2);
    CHECK_STR(a->arrays[0].loc.file, p1);   /* locations point at the file that wrote it */
    CHECK_NEAR(a->levels[0].read_bw, 8e9 / 800e6, 1e-12);
    arch_free(a);
    a = NULL;
  } else {
    fprintf(stderr, "%s\n", e.msg);
  }
  /* a two-file cycle: parent -> loop -> parent */
  write_file(p3, "base: parent.yaml\nname: loop\n");
  write_file(p1, "base: loop.yaml\nname: parent\nclock_mhz: 500\n" MEM COMP);
  CHECK(arch_load_file(p3, &a, &e) == -1);
  char want[512];
  snprintf(want, sizeof want,
           "%s/parent.yaml:1:7: error: '%s/loop.yaml' extends itself through a cycle of base files",
           dir, dir);
  CHECK_STR(e.msg, want);
  /* inline arch nodes have no base */
  expect_error("base: x.yaml\nname: t\n", "t.yaml:1:1: error: unknown key 'base' in the architecture, did you mean 'name'?");
  /* a missing base file */
  write_file(p3, "base: nowhere.yaml\nname: loop\n");
  CHECK(arch_load_file(p3, &a, &e) == -1);
  CHECK(strstr(e.msg, "loop.yaml:1:7: error: cannot open") != NULL);
  unlink(p1);
  unlink(p2);
  unlink(p3);
  rmdir(dir);
}

static void check_errors(void) {
  expect_error("- a\n", "t.yaml:1:1: error: 'architecture' must be a mapping, got a list");
  expect_error("clock_mhz: 1\n", "t.yaml:1:1: error: missing required key 'name' in the architecture");
  expect_error("name: t\nclock_mhz: 1\ntarget: gpu\n",
               "t.yaml:3:9: error: unknown target 'gpu' (expected one of: asic, fpga)");
  expect_error("name: t\nclock_mhz: 1\ntechnology_nm: 200\n",
               "t.yaml:3:16: error: 'technology_nm' is too large (got 200, at most 180)");
  expect_error("name: t\nclock_mhz: 1\ntechnology_nm: 7.5\n",
               "t.yaml:3:16: error: 'technology_nm' must be an integer, got 7.5");
  expect_error("name: t\nclock_mhz: 1\nmemory: []\n",
               "t.yaml:3:9: error: 'memory' must list at least one level, DRAM first");
  expect_error("name: t\nclock_mhz: 1\nmemory:\n  - {name: dram, kind: dram, bandwidth_gbps: 1, "
               "dram_kind: gddr6}\n",
               "t.yaml:4:60: error: unknown DRAM kind 'gddr6', did you mean 'ddr3'?");
  expect_error("name: t\nclock_mhz: 1\nmemory:\n  - {name: dram, kind: dram, bandwidth_gbps: 1}\n"
               "  - {name: b, kind: sram, size: 64, dram_kind: hbm}\n",
               "t.yaml:5:48: error: 'dram_kind' applies only to DRAM levels ('b' is sram)");
  expect_error("name: t\nclock_mhz: 1\nmemory:\n  - {name: dram, kind: dram, bandwidth_gbps: 1}\n"
               "  - {name: b, kind: sram, size: 64, keep: [inputs, inputs]}\n",
               "t.yaml:5:52: error: 'inputs' is listed twice in 'keep'");
  expect_error("name: t\nclock_mhz: 1\nmemory:\n  - {name: dram, kind: dram, bandwidth_gbps: 1}\n"
               "  - {name: b, kind: sram, size: 64, keep: [inputs], bypass: weights}\n",
               "t.yaml:5:61: error: give either 'keep' or 'bypass' for level 'b', not both");
  expect_error("name: t\nclock_mhz: 1\nmemory:\n  - {name: dram, kind: dram, bandwidth_gbps: 1}\n"
               "  - {name: b, kind: sram}\n",
               "t.yaml:5:5: error: missing required key 'size' in memory level 'b'");
  expect_error("name: t\nclock_mhz: 1\nmemory:\n  - {name: dram, kind: dram, bandwidth_gbps: 0}\n",
               "t.yaml:4:46: error: 'bandwidth_gbps' must be greater than 0 (got 0)");
  expect_error("name: t\nclock_mhz: 1\n" MEM "compute:\n  - {name: a, kind: array3d}\n",
               "t.yaml:7:21: error: unknown array kind 'array3d', did you mean 'array2d'?");
  expect_error("name: t\nclock_mhz: 1\n" MEM "compute:\n  - {name: a, kind: array1d, lanes: 0}\n",
               "t.yaml:7:37: error: 'lanes' must be at least 1 (got 0)");
  expect_error("name: t\nclock_mhz: 1\n" MEM "compute:\n  - {name: a, kind: array2d, rows: 2}\n",
               "t.yaml:7:5: error: missing required key 'cols' in array 'a'");
  expect_error("name: t\nclock_mhz: 1\n" MEM "compute:\n  - {name: a, kind: array1d, lanes: 2, units: []}\n",
               "t.yaml:7:47: error: 'units' must list 1 to 8 units (got 0)");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2, operations: [div],\n"
               "     units: [{name: u, operations: add, inputs: int8}]}\n",
               "t.yaml:7:52: error: array 'a' offers 'div' but none of its units performs it");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2,\n"
               "     units: [{name: u, operations: add, inputs: int8},"
               " {name: u, operations: max, inputs: int8}]}\n",
               "t.yaml:8:56: error: duplicate unit name 'u' in array 'a'");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2,\n"
               "     units: [{name: u, operations: add, inputs: [int8, int8, int8, int8]}]}\n",
               "t.yaml:8:49: error: 'inputs' must list 1 to 3 number formats (got 4)");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2, exp_cost: {exp: 1},\n"
               "     units: [{name: u, operations: add, inputs: int8}]}\n",
               "t.yaml:7:51: error: 'exp_cost' cannot use 'exp' itself");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2,\n"
               "     units: [{name: u, operations: add, inputs: int8, pipeline_depth: 0}]}\n",
               "t.yaml:8:71: error: 'pipeline_depth' must be at least 1 (got 0)");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2, regfile: {kind: dram, size: 4},\n"
               "     units: [{name: u, operations: add, inputs: int8}]}\n",
               "t.yaml:7:56: error: a register file inside an array cannot be DRAM");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2, regfile: {name: buf, size: 4, width_bits: 8},\n"
               "     units: [{name: u, operations: add, inputs: int8}]}\n",
               "t.yaml:7:49: error: duplicate level name 'buf'");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2,\n"
               "     units: [{name: u, operations: add, inputs: int8, area_um2: -3}]}\n",
               "t.yaml:8:65: error: 'area_um2' must be between 0 and 1e+15 (got -3)");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array2d, rows: 4294967296, dataflows: os,\n"
               "     cols: 4294967296, units: [{name: u, operations: mac, inputs: int8}]}\n",
               "t.yaml:8:12: error: array 'a' has more than 2^64 PEs (rows x cols overflows)");
  expect_error("name: t\nclock_mhz: 1\n" MEM
               "compute:\n  - {name: a, kind: array1d, lanes: 2,\n"
               "     units: [{name: u, operations: add, inputs: [[int8]]}]}\n",
               "t.yaml:8:50: error: 'inputs' must be a string, got a list");
}

int main(void) {
  check_overrides();
  check_inline();
  check_base();
  check_errors();
  UNIT_DONE();
}
