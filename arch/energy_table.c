/* energy_table — the built-in energy/area table; see energy_table.h for anchors and rules. */
#include "arch/energy_table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- number formats ---- */

arch_et_fields arch_et_format_fields(const ops_format *f) {
  arch_et_fields r = {false, 0, f->elem_bits, f->elem_bits};
  unsigned e = 0, m = 0;
  const char *p = f->name;
  if (strcmp(f->name, "fp32") == 0) e = 8, m = 23;
  else if (strcmp(f->name, "fp16") == 0) e = 5, m = 10;
  else if (strcmp(f->name, "bf16") == 0) e = 8, m = 7;
  else if (strcmp(f->name, "nvfp4") == 0) e = 2, m = 1;
  else {
    for (; *p; p++) /* an "eXmY" part names the minifloat element (fp8_e4m3, mxfp4_e2m1) */
      if (*p == 'e' && sscanf(p, "e%um%u", &e, &m) == 2) break;
    if (!*p) e = m = 0;
  }
  if (e > 0 && (f->cls == OPS_FMT_FLOAT || f->cls == OPS_FMT_BLOCK)) {
    r.is_float = true;
    r.exp_bits = e;
    r.sig_bits = m + 1;
  }
  if (r.bits == 0) r.bits = 1;
  if (r.sig_bits == 0) r.sig_bits = 1;
  return r;
}

/* ---- Horowitz 45 nm ---- */

/* Power law through (x0, y0) and (x1, y1), evaluated at x. */
static double et_power_law(double x0, double y0, double x1, double y1, double x) {
  double k = log(y1 / y0) / log(x1 / x0);
  return y0 * pow(x / x0, k);
}

double arch_et_int_add_45(unsigned bits) { return et_power_law(8, 0.03, 32, 0.1, bits); }

double arch_et_int_mult_45(unsigned bits_a, unsigned bits_b) {
  return et_power_law(64, 0.2, 1024, 3.1, (double)bits_a * bits_b);
}

double arch_et_fp_add_45(unsigned bits) { return et_power_law(16, 0.4, 32, 0.9, bits); }

/* E = s * int_mult(sig_a, sig_b) + t * width: the significand product plus a width-linear
 * part (exponent add, normalization, rounding); s and t solve fp16 = 1.1 and fp32 = 3.7. */
double arch_et_fp_mult_45(arch_et_fields a, arch_et_fields b) {
  double m16 = arch_et_int_mult_45(11, 11), m32 = arch_et_int_mult_45(24, 24);
  double s = (3.7 - 2 * 1.1) / (m32 - 2 * m16);
  double t = (1.1 - s * m16) / 16;
  unsigned w = a.bits > b.bits ? a.bits : b.bits;
  return s * arch_et_int_mult_45(a.sig_bits, b.sig_bits) + t * w;
}

double arch_et_add_45(arch_et_fields f) {
  return f.is_float ? arch_et_fp_add_45(f.bits) : arch_et_int_add_45(f.bits);
}

double arch_et_mult_45(arch_et_fields a, arch_et_fields b) {
  if (a.is_float || b.is_float) return arch_et_fp_mult_45(a, b);
  return arch_et_int_mult_45(a.bits, b.bits);
}

double arch_et_sram_access_45(uint64_t bank_bytes, uint64_t width_bits) {
  return 10.0 * sqrt((double)bank_bytes / 8192.0) * ((double)width_bits / 64.0);
}

double arch_et_sram_area_per_bit_45(void) { return 0.5; }

double arch_et_dram_pj_per_bit(arch_dram_kind k) {
  switch (k) {
  case ARCH_DRAM_HBM: return 7.0;
  case ARCH_DRAM_DDR3: return 1300.0 / 64.0;
  case ARCH_DRAM_LPDDR4: break;
  }
  return 13.5;
}

/* ---- Aladdin 40 nm ---- */

double arch_et_regfile_pj_per_bit_40(void) { return 0.009; }
double arch_et_regfile_area_per_bit_40(void) { return 5.98; }
double arch_et_int_add_area_40(unsigned bits) { return 278.0 * bits / 32.0; }
double arch_et_int_mult_area_40(unsigned bits_a, unsigned bits_b) {
  return 6350.0 * ((double)bits_a * bits_b) / 1024.0;
}

double arch_et_energy_scale(unsigned node_nm, unsigned anchor_nm) {
  return (double)node_nm / anchor_nm;
}
double arch_et_area_scale(unsigned node_nm, unsigned anchor_nm) {
  double f = (double)node_nm / anchor_nm;
  return f * f;
}

/* ---- filling levels ---- */

static void et_set(arch_value *v, double value, const char *source) {
  if (v->given) return;
  v->v = value;
  snprintf(v->source, sizeof v->source, "%s", source);
}

static void et_human_bytes(uint64_t b, char *out, size_t cap) {
  if (b >= ((uint64_t)1 << 20) && b % ((uint64_t)1 << 20) == 0)
    snprintf(out, cap, "%llu MiB", (unsigned long long)(b >> 20));
  else if (b >= 1024 && b % 1024 == 0) snprintf(out, cap, "%llu KiB", (unsigned long long)(b >> 10));
  else snprintf(out, cap, "%llu B", (unsigned long long)b);
}

void arch_et_fill_level(const arch_spec *a, arch_level *l) {
  char src[ARCH_SOURCE_MAX];
  unsigned node = a->technology_nm;
  double bits = (double)l->size_bytes * 8.0;
  if (l->kind == ARCH_LEVEL_DRAM) {
    double pjb = arch_et_dram_pj_per_bit(l->dram_kind);
    snprintf(src, sizeof src, "table: %s %.2f pJ/bit x %llu b (DRAM energy not node-scaled)",
             arch_dram_kind_name(l->dram_kind), pjb, (unsigned long long)l->width_bits);
    et_set(&l->read_energy_pj, pjb * (double)l->width_bits, src);
    et_set(&l->write_energy_pj, pjb * (double)l->width_bits, src);
    et_set(&l->area_um2, 0.0, "table: off chip, not counted");
    return;
  }
  if (l->kind == ARCH_LEVEL_REGFILE) {
    double es = arch_et_energy_scale(node, 40), as = arch_et_area_scale(node, 40);
    snprintf(src, sizeof src, "table: aladdin40 register 0.009 pJ/bit x %llu b; node %u/40 = x%.3f",
             (unsigned long long)l->width_bits, node, es);
    double e = arch_et_regfile_pj_per_bit_40() * (double)l->width_bits * es;
    et_set(&l->read_energy_pj, e, src);
    et_set(&l->write_energy_pj, e, src);
    snprintf(src, sizeof src, "table: aladdin40 register 5.98 um^2/bit x %.0f b; node (%u/40)^2 = x%.3f",
             bits, node, as);
    et_set(&l->area_um2, arch_et_regfile_area_per_bit_40() * bits * as, src);
    return;
  }
  double es = arch_et_energy_scale(node, 45), as = arch_et_area_scale(node, 45);
  uint64_t bank = l->size_bytes / (l->banks ? l->banks : 1);
  char hb[32];
  et_human_bytes(bank, hb, sizeof hb);
  double sq = sqrt((double)bank / 8192.0), wf = (double)l->width_bits / 64.0;
  snprintf(src, sizeof src,
           "table: horowitz45 SRAM 10 pJ @8 KiB,64b x sqrt(%s bank/8 KiB)=%.3f x %llub/64b=%.3f; "
           "node %u/45 = x%.3f", hb, sq, (unsigned long long)l->width_bits, wf, node, es);
  double e = arch_et_sram_access_45(bank, l->width_bits) * es;
  et_set(&l->read_energy_pj, e, src);
  et_set(&l->write_energy_pj, e, src);
  snprintf(src, sizeof src, "table: SRAM 0.5 um^2/bit at 45 nm (assumed) x %.0f b; node (%u/45)^2 = x%.3f",
           bits, node, as);
  et_set(&l->area_um2, arch_et_sram_area_per_bit_45() * bits * as, src);
}
