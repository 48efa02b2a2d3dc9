/*
 * test_arch_table — the built-in energy/area table against hand-checked anchor values
 * (Horowitz 45 nm, Aladdin 40 nm), the interpolation rules, the format fields, and the
 * technology scaling factor as applied through a loaded architecture.
 */
#include <stdlib.h>

#include "arch/energy_table.h"
#include "unit.h"

static const ops_format *fmt(const char *name) { return ops_format_find(name); }

static void check_anchors(void) {
  CHECK_NEAR(arch_et_int_mult_45(8, 8), 0.2, 1e-12);
  CHECK_NEAR(arch_et_int_mult_45(32, 32), 3.1, 1e-12);
  CHECK_NEAR(arch_et_int_add_45(8), 0.03, 1e-12);
  CHECK_NEAR(arch_et_int_add_45(32), 0.1, 1e-12);
  CHECK_NEAR(arch_et_fp_add_45(16), 0.4, 1e-12);
  CHECK_NEAR(arch_et_fp_add_45(32), 0.9, 1e-12);
  arch_et_fields h = arch_et_format_fields(fmt("fp16")), s = arch_et_format_fields(fmt("fp32"));
  CHECK_NEAR(arch_et_fp_mult_45(h, h), 1.1, 1e-12);
  CHECK_NEAR(arch_et_fp_mult_45(s, s), 3.7, 1e-12);
  CHECK_NEAR(arch_et_sram_access_45(8192, 64), 10.0, 1e-12);
  CHECK_NEAR(arch_et_sram_access_45(4 * 8192, 64), 20.0, 1e-12); /* sqrt(size) */
  CHECK_NEAR(arch_et_sram_access_45(8192, 128), 20.0, 1e-12);    /* linear in width */
  CHECK_NEAR(arch_et_dram_pj_per_bit(ARCH_DRAM_LPDDR4), 13.5, 0);
  CHECK_NEAR(arch_et_dram_pj_per_bit(ARCH_DRAM_HBM), 7.0, 0);
  CHECK_NEAR(arch_et_regfile_pj_per_bit_40(), 0.009, 0);
  CHECK_NEAR(arch_et_int_add_area_40(32), 278, 1e-9);
  CHECK_NEAR(arch_et_int_mult_area_40(32, 32), 6350, 1e-9);
  CHECK_NEAR(arch_et_int_mult_area_40(8, 8), 6350.0 / 16, 1e-9);
  CHECK_NEAR(arch_et_energy_scale(22, 45), 22.0 / 45, 1e-15);
  CHECK_NEAR(arch_et_area_scale(22, 45), (22.0 / 45) * (22.0 / 45), 1e-15);
  /* interpolation is monotone between anchors */
  CHECK(arch_et_int_mult_45(16, 16) > 0.2 && arch_et_int_mult_45(16, 16) < 3.1);
  CHECK(arch_et_int_mult_45(4, 4) < 0.2);
}

static void check_fields(void) {
  arch_et_fields f = arch_et_format_fields(fmt("fp8_e4m3"));
  CHECK(f.is_float);
  CHECK_U64(f.exp_bits, 4);
  CHECK_U64(f.sig_bits, 4);
  CHECK_U64(f.bits, 8);
  f = arch_et_format_fields(fmt("bf16"));
  CHECK(f.is_float && f.exp_bits == 8 && f.sig_bits == 8);
  f = arch_et_format_fields(fmt("mxfp4_e2m1"));
  CHECK(f.is_float && f.exp_bits == 2 && f.sig_bits == 2 && f.bits == 4);
  f = arch_et_format_fields(fmt("nvfp4"));
  CHECK(f.is_float && f.exp_bits == 2 && f.sig_bits == 2);
  f = arch_et_format_fields(fmt("int8"));
  CHECK(!f.is_float && f.bits == 8 && f.sig_bits == 8);
  f = arch_et_format_fields(fmt("mxint8"));
  CHECK(!f.is_float && f.bits == 8);
  /* a minifloat multiplier is cheaper than fp16's and int4 cheaper than int8 */
  arch_et_fields e4 = arch_et_format_fields(fmt("fp8_e4m3")), h = arch_et_format_fields(fmt("fp16"));
  CHECK(arch_et_mult_45(e4, e4) < arch_et_mult_45(h, h));
  arch_et_fields i4 = arch_et_format_fields(fmt("int4")), i8 = arch_et_format_fields(fmt("int8"));
  CHECK(arch_et_mult_45(i4, i4) < arch_et_mult_45(i8, i8));
}

/* The table as seen through a loaded architecture at 22 nm. */
static void check_scaled_spec(void) {
  static const char text[] =
      "name: t\n"
      "clock_mhz: 1000\n"
      "technology_nm: 22\n"
      "memory:\n"
      "  - {name: dram, kind: dram, bandwidth_gbps: 64}\n"
      "  - {name: buf, kind: sram, size: 8 KiB, width_bits: 64}\n"
      "  - {name: rf, kind: regfile, size: 64, width_bits: 32}\n"
      "compute:\n"
      "  - name: pe\n"
      "    kind: array2d\n"
      "    rows: 4\n"
      "    cols: 4\n"
      "    dataflows: os\n"
      "    units:\n"
      "      - {name: mac, operations: [mac, mul], inputs: [int8, int8], acc: int32}\n";
  com_ydoc *doc = NULL;
  arch_spec *a = NULL;
  com_err e = {0};
  CHECK(com_ydoc_load_buffer("t.yaml", text, sizeof text - 1, &doc, &e) == 0);
  if (!doc) return;
  CHECK(arch_load_node(doc->root, &a, &e) == 0);
  com_ydoc_free(doc);
  if (!a) { fprintf(stderr, "%s\n", e.msg); unit_failed++; return; }
  double f = 22.0 / 45.0;
  CHECK_NEAR(a->energy_scale, f, 1e-15);
  const arch_unit *u = &a->arrays[0].units[0];
  CHECK_NEAR(u->energy_pj[ARCH_OP_MUL].v, 0.2 * f, 1e-12);
  CHECK_NEAR(u->energy_pj[ARCH_OP_MAC].v, (0.2 + 0.1) * f, 1e-12);
  CHECK(!u->energy_pj[ARCH_OP_MAC].given);
  CHECK(strstr(u->energy_pj[ARCH_OP_MUL].source, "node 22/45 = x0.489") != NULL);
  const arch_level *buf = arch_level_find(a, "buf"), *rf = arch_level_find(a, "rf");
  CHECK_NEAR(buf->read_energy_pj.v, 10.0 * f, 1e-12);
  CHECK_NEAR(buf->area_um2.v, 0.5 * 8192 * 8 * f * f, 1e-6);
  CHECK_NEAR(rf->read_energy_pj.v, 0.009 * 32 * 22.0 / 40, 1e-12);
  CHECK_NEAR(rf->area_um2.v, 5.98 * 512 * (22.0 / 40) * (22.0 / 40), 1e-9);
  CHECK_NEAR(a->levels[0].read_energy_pj.v, 13.5 * 64, 1e-9); /* DRAM not scaled */
  CHECK_NEAR(a->levels[0].read_bw, 64.0, 1e-12);             /* 64 GB/s at 1 GHz */
  CHECK(a->levels[0].bw_shared);
  CHECK_NEAR(buf->read_bw, 8.0, 0);                           /* one 64-bit access */
  double area = 16 * (u->area_um2.v) + buf->area_um2.v + rf->area_um2.v * 1;
  CHECK_NEAR(arch_total_area_um2(a), area, 1e-6);
  arch_free(a);
}

int main(void) {
  check_anchors();
  check_fields();
  check_scaled_spec();
  UNIT_DONE();
}
