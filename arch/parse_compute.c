/*
 * parse_compute — reads compute arrays (array2d, array1d) and their functional units, checks
 * them against the memory chain (attach level, PE counts), and fills table values.
 * Contract in parse.h (arch_parse_array).
 */
#include <stdio.h>
#include <string.h>

#include "arch/energy_table.h"
#include "arch/parse.h"
#include "common/num.h"
#include "common/text.h"

static const char *const array_kind_names[] = {"array2d", "array1d", NULL};
static const char *const keys_2d[] = {"name", "kind", "rows", "cols", "dataflows", "operations",
                                      "attach", "regfile", "exp_cost", "units", NULL};
static const char *const keys_1d[] = {"name", "kind", "lanes", "operations", "attach",
                                      "regfile", "exp_cost", "units", NULL};
static const char *const unit_keys[] = {"name", "operations", "inputs", "acc", "pipeline_depth",
                                        "initiation_interval", "energy_pj", "area_um2", "luts",
                                        "ffs", "dsps", NULL};

/* A number format by name: named or parametric (ops_format_find), with a hint otherwise. */
static int unit_format(const com_ynode *n, const char *key, const ops_format **out, com_err *e) {
  const char *name;
  if (com_ystr(n, key, &name, e)) return -1;
  if ((*out = ops_format_find(name))) return 0;
  char hint[128];
  com_suggest_phrase(name, ops_format_names(), hint, sizeof hint);
  return com_err_at(e, n->loc, "unknown number format '%s'%s", name,
                    hint[0] ? hint : " (see `accel-sim formats`)");
}

/* energy_pj: one number for every operation, or a mapping op -> number. */
static int unit_energy(const com_ynode *u, arch_unit *unit, com_err *e) {
  const com_ynode *n = com_yget(u, "energy_pj");
  if (!n) return 0;
  if (n->kind == COM_Y_SCALAR) {
    arch_value v = {0};
    if (arch_parse_value(u, "energy_pj", 1e9, &v, e)) return -1;
    for (int op = 0; op < ARCH_OP_COUNT; op++)
      if (unit->ops & (1u << op)) unit->energy_pj[op] = v;
    return 0;
  }
  if (com_yexpect(n, COM_Y_MAP, "energy_pj", e)) return -1;
  for (size_t i = 0; i < n->len; i++) {
    int op;
    if (com_yenum(n->keys[i], "operation", arch_op_names, &op, e)) return -1;
    if (!(unit->ops & (1u << op)))
      return com_err_at(e, n->keys[i]->loc, "unit '%s' does not perform '%s' (see 'operations')",
                        unit->name, arch_op_names[op]);
    if (arch_parse_value(n, arch_op_names[op], 1e9, &unit->energy_pj[op], e)) return -1;
  }
  return 0;
}

static int parse_unit(arch_spec *a, const com_ynode *u, arch_unit *unit, com_err *e) {
  const com_ynode *ops, *inputs, *n;
  memset(unit, 0, sizeof *unit);
  if (com_yexpect(u, COM_Y_MAP, "unit", e) || arch_parse_name(u, "name", "unit", unit->name, e))
    return -1;
  unit->loc = arch_own_loc(a, u->loc);
  char ctx[ARCH_NAME_MAX + 16];
  snprintf(ctx, sizeof ctx, "unit '%s'", unit->name);
  if (com_ycheck_keys(u, ctx, unit_keys, e) || com_yrequire(u, "operations", ctx, &ops, e) ||
      arch_parse_word_set(ops, "operations", "operation", arch_op_names, &unit->ops, e) ||
      com_yrequire(u, "inputs", ctx, &inputs, e))
    return -1;
  if (inputs->kind == COM_Y_SCALAR && !inputs->null) {
    unit->ninputs = 1;
    if (unit_format(inputs, "inputs", &unit->inputs[0], e)) return -1;
  } else {
    if (com_yexpect(inputs, COM_Y_SEQ, "inputs", e)) return -1;
    if (inputs->len < 1 || inputs->len > ARCH_MAX_INPUTS)
      return com_err_at(e, inputs->loc, "'inputs' must list 1 to %d number formats (got %zu)",
                        ARCH_MAX_INPUTS, inputs->len);
    unit->ninputs = (int)inputs->len;
    for (size_t i = 0; i < inputs->len; i++)
      if (unit_format(inputs->items[i], "inputs", &unit->inputs[i], e)) return -1;
  }
  if ((n = com_yget(u, "acc")) && unit_format(n, "acc", &unit->acc, e)) return -1;
  unit->pipeline_depth = unit->initiation_interval = 1;
  if ((n = com_yget(u, "pipeline_depth")) &&
      com_yu64(n, "pipeline_depth", 1, 1u << 20, &unit->pipeline_depth, e))
    return -1;
  if ((n = com_yget(u, "initiation_interval")) &&
      com_yu64(n, "initiation_interval", 1, 1u << 20, &unit->initiation_interval, e))
    return -1;
  if (unit_energy(u, unit, e) || arch_parse_value(u, "area_um2", 1e15, &unit->area_um2, e))
    return -1;
  const char *fpga_keys[] = {"luts", "ffs", "dsps"};
  arch_value *fpga_values[] = {&unit->luts, &unit->ffs, &unit->dsps};
  for (int i = 0; i < 3; i++) {
    if (!(n = com_yget(u, fpga_keys[i]))) continue;
    if (a->target != ARCH_TARGET_FPGA)
      return com_err_at(e, n->loc, "'%s' applies only to 'target: fpga'", fpga_keys[i]);
    if (arch_parse_value(u, fpga_keys[i], 1e12, fpga_values[i], e)) return -1;
  }
  arch_et_fill_unit(a, unit);
  return 0;
}

static int parse_units(arch_spec *a, const com_ynode *arr, arch_array *ar, com_err *e) {
  const com_ynode *units;
  char ctx[ARCH_NAME_MAX + 16];
  snprintf(ctx, sizeof ctx, "array '%s'", ar->name);
  if (com_yrequire(arr, "units", ctx, &units, e) || com_yexpect(units, COM_Y_SEQ, "units", e))
    return -1;
  if (units->len == 0 || units->len > ARCH_MAX_UNITS)
    return com_err_at(e, units->loc, "'units' must list 1 to %d units (got %zu)", ARCH_MAX_UNITS,
                      units->len);
  for (size_t i = 0; i < units->len; i++) {
    arch_unit *u = &ar->units[ar->nunits];
    if (parse_unit(a, units->items[i], u, e)) return -1;
    for (int j = 0; j < ar->nunits; j++)
      if (strcmp(ar->units[j].name, u->name) == 0)
        return com_err_at(e, units->items[i]->loc, "duplicate unit name '%s' in array '%s'",
                          u->name, ar->name);
    ar->nunits++;
  }
  return 0;
}

/* exp_cost: {op: count, ...}; every op used must be native on the array. */
static int parse_exp_cost(const com_ynode *arr, arch_array *ar, unsigned native, com_err *e) {
  const com_ynode *n = com_yget(arr, "exp_cost");
  if (!n) return 0;
  if (com_yexpect(n, COM_Y_MAP, "exp_cost", e)) return -1;
  uint64_t total = 0;
  for (size_t i = 0; i < n->len; i++) {
    int op;
    if (com_yenum(n->keys[i], "operation", arch_op_names, &op, e)) return -1;
    if (op == ARCH_OP_EXP)
      return com_err_at(e, n->keys[i]->loc, "'exp_cost' cannot use 'exp' itself");
    if (com_yu64(n->items[i], arch_op_names[op], 0, 1u << 20, &ar->exp_cost[op], e)) return -1;
    if (ar->exp_cost[op] && !(native & (1u << op)))
      return com_err_at(e, n->keys[i]->loc,
                        "'exp_cost' uses '%s' but no unit of array '%s' performs it",
                        arch_op_names[op], ar->name);
    total += ar->exp_cost[op];
  }
  if (total == 0) return com_err_at(e, n->loc, "'exp_cost' must count at least one operation");
  ar->has_exp_cost = true;
  return 0;
}

/* operations offered: declared (each must be native or an emulated exp) or derived. */
static int parse_array_ops(const com_ynode *arr, arch_array *ar, unsigned native, com_err *e) {
  unsigned offered = native | (ar->has_exp_cost ? 1u << ARCH_OP_EXP : 0);
  const com_ynode *n = com_yget(arr, "operations");
  ar->ops = offered;
  if (!n) return 0;
  if (arch_parse_word_set(n, "operations", "operation", arch_op_names, &ar->ops, e)) return -1;
  for (int op = 0; op < ARCH_OP_COUNT; op++)
    if ((ar->ops & (1u << op)) && !(offered & (1u << op)))
      return com_err_at(e, n->loc, "array '%s' offers '%s' but none of its units performs it%s",
                        ar->name, arch_op_names[op],
                        op == ARCH_OP_EXP ? " (add a unit with exp or an 'exp_cost')" : "");
  return 0;
}

static int parse_attach(arch_spec *a, const com_ynode *arr, arch_array *ar, com_err *e) {
  const com_ynode *n = com_yget(arr, "attach");
  ar->attach = a->nlevels - 1;
  if (n) {
    const char *name;
    if (com_ystr(n, "attach", &name, e)) return -1;
    ar->attach = arch_level_index(a, name);
    if (ar->attach < 0) {
      const char *names[ARCH_MAX_LEVELS + 1];
      for (int i = 0; i < a->nlevels; i++) names[i] = a->levels[i].name;
      names[a->nlevels] = NULL;
      char hint[128];
      com_suggest_phrase(name, names, hint, sizeof hint);
      return com_err_at(e, n->loc, "'attach' names no memory level: '%s'%s", name, hint);
    }
  }
  uint64_t inst = a->levels[ar->attach].instances;
  if (ar->pes % inst != 0)
    return com_err_at(e, n ? n->loc : arr->loc,
                      "array '%s' has %llu PEs, not a multiple of the %llu instances of level "
                      "'%s' it attaches to", ar->name, (unsigned long long)ar->pes,
                      (unsigned long long)inst, a->levels[ar->attach].name);
  return 0;
}

static int parse_shape(const com_ynode *arr, arch_array *ar, com_err *e) {
  const com_ynode *n;
  char ctx[ARCH_NAME_MAX + 16];
  snprintf(ctx, sizeof ctx, "array '%s'", ar->name);
  if (ar->kind == ARCH_ARRAY_1D) {
    ar->rows = 1;
    if (com_yrequire(arr, "lanes", ctx, &n, e) || com_yu64(n, "lanes", 1, 1ull << 32, &ar->cols, e))
      return -1;
    ar->pes = ar->cols;
    return 0;
  }
  if (com_yrequire(arr, "rows", ctx, &n, e) || com_yu64(n, "rows", 1, 1ull << 32, &ar->rows, e) ||
      com_yrequire(arr, "cols", ctx, &n, e) || com_yu64(n, "cols", 1, 1ull << 32, &ar->cols, e))
    return -1;
  const com_ynode *cols = n;
  if (com_yrequire(arr, "dataflows", ctx, &n, e) ||
      arch_parse_word_set(n, "dataflows", "dataflow", arch_dataflow_names, &ar->dataflows, e))
    return -1;
  if (!com_mul_u64(ar->rows, ar->cols, &ar->pes))
    return com_err_at(e, cols->loc, "array '%s' has more than 2^64 PEs (rows x cols overflows)",
                      ar->name);
  return 0;
}

int arch_parse_array(arch_spec *a, const com_ynode *arr, arch_array *ar, com_err *e) {
  const com_ynode *n;
  int kind;
  memset(ar, 0, sizeof *ar);
  if (com_yexpect(arr, COM_Y_MAP, "array", e) || arch_parse_name(arr, "name", "array", ar->name, e))
    return -1;
  ar->loc = arch_own_loc(a, arr->loc);
  char ctx[ARCH_NAME_MAX + 16];
  snprintf(ctx, sizeof ctx, "array '%s'", ar->name);
  if (com_yrequire(arr, "kind", ctx, &n, e) || com_yenum(n, "array kind", array_kind_names, &kind, e))
    return -1;
  ar->kind = (arch_array_kind)kind;
  if (com_ycheck_keys(arr, ctx, ar->kind == ARCH_ARRAY_2D ? keys_2d : keys_1d, e) ||
      parse_shape(arr, ar, e) || parse_units(a, arr, ar, e))
    return -1;
  unsigned native = 0;
  for (int i = 0; i < ar->nunits; i++) native |= ar->units[i].ops;
  if (parse_exp_cost(arr, ar, native, e) || parse_array_ops(arr, ar, native, e) ||
      parse_attach(a, arr, ar, e))
    return -1;
  if ((n = com_yget(arr, "regfile"))) {
    char def[ARCH_NAME_MAX];
    snprintf(def, sizeof def, "%.40s_rf", ar->name);
    if (arch_parse_level(a, n, true, def, &ar->local, e)) return -1;
    if (arch_level_find(a, ar->local.name))
      return com_err_at(e, n->loc, "duplicate level name '%s'", ar->local.name);
    ar->local.mesh_x = ar->local.mesh_y = 1;
    ar->local.instances = ar->pes;
    arch_et_fill_level(a, &ar->local);
    ar->has_local = true;
  }
  return 0;
}
