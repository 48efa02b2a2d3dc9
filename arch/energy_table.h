/*
 * energy_table — the built-in energy and area table used for every arch value the YAML does not
 * give (docs/arch-format.md, "Energy and area table").
 *
 * Anchors (docs/../shared/reference/numerics.md):
 *   Horowitz ISSCC 2014, 45 nm: int add 8b 0.03 / 32b 0.1 pJ; int mult 8b 0.2 / 32b 3.1 pJ;
 *   fp add 16b 0.4 / 32b 0.9 pJ; fp mult 16b 1.1 / 32b 3.7 pJ; SRAM 8 KB 64-bit read 10 pJ.
 *   Aladdin, 40 nm: 32b adder 278 um^2; 32x32 multiplier 6350 um^2 (proportional to wa*wb);
 *   register bit 0.009 pJ per read, 5.98 um^2.
 *   DRAM per bit: LPDDR4 13.5, HBM 7, DDR3 20.3 pJ/bit (Horowitz 1.3 nJ per 64-bit access).
 * Interpolation between anchors is a power law through both anchors (stated per function).
 * Technology scaling, explicit and reported in every source string:
 *   energy x (node / anchor_node), area x (node / anchor_node)^2; DRAM energy is not scaled.
 * Functions named *_45 / *_40 return values at the anchor node, before scaling.
 * Everything here is pure and thread-safe.
 */
#ifndef ARCH_ENERGY_TABLE_H
#define ARCH_ENERGY_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arch.h"

/* The arithmetic shape of a number format for the cost table. */
typedef struct arch_et_fields {
  bool is_float;      /* minifloat (sign, exponent, mantissa) vs integer-like */
  unsigned exp_bits;  /* float: exponent field bits; integer: 0 */
  unsigned sig_bits;  /* float: mantissa bits + hidden 1; integer: all bits */
  unsigned bits;      /* element width */
} arch_et_fields;

/* Fields of a registry format. Block formats use their element (mxfp8_e4m3 -> e4m3, nvfp4 ->
 * e2m1; mxint8, bfp8, nf4, olive4 -> integer of the element width); scales are not costed. */
arch_et_fields arch_et_format_fields(const ops_format *f);

/* Horowitz 45 nm, pJ. */
double arch_et_int_add_45(unsigned bits);                  /* 0.03*(b/8)^0.8685: 8b .03, 32b .1 */
double arch_et_int_mult_45(unsigned bits_a, unsigned bits_b); /* 0.2*(a*b/64)^0.9885 */
double arch_et_fp_add_45(unsigned bits);                   /* 0.4*(b/16)^1.1699: 16b .4, 32b .9 */
double arch_et_fp_mult_45(arch_et_fields a, arch_et_fields b); /* s*int_mult(sig)+t*width */
double arch_et_add_45(arch_et_fields f);                   /* fp or int adder of f */
double arch_et_mult_45(arch_et_fields a, arch_et_fields b); /* fp or int multiplier */
/* SRAM read (= write) per access of width_bits from a bank of bank_bytes:
 * 10 pJ * sqrt(bank_bytes / 8192) * (width_bits / 64). */
double arch_et_sram_access_45(uint64_t bank_bytes, uint64_t width_bits);
/* SRAM macro area, um^2 per bit at 45 nm (an assumption: 0.5, bitcell + periphery). */
double arch_et_sram_area_per_bit_45(void);
/* DRAM energy per bit, not node-scaled. */
double arch_et_dram_pj_per_bit(arch_dram_kind k);

/* Aladdin 40 nm. */
double arch_et_regfile_pj_per_bit_40(void);                /* 0.009 */
double arch_et_regfile_area_per_bit_40(void);              /* 5.98 */
double arch_et_int_add_area_40(unsigned bits);             /* 278 * b/32 */
double arch_et_int_mult_area_40(unsigned bits_a, unsigned bits_b); /* 6350 * a*b/1024 */

/* Scaling factors from anchor_nm to node_nm. */
double arch_et_energy_scale(unsigned node_nm, unsigned anchor_nm); /* node/anchor */
double arch_et_area_scale(unsigned node_nm, unsigned anchor_nm);   /* (node/anchor)^2 */

/* Fills every value of a level (chain or local) that the YAML did not give, with sources.
 * Needs kind, size_bytes, width_bits, banks, dram_kind. */
void arch_et_fill_level(const arch_spec *a, arch_level *l);
/* Fills every value of a unit that the YAML did not give (energy per op, area, FPGA LUTs). */
void arch_et_fill_unit(const arch_spec *a, arch_unit *u);

#endif
