/* arch_report — text and JSON views of an arch_spec; see arch_report.h for the contract. */
#include "reports/arch_report.h"

#include <inttypes.h>
#include <string.h>

static void text_bytes(uint64_t b, char *out, size_t cap) {
  if (b == 0) snprintf(out, cap, "unbounded");
  else if (b % ((uint64_t)1 << 20) == 0) snprintf(out, cap, "%" PRIu64 " MiB", b >> 20);
  else if (b % 1024 == 0) snprintf(out, cap, "%" PRIu64 " KiB", b >> 10);
  else snprintf(out, cap, "%" PRIu64 " B", b);
}

static void text_value(FILE *out, const char *indent, const char *label, const arch_value *v,
                       const char *unit) {
  fprintf(out, "%s%-16s %14.4f %-8s %s\n", indent, label, v->v, unit, v->source);
}

static void text_level(const arch_spec *a, const arch_level *l, int index, FILE *out) {
  char size[32], keep[64];
  text_bytes(l->size_bytes, size, sizeof size);
  arch_keep_text(l->keep, keep, sizeof keep);
  if (index >= 0) fprintf(out, "  [%d] %s: %s", index, l->name, arch_level_kind_name(l->kind));
  else fprintf(out, "    register file %s: regfile", l->name);
  if (l->kind == ARCH_LEVEL_DRAM) fprintf(out, " (%s)", arch_dram_kind_name(l->dram_kind));
  fprintf(out, ", size %s, width %" PRIu64 " b, %" PRIu64 " bank%s, %" PRIu64 " instance%s\n",
          size, l->width_bits, l->banks, l->banks == 1 ? "" : "s", l->instances,
          l->instances == 1 ? "" : "s");
  const char *in = index >= 0 ? "      " : "      ";
  fprintf(out, "%sbandwidth: read %.3f B/cycle, write %.3f B/cycle%s", in, l->read_bw,
          l->write_bw, l->bw_shared ? " (shared port)" : "");
  if (l->bandwidth_gbps > 0) fprintf(out, " = %.3f GB/s given at %.0f MHz", l->bandwidth_gbps, a->clock_mhz);
  fprintf(out, "\n%skeeps: %s", in, keep);
  if (index >= 0)
    fprintf(out, "; mesh below: %" PRIu64 " x %" PRIu64 ", multicast %s, spatial reduction %s",
            l->mesh_x, l->mesh_y, l->multicast ? "yes" : "no", l->spatial_reduction ? "yes" : "no");
  if (l->brams) fprintf(out, "; %" PRIu64 " BRAM36", l->brams);
  fprintf(out, "\n");
  text_value(out, in, "read energy", &l->read_energy_pj, "pJ");
  text_value(out, in, "write energy", &l->write_energy_pj, "pJ");
  text_value(out, in, "area", &l->area_um2, "um^2");
}

static void text_ops(unsigned ops, FILE *out) {
  int n = 0;
  for (int op = 0; op < ARCH_OP_COUNT; op++)
    if (ops & (1u << op)) fprintf(out, "%s%s", n++ ? ", " : "", arch_op_name((arch_op)op));
}

static void text_unit(const arch_spec *a, const arch_unit *u, FILE *out) {
  fprintf(out, "    unit %s: ", u->name);
  text_ops(u->ops, out);
  fprintf(out, "; inputs");
  for (int i = 0; i < u->ninputs; i++) fprintf(out, "%s%s", i ? " x " : " ", u->inputs[i]->name);
  fprintf(out, " -> %s; pipeline depth %" PRIu64 ", initiation interval %" PRIu64 "\n",
          u->acc ? u->acc->name : u->inputs[0]->name, u->pipeline_depth, u->initiation_interval);
  for (int op = 0; op < ARCH_OP_COUNT; op++) {
    if (!(u->ops & (1u << op))) continue;
    char label[32];
    snprintf(label, sizeof label, "energy %s", arch_op_name((arch_op)op));
    text_value(out, "      ", label, &u->energy_pj[op], "pJ/op");
  }
  text_value(out, "      ", "area", &u->area_um2, "um^2");
  if (a->target == ARCH_TARGET_FPGA) {
    text_value(out, "      ", "LUTs", &u->luts, "");
    text_value(out, "      ", "FFs", &u->ffs, "");
    text_value(out, "      ", "DSPs", &u->dsps, "");
  }
}

static void text_array(const arch_spec *a, const arch_array *ar, FILE *out) {
  fprintf(out, "  %s: %s", ar->name, arch_array_kind_name(ar->kind));
  if (ar->kind == ARCH_ARRAY_2D)
    fprintf(out, " %" PRIu64 " x %" PRIu64 " = %" PRIu64 " PEs", ar->rows, ar->cols, ar->pes);
  else
    fprintf(out, " %" PRIu64 " lanes", ar->pes);
  fprintf(out, ", attached to %s\n    operations: ", a->levels[ar->attach].name);
  text_ops(ar->ops, out);
  if (ar->kind == ARCH_ARRAY_2D) {
    fprintf(out, "; dataflows:");
    for (int d = 0; d < ARCH_DF_COUNT; d++)
      if (ar->dataflows & (1u << d)) fprintf(out, " %s", arch_dataflow_name((arch_dataflow)d));
  }
  fprintf(out, "\n");
  if (ar->has_exp_cost) {
    double pj = 0;
    fprintf(out, "    exp emulated as:");
    for (int op = 0; op < ARCH_OP_COUNT; op++)
      if (ar->exp_cost[op]) fprintf(out, " %" PRIu64 " %s", ar->exp_cost[op], arch_op_name((arch_op)op));
    if (!arch_array_unit_for(ar, ARCH_OP_EXP) && arch_array_op_energy(ar, ARCH_OP_EXP, &pj))
      fprintf(out, " = %.4f pJ per exp", pj);
    fprintf(out, "\n");
  }
  if (ar->has_local) text_level(a, &ar->local, -1, out);
  for (int i = 0; i < ar->nunits; i++) text_unit(a, &ar->units[i], out);
}

void rep_arch_text(const arch_spec *a, FILE *out) {
  fprintf(out, "architecture %s", a->name);
  if (a->path && a->path[0]) fprintf(out, " (%s)", a->path);
  fprintf(out, "\n");
  if (a->description[0]) fprintf(out, "  %s\n", a->description);
  fprintf(out, "  target %s, clock %.3f MHz, technology %u nm\n", arch_target_name(a->target),
          a->clock_mhz, a->technology_nm);
  fprintf(out, "  table scaling from 45 nm: energy x%.4f (node/45), area x%.4f ((node/45)^2); "
          "Aladdin 40 nm anchors scale by node/40 and (node/40)^2; DRAM energy is not scaled\n",
          a->energy_scale, a->area_scale);
  fprintf(out, "memory (DRAM first, inward):\n");
  for (int i = 0; i < a->nlevels; i++) text_level(a, &a->levels[i], i, out);
  fprintf(out, "compute:\n");
  for (int i = 0; i < a->narrays; i++) text_array(a, &a->arrays[i], out);
  fprintf(out, "totals: %" PRIu64 " PEs/lanes, area %.4f mm^2 (on chip, from the values above)\n",
          arch_total_pes(a), arch_total_area_um2(a) / 1e6);
  if (a->target == ARCH_TARGET_FPGA) {
    arch_fpga_resources r;
    arch_fpga_totals(a, &r);
    fprintf(out, "FPGA resources: %.0f LUTs, %.0f FFs, %.0f DSPs, %" PRIu64 " BRAM36 "
            "(docs/fpga-cost.md)\n", r.luts, r.ffs, r.dsps, r.brams);
  }
}

/* ---- JSON ---- */

static void json_value(com_json *j, const char *key, const arch_value *v) {
  com_json_obj_begin(j, key);
  com_json_f64(j, "value", v->v);
  com_json_bool(j, "given", v->given);
  com_json_str(j, "source", v->source);
  com_json_obj_end(j);
}

static void json_ops(com_json *j, const char *key, unsigned ops) {
  com_json_arr_begin(j, key);
  for (int op = 0; op < ARCH_OP_COUNT; op++)
    if (ops & (1u << op)) com_json_str(j, NULL, arch_op_name((arch_op)op));
  com_json_arr_end(j);
}

static void json_level(const arch_level *l, com_json *j, const char *key) {
  static const char *const roles[] = {"inputs", "weights", "outputs"};
  com_json_obj_begin(j, key);
  com_json_str(j, "name", l->name);
  com_json_str(j, "kind", arch_level_kind_name(l->kind));
  if (l->kind == ARCH_LEVEL_DRAM) com_json_str(j, "dram_kind", arch_dram_kind_name(l->dram_kind));
  com_json_u64(j, "size_bytes", l->size_bytes);
  com_json_u64(j, "width_bits", l->width_bits);
  com_json_u64(j, "banks", l->banks);
  com_json_f64(j, "read_bw_bytes_per_cycle", l->read_bw);
  com_json_f64(j, "write_bw_bytes_per_cycle", l->write_bw);
  com_json_bool(j, "bw_shared", l->bw_shared);
  if (l->bandwidth_gbps > 0) com_json_f64(j, "bandwidth_gbps", l->bandwidth_gbps);
  com_json_arr_begin(j, "keep");
  for (int r = 0; r < 3; r++)
    if (l->keep & (1u << r)) com_json_str(j, NULL, roles[r]);
  com_json_arr_end(j);
  com_json_u64(j, "mesh_x", l->mesh_x);
  com_json_u64(j, "mesh_y", l->mesh_y);
  com_json_bool(j, "multicast", l->multicast);
  com_json_bool(j, "spatial_reduction", l->spatial_reduction);
  com_json_u64(j, "instances", l->instances);
  if (l->brams) com_json_u64(j, "brams", l->brams);
  json_value(j, "read_energy_pj", &l->read_energy_pj);
  json_value(j, "write_energy_pj", &l->write_energy_pj);
  json_value(j, "area_um2", &l->area_um2);
  com_json_obj_end(j);
}

static void json_unit(const arch_spec *a, const arch_unit *u, com_json *j) {
  com_json_obj_begin(j, NULL);
  com_json_str(j, "name", u->name);
  json_ops(j, "operations", u->ops);
  com_json_arr_begin(j, "inputs");
  for (int i = 0; i < u->ninputs; i++) com_json_str(j, NULL, u->inputs[i]->name);
  com_json_arr_end(j);
  com_json_str(j, "acc", u->acc ? u->acc->name : u->inputs[0]->name);
  com_json_u64(j, "pipeline_depth", u->pipeline_depth);
  com_json_u64(j, "initiation_interval", u->initiation_interval);
  com_json_obj_begin(j, "energy_pj");
  for (int op = 0; op < ARCH_OP_COUNT; op++)
    if (u->ops & (1u << op)) json_value(j, arch_op_name((arch_op)op), &u->energy_pj[op]);
  com_json_obj_end(j);
  json_value(j, "area_um2", &u->area_um2);
  if (a->target == ARCH_TARGET_FPGA) {
    json_value(j, "luts", &u->luts);
    json_value(j, "ffs", &u->ffs);
    json_value(j, "dsps", &u->dsps);
  }
  com_json_obj_end(j);
}

static void json_array(const arch_spec *a, const arch_array *ar, com_json *j) {
  com_json_obj_begin(j, NULL);
  com_json_str(j, "name", ar->name);
  com_json_str(j, "kind", arch_array_kind_name(ar->kind));
  com_json_u64(j, "rows", ar->rows);
  com_json_u64(j, "cols", ar->cols);
  com_json_u64(j, "pes", ar->pes);
  if (ar->kind == ARCH_ARRAY_2D) {
    com_json_arr_begin(j, "dataflows");
    for (int d = 0; d < ARCH_DF_COUNT; d++)
      if (ar->dataflows & (1u << d)) com_json_str(j, NULL, arch_dataflow_name((arch_dataflow)d));
    com_json_arr_end(j);
  }
  json_ops(j, "operations", ar->ops);
  com_json_str(j, "attach", a->levels[ar->attach].name);
  if (ar->has_exp_cost) {
    com_json_obj_begin(j, "exp_cost");
    for (int op = 0; op < ARCH_OP_COUNT; op++)
      if (ar->exp_cost[op]) com_json_u64(j, arch_op_name((arch_op)op), ar->exp_cost[op]);
    com_json_obj_end(j);
  }
  if (ar->has_local) json_level(&ar->local, j, "regfile");
  com_json_arr_begin(j, "units");
  for (int i = 0; i < ar->nunits; i++) json_unit(a, &ar->units[i], j);
  com_json_arr_end(j);
  com_json_obj_end(j);
}

void rep_arch_json_key(const arch_spec *a, com_json *j, const char *key) {
  com_json_obj_begin(j, key);
  com_json_str(j, "name", a->name);
  com_json_str(j, "path", a->path);
  com_json_str(j, "description", a->description);
  com_json_str(j, "target", arch_target_name(a->target));
  com_json_f64(j, "clock_mhz", a->clock_mhz);
  com_json_u64(j, "technology_nm", a->technology_nm);
  com_json_f64(j, "energy_scale", a->energy_scale);
  com_json_f64(j, "area_scale", a->area_scale);
  com_json_arr_begin(j, "memory");
  for (int i = 0; i < a->nlevels; i++) json_level(&a->levels[i], j, NULL);
  com_json_arr_end(j);
  com_json_arr_begin(j, "compute");
  for (int i = 0; i < a->narrays; i++) json_array(a, &a->arrays[i], j);
  com_json_arr_end(j);
  com_json_u64(j, "total_pes", arch_total_pes(a));
  com_json_f64(j, "total_area_um2", arch_total_area_um2(a));
  if (a->target == ARCH_TARGET_FPGA) {
    arch_fpga_resources r;
    arch_fpga_totals(a, &r);
    com_json_obj_begin(j, "fpga");
    com_json_f64(j, "luts", r.luts);
    com_json_f64(j, "ffs", r.ffs);
    com_json_f64(j, "dsps", r.dsps);
    com_json_u64(j, "brams", r.brams);
    com_json_obj_end(j);
  }
  com_json_obj_end(j);
}

void rep_arch_json(const arch_spec *a, com_json *j) { rep_arch_json_key(a, j, NULL); }
