/*
 * energy_unit — table values for functional units: energy per operation (Horowitz 45 nm,
 * scaled node/45), area (Aladdin 40 nm components, scaled (node/40)^2) and, for FPGA targets,
 * LUTs (FINN-R integer MAC model plus the minifloat additions of numerics.md).
 * Contract in energy_table.h (arch_et_fill_unit). Pure and thread-safe.
 */
#include <math.h>
#include <stdio.h>

#include "arch/energy_table.h"

#define HAS(u, op) (((u)->ops >> (op)) & 1u)

typedef struct unit_shape {
  arch_et_fields a, b, r; /* operands and result/accumulator */
} unit_shape;

static unit_shape unit_shape_of(const arch_unit *u) {
  unit_shape s;
  s.a = arch_et_format_fields(u->inputs[0]);
  s.b = u->ninputs > 1 ? arch_et_format_fields(u->inputs[1]) : s.a;
  s.r = u->acc ? arch_et_format_fields(u->acc) : s.a;
  return s;
}

static void unit_set(arch_value *v, double value, const char *source) {
  if (v->given) return;
  v->v = value;
  snprintf(v->source, sizeof v->source, "%s", source);
}

/* Energy of one op at 45 nm and a short description of the model used. */
static double unit_op_energy_45(arch_op op, const unit_shape *s, const char **what) {
  double mult = arch_et_mult_45(s->a, s->b), rr = arch_et_mult_45(s->r, s->r);
  double add = arch_et_add_45(s->r);
  switch (op) {
  case ARCH_OP_MAC: *what = "mult(in) + add(acc)"; return mult + add;
  case ARCH_OP_MUL: *what = "mult(in)"; return mult;
  case ARCH_OP_ADD:
  case ARCH_OP_SUB: *what = "add(acc)"; return add;
  case ARCH_OP_MAX: *what = "compare = int add(acc width)"; return arch_et_int_add_45(s->r.bits);
  case ARCH_OP_DIV: *what = "estimate: Newton-Raphson 4 x mult(acc)"; return 4 * rr;
  case ARCH_OP_EXP:
    *what = "estimate: 6 x (mult+add)(acc) + add(acc), FuseMax exp decomposition";
    return 6 * (rr + add) + add;
  case ARCH_OP_COUNT: break;
  }
  *what = "?";
  return 0;
}

/* Multiplier area at 40 nm for operands a x b (float: significand product + exponent adder +
 * a normalization adder of the result width). */
static double unit_mult_area_40(arch_et_fields a, arch_et_fields b) {
  if (!a.is_float && !b.is_float) return arch_et_int_mult_area_40(a.bits, b.bits);
  unsigned e = a.exp_bits > b.exp_bits ? a.exp_bits : b.exp_bits;
  unsigned w = a.bits > b.bits ? a.bits : b.bits;
  return arch_et_int_mult_area_40(a.sig_bits, b.sig_bits) + arch_et_int_add_area_40(e + 1) +
         arch_et_int_add_area_40(w);
}

/* Adder area at 40 nm: integer adder, or ~3 adders (align, add, normalize) for floats. */
static double unit_add_area_40(arch_et_fields f) {
  return (f.is_float ? 3.0 : 1.0) * arch_et_int_add_area_40(f.bits);
}

static double unit_area_40(const arch_unit *u, const unit_shape *s) {
  double area = 0;
  if (HAS(u, ARCH_OP_MAC) || HAS(u, ARCH_OP_MUL)) area += unit_mult_area_40(s->a, s->b);
  if (HAS(u, ARCH_OP_MAC) || HAS(u, ARCH_OP_ADD) || HAS(u, ARCH_OP_SUB))
    area += unit_add_area_40(s->r);
  if (HAS(u, ARCH_OP_MAC)) area += arch_et_regfile_area_per_bit_40() * s->r.bits;
  if (HAS(u, ARCH_OP_MAX)) area += arch_et_int_add_area_40(s->r.bits);
  if (HAS(u, ARCH_OP_DIV)) area += 2 * unit_mult_area_40(s->r, s->r);
  if (HAS(u, ARCH_OP_EXP)) area += 2 * unit_mult_area_40(s->r, s->r) + 2 * unit_add_area_40(s->r);
  return area;
}

/* FINN-R multiplier LUTs: (2*ceil((W+A)/6) - 1) * (W+A). */
static double unit_finn_mult_luts(unsigned wa, unsigned wb) {
  double wsum = wa + wb;
  return (2 * ceil(wsum / 6) - 1) * wsum;
}

static double unit_luts(const arch_unit *u, const unit_shape *s) {
  double luts = 0, racc = s->r.bits;
  double mult = unit_finn_mult_luts(s->a.sig_bits, s->b.sig_bits);
  if (s->a.is_float || s->b.is_float)
    mult += (s->a.exp_bits > s->b.exp_bits ? s->a.exp_bits : s->b.exp_bits) + 1;
  double adder = racc + racc; /* accumulator adder + accumulator register bits */
  if (s->r.is_float) adder += racc * ceil(log2(racc)) / 2; /* alignment shifter */
  if (HAS(u, ARCH_OP_MAC) || HAS(u, ARCH_OP_MUL)) luts += mult;
  if (HAS(u, ARCH_OP_MAC) || HAS(u, ARCH_OP_ADD) || HAS(u, ARCH_OP_SUB)) luts += adder;
  if (HAS(u, ARCH_OP_MAX)) luts += racc;
  if (HAS(u, ARCH_OP_DIV)) luts += 4 * unit_finn_mult_luts(s->r.sig_bits, s->r.sig_bits);
  if (HAS(u, ARCH_OP_EXP)) luts += 8 * unit_finn_mult_luts(s->r.sig_bits, s->r.sig_bits);
  return luts;
}

/* Flip-flops: the accumulator register and the operand pipeline registers of the stages after
 * the first: r + (depth - 1) * (a + b) bits. */
static double unit_ffs(const arch_unit *u, const unit_shape *s) {
  double depth = (double)(u->pipeline_depth ? u->pipeline_depth : 1);
  return (double)s->r.bits + (depth - 1) * (double)(s->a.bits + s->b.bits);
}

void arch_et_fill_unit(const arch_spec *a, arch_unit *u) {
  unit_shape s = unit_shape_of(u);
  unsigned node = a->technology_nm;
  double es = arch_et_energy_scale(node, 45), as = arch_et_area_scale(node, 40);
  char src[ARCH_SOURCE_MAX];
  const char *rname = u->acc ? u->acc->name : u->inputs[0]->name;
  const char *bname = u->ninputs > 1 ? u->inputs[1]->name : u->inputs[0]->name;
  for (int op = 0; op < ARCH_OP_COUNT; op++) {
    if (!HAS(u, op)) continue;
    const char *what = "";
    double e45 = unit_op_energy_45((arch_op)op, &s, &what);
    snprintf(src, sizeof src, "table: horowitz45 %s, %s x %s -> %s = %.4f pJ; node %u/45 = x%.3f",
             what, u->inputs[0]->name, bname, rname, e45, node, es);
    unit_set(&u->energy_pj[op], e45 * es, src);
  }
  snprintf(src, sizeof src,
           "table: aladdin40 components (mult 6350 um^2*a*b/1024, add 278 um^2*b/32, "
           "reg 5.98 um^2/b); node (%u/40)^2 = x%.3f", node, as);
  unit_set(&u->area_um2, unit_area_40(u, &s) * as, src);
  if (a->target == ARCH_TARGET_FPGA) {
    unit_set(&u->luts, unit_luts(u, &s),
             "table: FINN-R LUT model (2*ceil((W+A)/6)-1)*(W+A) + acc adder/register"
             " (+ exponent adder, alignment shifter for minifloats)");
    unit_set(&u->ffs, unit_ffs(u, &s), "table: accumulator + (pipeline depth - 1) x operand bits");
    unit_set(&u->dsps, 0, "table: LUT-only implementation (no DSPs)");
  } else {
    unit_set(&u->luts, 0, "not an FPGA target");
    unit_set(&u->ffs, 0, "not an FPGA target");
    unit_set(&u->dsps, 0, "not an FPGA target");
  }
}
