/*
 * parse_level — reads one memory level (a chain level or an array's per-PE register file) and
 * checks it: kind, sizes, width, banks, bandwidth, keep/bypass, mesh. Energies and areas not
 * given are filled later from the table (arch_et_fill_level). Contract in parse.h.
 */
#include <stdio.h>
#include <string.h>

#include "arch/parse.h"
#include "common/num.h"

static const char *const level_keys[] = {
    "name", "kind", "dram_kind", "size", "width_bits", "banks", "read_bw", "write_bw",
    "bandwidth_gbps", "bandwidth_gibps", "read_energy_pj", "write_energy_pj", "area_um2", "keep",
    "bypass", "mesh_x", "mesh_y", "multicast", "spatial_reduction", NULL};
static const char *const local_keys[] = {
    "name", "kind", "size", "width_bits", "banks", "read_bw", "write_bw", "read_energy_pj",
    "write_energy_pj", "area_um2", "keep", "bypass", NULL};
static const char *const kind_names[] = {"dram", "sram", "regfile", NULL};
static const char *const dram_kind_names[] = {"lpddr4", "hbm", "ddr3", NULL};
static const char *const keep_names[] = {"inputs", "weights", "outputs", "all", NULL};

#define LEVEL_MAX_WIDTH ((uint64_t)1 << 20)

static int level_u64(const com_ynode *map, const char *key, uint64_t min, uint64_t max,
                     uint64_t def, uint64_t *out, com_err *e) {
  const com_ynode *n = com_yget(map, key);
  *out = def;
  return n ? com_yu64(n, key, min, max, out, e) : 0;
}

static int level_bool(const com_ynode *map, const char *key, bool def, bool *out, com_err *e) {
  const com_ynode *n = com_yget(map, key);
  *out = def;
  return n ? com_ybool(n, key, out, e) : 0;
}

/* keep: or bypass: (not both) into l->keep; default all. */
static int level_keep(const com_ynode *map, arch_level *l, com_err *e) {
  const com_ynode *keep = com_yget(map, "keep"), *bypass = com_yget(map, "bypass");
  unsigned words = 0;
  l->keep = ARCH_KEEP_ALL;
  if (keep && bypass)
    return com_err_at(e, bypass->loc, "give either 'keep' or 'bypass' for level '%s', not both",
                      l->name);
  const com_ynode *n = keep ? keep : bypass;
  if (!n) return 0;
  if (arch_parse_word_set(n, keep ? "keep" : "bypass", "tensor class", keep_names, &words, e))
    return -1;
  unsigned mask = (words & 8u) ? ARCH_KEEP_ALL : (words & ARCH_KEEP_ALL);
  l->keep = keep ? mask : (ARCH_KEEP_ALL & ~mask);
  if (l->keep == 0)
    return com_err_at(e, n->loc, "level '%s' holds no tensor class: %s", l->name,
                      keep ? "'keep' names none" : "'bypass' removes inputs, weights and outputs");
  return 0;
}

/* Bandwidth in bytes/cycle: GB/s, GiB/s, read_bw/write_bw, or one access per bank per cycle. */
static int level_bandwidth(const arch_spec *a, const com_ynode *map, arch_level *l, com_err *e) {
  double gbps = 0, gibps = 0, rd = 0, wr = 0;
  bool has_gbps, has_gibps, has_rd, has_wr;
  if (arch_parse_positive(map, "bandwidth_gbps", &gbps, &has_gbps, e) ||
      arch_parse_positive(map, "bandwidth_gibps", &gibps, &has_gibps, e) ||
      arch_parse_positive(map, "read_bw", &rd, &has_rd, e) ||
      arch_parse_positive(map, "write_bw", &wr, &has_wr, e))
    return -1;
  int given = (int)has_gbps + (int)has_gibps + ((has_rd || has_wr) ? 1 : 0);
  if (given > 1) {
    const com_ynode *second = has_gibps && has_gbps ? com_yget(map, "bandwidth_gibps")
                              : com_yget(map, has_rd ? "read_bw" : "write_bw");
    return com_err_at(e, second->loc,
                      "give one of 'bandwidth_gbps', 'bandwidth_gibps' or 'read_bw'/'write_bw' "
                      "for level '%s'", l->name);
  }
  if (has_gbps || has_gibps) {
    l->bandwidth_gbps = has_gbps ? gbps : gibps * 1073741824.0 / 1e9;
    l->read_bw = l->write_bw = l->bandwidth_gbps * 1e9 / (a->clock_mhz * 1e6);
    l->bw_shared = true;
    return 0;
  }
  if (has_rd || has_wr) {
    l->read_bw = has_rd ? rd : wr;
    l->write_bw = has_wr ? wr : rd;
    return 0;
  }
  if (l->kind == ARCH_LEVEL_DRAM)
    return com_err_at(e, l->loc,
                      "DRAM level '%s' needs a bandwidth: give 'bandwidth_gbps', "
                      "'bandwidth_gibps' or 'read_bw'", l->name);
  l->read_bw = l->write_bw = (double)l->width_bits / 8.0 * (double)l->banks;
  return 0;
}

/* size, width, banks and their consistency: one access per bank must fit in the size. */
static int level_geometry(const com_ynode *map, arch_level *l, com_err *e) {
  const com_ynode *size = com_yget(map, "size");
  if (level_u64(map, "width_bits", 1, LEVEL_MAX_WIDTH, 64, &l->width_bits, e) ||
      level_u64(map, "banks", 1, (uint64_t)1 << 20, 1, &l->banks, e))
    return -1;
  if (!size && l->kind != ARCH_LEVEL_DRAM)
    return com_err_at(e, map->loc, "missing required key 'size' in memory level '%s'", l->name);
  if (size && com_ybytes(size, "size", 0, &l->size_bytes, e)) return -1;
  if (size && l->size_bytes == 0 && l->kind != ARCH_LEVEL_DRAM)
    return com_err_at(e, size->loc, "'size' of level '%s' must be greater than 0", l->name);
  if (l->size_bytes == 0) return 0; /* unbounded DRAM */
  uint64_t row_bits = l->width_bits * l->banks; /* both <= 2^20: no overflow */
  uint64_t size_bits;
  if (!com_mul_u64(l->size_bytes, 8, &size_bits))
    return com_err_at(e, size->loc, "'size' is too large (got %s)", size->text);
  if (size_bits < row_bits)
    return com_err_at(e, size->loc,
                      "level '%s' is smaller (%llu bytes) than one %llu-bit access in each of "
                      "its %llu banks", l->name, (unsigned long long)l->size_bytes,
                      (unsigned long long)l->width_bits, (unsigned long long)l->banks);
  return 0;
}

static int level_fpga_brams(const arch_spec *a, arch_level *l) {
  l->brams = 0;
  if (a->target != ARCH_TARGET_FPGA || l->kind != ARCH_LEVEL_SRAM) return 0;
  uint64_t bank_bits = l->size_bytes / l->banks * 8; /* size_bits fit, checked above */
  uint64_t by_bits = (bank_bits + 36863) / 36864, by_width = (l->width_bits + 71) / 72;
  l->brams = (by_bits > by_width ? by_bits : by_width) * l->banks;
  return 0;
}

int arch_parse_level(arch_spec *a, const com_ynode *n, bool local, const char *default_name,
                     arch_level *l, com_err *e) {
  const char *what = local ? "register file" : "memory level";
  memset(l, 0, sizeof *l);
  if (com_yexpect(n, COM_Y_MAP, what, e)) return -1;
  l->loc = arch_own_loc(a, n->loc);
  if (local && !com_yget(n, "name")) {
    snprintf(l->name, sizeof l->name, "%s", default_name);
  } else if (arch_parse_name(n, "name", what, l->name, e)) {
    return -1;
  }
  char ctx[ARCH_NAME_MAX + 32];
  snprintf(ctx, sizeof ctx, "%s '%s'", what, l->name);
  if (com_ycheck_keys(n, ctx, local ? local_keys : level_keys, e)) return -1;
  l->kind = ARCH_LEVEL_REGFILE;
  const com_ynode *kind = com_yget(n, "kind");
  int k = ARCH_LEVEL_REGFILE;
  if (!local && com_yrequire(n, "kind", ctx, &kind, e)) return -1;
  if (kind && com_yenum(kind, "memory kind", kind_names, &k, e)) return -1;
  if (local && k == ARCH_LEVEL_DRAM)
    return com_err_at(e, kind->loc, "a register file inside an array cannot be DRAM");
  l->kind = (arch_level_kind)k;
  if (!local) {
    const com_ynode *dk = com_yget(n, "dram_kind");
    if (dk && l->kind != ARCH_LEVEL_DRAM)
      return com_err_at(e, dk->loc, "'dram_kind' applies only to DRAM levels ('%s' is %s)",
                        l->name, kind_names[k]);
    if (dk && com_yenum(dk, "DRAM kind", dram_kind_names, &k, e)) return -1;
    if (dk) l->dram_kind = (arch_dram_kind)k;
  }
  if (level_geometry(n, l, e) || level_bandwidth(a, n, l, e) || level_keep(n, l, e)) return -1;
  if (level_u64(n, "mesh_x", 1, (uint64_t)1 << 32, 1, &l->mesh_x, e) ||
      level_u64(n, "mesh_y", 1, (uint64_t)1 << 32, 1, &l->mesh_y, e) ||
      level_bool(n, "multicast", true, &l->multicast, e) ||
      level_bool(n, "spatial_reduction", false, &l->spatial_reduction, e))
    return -1;
  if (arch_parse_value(n, "read_energy_pj", 1e9, &l->read_energy_pj, e) ||
      arch_parse_value(n, "write_energy_pj", 1e9, &l->write_energy_pj, e) ||
      arch_parse_value(n, "area_um2", 1e15, &l->area_um2, e))
    return -1;
  const com_ynode *area = com_yget(n, "area_um2");
  if (area && l->kind == ARCH_LEVEL_DRAM)
    return com_err_at(e, area->loc, "'area_um2' does not apply to DRAM (off chip, not counted)");
  return level_fpga_brams(a, l);
}
