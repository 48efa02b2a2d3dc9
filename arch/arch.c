/*
 * arch — loading an architecture (top-level keys, the memory chain, the arrays) and the small
 * queries of arch.h. Contracts in arch.h.
 */
#include "arch/arch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/energy_table.h"
#include "arch/parse.h"
#include "common/num.h"

static const char *const top_keys[] = {"name", "description", "target", "clock_mhz",
                                       "technology_nm", "memory", "compute", NULL};
static const char *const target_names[] = {"asic", "fpga", NULL};

static int arch_parse_top(arch_spec *a, const com_ynode *root, com_err *e) {
  const com_ynode *n;
  int target = 0;
  uint64_t node = 45;
  if (com_yexpect(root, COM_Y_MAP, "architecture", e) ||
      com_ycheck_keys(root, "the architecture", top_keys, e) ||
      arch_parse_name(root, "name", "the architecture", a->name, e))
    return -1;
  if ((n = com_yget(root, "description"))) {
    const char *d;
    if (com_ystr(n, "description", &d, e)) return -1;
    snprintf(a->description, sizeof a->description, "%s", d);
  }
  if ((n = com_yget(root, "target")) && com_yenum(n, "target", target_names, &target, e))
    return -1;
  a->target = (arch_target)target;
  if (com_yrequire(root, "clock_mhz", "the architecture", &n, e) ||
      com_yf64(n, "clock_mhz", 0, 1e6, &a->clock_mhz, e))
    return -1;
  if (a->clock_mhz <= 0)
    return com_err_at(e, n->loc, "'clock_mhz' must be greater than 0 (got %s)", n->text);
  if ((n = com_yget(root, "technology_nm")) && com_yu64(n, "technology_nm", 3, 180, &node, e))
    return -1;
  a->technology_nm = (unsigned)node;
  a->energy_scale = arch_et_energy_scale(a->technology_nm, 45);
  a->area_scale = arch_et_area_scale(a->technology_nm, 45);
  return 0;
}

/* Where a level's mesh is written (mesh_y, else mesh_x, else the level). */
static com_loc arch_mesh_loc(const com_ynode *level, com_loc fallback) {
  const com_ynode *n = com_yget(level, "mesh_y");
  if (!n) n = com_yget(level, "mesh_x");
  return n ? n->loc : fallback;
}

static int arch_parse_memory(arch_spec *a, const com_ynode *root, com_err *e) {
  const com_ynode *mem;
  if (com_yrequire(root, "memory", "the architecture", &mem, e) ||
      com_yexpect(mem, COM_Y_SEQ, "memory", e))
    return -1;
  if (mem->len == 0)
    return com_err_at(e, mem->loc, "'memory' must list at least one level, DRAM first");
  if (mem->len > ARCH_MAX_LEVELS)
    return com_err_at(e, mem->loc, "'memory' lists %zu levels, at most %d are supported",
                      mem->len, ARCH_MAX_LEVELS);
  uint64_t instances = 1;
  for (size_t i = 0; i < mem->len; i++) {
    arch_level *l = &a->levels[i];
    if (arch_parse_level(a, mem->items[i], false, NULL, l, e)) return -1;
    if (arch_level_find(a, l->name))
      return com_err_at(e, l->loc, "duplicate level name '%s'", l->name);
    if (i == 0 && l->kind != ARCH_LEVEL_DRAM)
      return com_err_at(e, l->loc, "the first memory level must be DRAM (kind: dram), '%s' is %s",
                        l->name, arch_level_kind_name(l->kind));
    if (i > 0 && l->kind == ARCH_LEVEL_DRAM)
      return com_err_at(e, l->loc, "only the first memory level may be DRAM, '%s' is a second one",
                        l->name);
    if (i > 0 && l->size_bytes == 0)
      return com_err_at(e, l->loc, "level '%s' needs a size", l->name);
    l->instances = instances;
    uint64_t total;
    if (l->size_bytes && !com_mul_u64(l->size_bytes, instances, &total))
      return com_err_at(e, l->loc, "level '%s' holds more than 2^64 bytes in total (%llu "
                        "instances)", l->name, (unsigned long long)instances);
    if (!com_mul_u64(instances, l->mesh_x, &instances) ||
        !com_mul_u64(instances, l->mesh_y, &instances))
      return com_err_at(e, arch_mesh_loc(mem->items[i], l->loc),
                        "the mesh below level '%s' has more than 2^64 instances", l->name);
    arch_et_fill_level(a, l);
    a->nlevels++;
  }
  return 0;
}

static int arch_parse_compute(arch_spec *a, const com_ynode *root, com_err *e) {
  const com_ynode *comp;
  if (com_yrequire(root, "compute", "the architecture", &comp, e) ||
      com_yexpect(comp, COM_Y_SEQ, "compute", e))
    return -1;
  if (comp->len == 0 || comp->len > ARCH_MAX_ARRAYS)
    return com_err_at(e, comp->loc, "'compute' must list 1 to %d arrays (got %zu)",
                      ARCH_MAX_ARRAYS, comp->len);
  for (size_t i = 0; i < comp->len; i++) {
    arch_array *ar = &a->arrays[i];
    if (arch_parse_array(a, comp->items[i], ar, e)) return -1;
    for (int j = 0; j < a->narrays; j++) {
      if (strcmp(a->arrays[j].name, ar->name) == 0)
        return com_err_at(e, ar->loc, "duplicate array name '%s'", ar->name);
      if (ar->has_local && a->arrays[j].has_local &&
          strcmp(a->arrays[j].local.name, ar->local.name) == 0)
        return com_err_at(e, ar->local.loc, "duplicate level name '%s'", ar->local.name);
    }
    a->narrays++;
  }
  uint64_t total = 0;
  for (int i = 0; i < a->narrays; i++)
    if (!com_add_u64(total, a->arrays[i].pes, &total))
      return com_err_at(e, comp->loc, "the arrays have more than 2^64 PEs in total");
  return 0;
}

int arch_load_node(const com_ynode *node, arch_spec **out, com_err *e) {
  arch_spec *a = calloc(1, sizeof *a);
  if (!a) return com_err_oom(e);
  a->path = "";
  if (node->loc.file && !(a->path = com_arena_strdup(&a->strings, node->loc.file))) {
    arch_free(a);
    return com_err_oom(e);
  }
  if (arch_parse_top(a, node, e) || arch_parse_memory(a, node, e) ||
      arch_parse_compute(a, node, e)) {
    arch_free(a);
    return -1;
  }
  *out = a;
  return 0;
}

int arch_load_file(const char *path, arch_spec **out, com_err *e) {
  com_ydoc *doc = NULL;
  if (com_ydoc_load_file(path, "base", &doc, e)) return -1;
  int st = arch_load_node(doc->root, out, e);
  if (st == 0) {
    const char *p = com_arena_strdup(&(*out)->strings, path);
    if (!p) {
      arch_free(*out);
      *out = NULL;
      st = com_err_oom(e);
    } else {
      (*out)->path = p;
    }
  }
  com_ydoc_free(doc);
  return st;
}

void arch_free(arch_spec *a) {
  if (!a) return;
  com_arena_free(&a->strings);
  free(a);
}

/* ---- queries ---- */

int arch_level_index(const arch_spec *a, const char *name) {
  for (int i = 0; i < a->nlevels; i++)
    if (strcmp(a->levels[i].name, name) == 0) return i;
  return -1;
}

const arch_level *arch_level_find(const arch_spec *a, const char *name) {
  int i = arch_level_index(a, name);
  return i < 0 ? NULL : &a->levels[i];
}

const arch_array *arch_array_find(const arch_spec *a, const char *name) {
  for (int i = 0; i < a->narrays; i++)
    if (strcmp(a->arrays[i].name, name) == 0) return &a->arrays[i];
  return NULL;
}

uint64_t arch_total_pes(const arch_spec *a) {
  uint64_t total = 0;
  for (int i = 0; i < a->narrays; i++) total += a->arrays[i].pes; /* checked when loaded */
  return total;
}

const arch_unit *arch_array_unit_for(const arch_array *ar, arch_op op) {
  for (int i = 0; i < ar->nunits; i++)
    if (ar->units[i].ops & (1u << op)) return &ar->units[i];
  return NULL;
}

const arch_unit *arch_array_unit_matching(const arch_array *ar, arch_op op, const ops_format *a,
                                          const ops_format *b) {
  for (int i = 0; i < ar->nunits; i++) {
    const arch_unit *u = &ar->units[i];
    if (!(u->ops & (1u << op))) continue;
    bool match_a = !a || u->inputs[0] == a;
    bool match_b = !b || (u->ninputs > 1 ? u->inputs[1] : u->inputs[0]) == b;
    if (match_a && match_b) return u;
  }
  return arch_array_unit_for(ar, op);
}

bool arch_array_op_energy(const arch_array *ar, arch_op op, double *pj) {
  const arch_unit *u = arch_array_unit_for(ar, op);
  if (u) { *pj = u->energy_pj[op].v; return true; }
  if (op != ARCH_OP_EXP || !ar->has_exp_cost) return false;
  double sum = 0;
  for (int k = 0; k < ARCH_OP_COUNT; k++) {
    if (!ar->exp_cost[k]) continue;
    const arch_unit *ku = arch_array_unit_for(ar, (arch_op)k);
    if (!ku) return false;
    sum += (double)ar->exp_cost[k] * ku->energy_pj[k].v;
  }
  *pj = sum;
  return true;
}

bool arch_array_op_interval(const arch_array *ar, arch_op op, uint64_t *cycles) {
  const arch_unit *u = arch_array_unit_for(ar, op);
  if (u) { *cycles = u->initiation_interval; return true; }
  if (op != ARCH_OP_EXP || !ar->has_exp_cost) return false;
  uint64_t sum = 0;
  for (int k = 0; k < ARCH_OP_COUNT; k++) {
    if (!ar->exp_cost[k]) continue;
    const arch_unit *ku = arch_array_unit_for(ar, (arch_op)k);
    if (!ku) return false;
    sum += ar->exp_cost[k] * ku->initiation_interval; /* both <= 2^20 */
  }
  *cycles = sum;
  return true;
}

double arch_total_area_um2(const arch_spec *a) {
  double area = 0;
  for (int i = 0; i < a->nlevels; i++)
    area += a->levels[i].area_um2.v * (double)a->levels[i].instances;
  for (int i = 0; i < a->narrays; i++) {
    const arch_array *ar = &a->arrays[i];
    if (ar->has_local) area += ar->local.area_um2.v * (double)ar->pes;
    for (int k = 0; k < ar->nunits; k++) area += ar->units[k].area_um2.v * (double)ar->pes;
  }
  return area;
}

void arch_fpga_totals(const arch_spec *a, arch_fpga_resources *r) {
  *r = (arch_fpga_resources){0, 0, 0, 0};
  for (int i = 0; i < a->nlevels; i++) r->brams += a->levels[i].brams * a->levels[i].instances;
  for (int i = 0; i < a->narrays; i++) {
    const arch_array *ar = &a->arrays[i];
    double pes = (double)ar->pes;
    if (ar->has_local) r->ffs += pes * 8.0 * (double)ar->local.size_bytes;
    for (int k = 0; k < ar->nunits; k++) {
      r->luts += pes * ar->units[k].luts.v;
      r->ffs += pes * ar->units[k].ffs.v;
      r->dsps += pes * ar->units[k].dsps.v;
    }
  }
}

/* ---- names ---- */

const char *arch_target_name(arch_target t) { return t == ARCH_TARGET_FPGA ? "fpga" : "asic"; }

const char *arch_level_kind_name(arch_level_kind k) {
  return k == ARCH_LEVEL_DRAM ? "dram" : k == ARCH_LEVEL_SRAM ? "sram" : "regfile";
}

const char *arch_dram_kind_name(arch_dram_kind k) {
  return k == ARCH_DRAM_HBM ? "hbm" : k == ARCH_DRAM_DDR3 ? "ddr3" : "lpddr4";
}

const char *arch_array_kind_name(arch_array_kind k) {
  return k == ARCH_ARRAY_1D ? "array1d" : "array2d";
}

const char *arch_dataflow_name(arch_dataflow d) {
  return d >= 0 && d < ARCH_DF_COUNT ? arch_dataflow_names[d] : "?";
}

const char *arch_op_name(arch_op op) {
  return op >= 0 && op < ARCH_OP_COUNT ? arch_op_names[op] : "?";
}

void arch_keep_text(unsigned keep, char *out, unsigned long cap) {
  static const char *const words[] = {"inputs", "weights", "outputs"};
  size_t used = 0;
  if (cap == 0) return;
  out[0] = '\0';
  for (int r = 0; r < 3; r++) {
    if (!(keep & (1u << r))) continue;
    int w = snprintf(out + used, cap - used, "%s%s", used ? ", " : "", words[r]);
    if (w < 0 || (size_t)w >= cap - used) return;
    used += (size_t)w;
  }
}
