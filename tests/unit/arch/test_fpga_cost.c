/* test_fpga_cost — the FPGA resource model on hand-computed units (docs/fpga-cost.md), the
 * design totals of the fpga-minifloat preset, and the mapper running each GEMM on the MAC unit
 * whose formats match its operands. */
#include "arch/arch.h"
#include "mapper/mapping.h"
#include "ops/workload.h"
#include "unit.h"

static const arch_unit *unit_named(const arch_spec *a, const char *name) {
  for (int i = 0; i < a->narrays; i++)
    for (int k = 0; k < a->arrays[i].nunits; k++)
      if (strcmp(a->arrays[i].units[k].name, name) == 0) return &a->arrays[i].units[k];
  return NULL;
}

int main(void) {
  arch_spec *a = NULL;
  com_err e = {0};
  CHECK(arch_load_file("arch/presets/fpga-minifloat.yaml", &a, &e) == 0);
  if (!a) UNIT_DONE();
  const arch_unit *i8 = unit_named(a, "mac_int8"), *f8 = unit_named(a, "mac_fp8");
  CHECK(i8 && f8);
  if (i8 && f8) {
    /* int8 x int8 -> int32: multiplier (2*ceil(16/6)-1)*16 = 80, accumulator adder 32 +
     * accumulator bits 32 -> 144 LUTs; FFs 32 + (2-1)*(8+8) = 48 */
    CHECK_NEAR(i8->luts.v, 144, 1e-9);
    CHECK_NEAR(i8->ffs.v, 48, 1e-9);
    /* fp8_e4m3 x fp8_e4m3 -> fp32: significand multiplier (2*ceil(8/6)-1)*8 = 24, exponent
     * adder 4+1 = 5, accumulator 32+32 = 64, alignment shifter 32*ceil(log2 32)/2 = 80 -> 173;
     * FFs 32 + (4-1)*(8+8) = 80 */
    CHECK_NEAR(f8->luts.v, 173, 1e-9);
    CHECK_NEAR(f8->ffs.v, 80, 1e-9);
    CHECK(f8->luts.v > i8->luts.v); /* at equal bits the integer MAC is smaller */
    CHECK(f8->energy_pj[ARCH_OP_MAC].v > i8->energy_pj[ARCH_OP_MAC].v);
  }
  arch_fpga_resources r;
  arch_fpga_totals(a, &r);
  CHECK_NEAR(r.luts, 256 * (144 + 173), 1e-6);
  CHECK_NEAR(r.ffs, 256 * (48 + 80) + 256 * 8 * 8, 1e-6); /* + 8-byte PE register files */
  CHECK_NEAR(r.dsps, 0, 1e-9);
  /* 2 MiB in 16 banks: 1 Mib per bank -> ceil(1048576/36864) = 29 BRAM36 each = 464; the 36 KiB
   * line buffer in 8 banks: one BRAM36 each = 8 */
  CHECK_U64(r.brams, 464 + 8);

  /* the mapper picks the unit that matches the operands' formats */
  ops_workload *w = NULL;
  CHECK(ops_workload_load("workloads/fpga-int-vs-minifloat.yaml", true, &w, &e) == 0);
  if (w) {
    map_target t;
    CHECK(map_target_init(a, &w->ops[0].einsums[0], &t, &e) == 0);
    CHECK(t.unit == i8);
    CHECK_NEAR(t.op_pj, i8->energy_pj[ARCH_OP_MAC].v, 1e-12);
    CHECK(map_target_init(a, &w->ops[1].einsums[0], &t, &e) == 0);
    CHECK(t.unit == f8);
    CHECK_U64(t.depth, 4);
    ops_workload_free(w);
  }
  arch_free(a);
  UNIT_DONE();
}
