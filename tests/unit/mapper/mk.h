/*
 * mk — builders shared by the mapper unit tests: a hand-written architecture (no YAML) and
 * einsums parsed from text with a format on every tensor. Header-only, test use only.
 */
#ifndef MAPPER_MK_H
#define MAPPER_MK_H

#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "ops/einsum.h"

/* Adds a level: size bytes (0 = unbounded), access width bits, read/write pJ per access,
 * bandwidth bytes/cycle (read = write, separate ports), keep mask, mesh. */
static inline arch_level *mk_level(arch_spec *a, const char *name, uint64_t size, uint64_t width,
                                   double rd, double wr, double bw, unsigned keep, uint64_t mx,
                                   uint64_t my) {
  arch_level *l = &a->levels[a->nlevels++];
  memset(l, 0, sizeof *l);
  strcpy(l->name, name);
  l->kind = a->nlevels == 1 ? ARCH_LEVEL_DRAM : ARCH_LEVEL_SRAM;
  l->size_bytes = size;
  l->width_bits = width;
  l->banks = 1;
  l->read_energy_pj.v = rd;
  l->write_energy_pj.v = wr;
  l->read_bw = l->write_bw = bw;
  l->keep = keep;
  l->mesh_x = mx;
  l->mesh_y = my;
  l->multicast = true;
  l->instances = 1;
  for (int i = 0; i + 1 < a->nlevels; i++) l->instances *= a->levels[i].mesh_x * a->levels[i].mesh_y;
  return l;
}

/* Adds a rows x cols MAC array attached to level `attach` (pJ per MAC, II, depth). */
static inline arch_array *mk_array(arch_spec *a, uint64_t rows, uint64_t cols, int attach,
                                   double pj, uint64_t ii, uint64_t depth) {
  arch_array *ar = &a->arrays[a->narrays++];
  memset(ar, 0, sizeof *ar);
  strcpy(ar->name, "pe");
  ar->kind = ARCH_ARRAY_2D;
  ar->rows = rows;
  ar->cols = cols;
  ar->pes = rows * cols;
  ar->dataflows = (1u << ARCH_DF_OS) | (1u << ARCH_DF_WS);
  ar->ops = 1u << ARCH_OP_MAC;
  ar->attach = attach;
  ar->nunits = 1;
  arch_unit *u = &ar->units[0];
  strcpy(u->name, "mac");
  u->ops = 1u << ARCH_OP_MAC;
  u->energy_pj[ARCH_OP_MAC].v = pj;
  u->initiation_interval = ii;
  u->pipeline_depth = depth;
  return ar;
}

static inline arch_spec *mk_arch(double clock_mhz) {
  arch_spec *a = calloc(1, sizeof *a);
  strcpy(a->name, "test");
  a->clock_mhz = clock_mhz;
  return a;
}

/* Parses expr over the given ranks and gives every tensor `fmt`. Returns 0 on success. */
static inline int mk_einsum(ops_einsum *es, const char *expr, const ops_rank_decl *ranks, int n,
                            const char *fmt) {
  com_err e = {0};
  com_loc loc = {"test", 1, 1};
  if (ops_einsum_parse(expr, loc, ranks, n, OPS_EINSUM_STRICT, es, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return -1;
  }
  const ops_format *f = ops_format_find(fmt);
  for (int i = 0; i < es->ninputs; i++)
    if (ops_tensor_set_format(&es->in[i], f, loc, &e)) return -1;
  return ops_tensor_set_format(&es->out, f, loc, &e);
}

#endif
