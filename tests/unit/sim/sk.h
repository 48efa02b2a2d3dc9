/*
 * sk — builders shared by the simulator tests: a hand-written DRAM + SRAM + 2D-array
 * architecture (no YAML), an int8 GEMM einsum, and mappings set factor by factor.
 * Header-only, test use only.
 */
#ifndef SIM_SK_H
#define SIM_SK_H

#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "mapper/mapping.h"
#include "ops/einsum.h"

/* DRAM (bw bytes/cycle, `channels` banks, 64-bit width) + one SRAM (size, width bits, banks)
 * keeping everything + a rows x cols int8 MAC array attached to the SRAM (os, ws, is). */
static inline arch_spec *sk_arch(double dram_bw, uint64_t channels, uint64_t sram_size,
                                 uint64_t sram_width, uint64_t sram_banks, uint64_t rows,
                                 uint64_t cols) {
  arch_spec *a = calloc(1, sizeof *a);
  strcpy(a->name, "sk");
  a->clock_mhz = 1000;
  a->nlevels = 2;
  arch_level *d = &a->levels[0], *s = &a->levels[1];
  strcpy(d->name, "dram");
  d->kind = ARCH_LEVEL_DRAM;
  d->width_bits = 64;
  d->banks = channels;
  d->read_bw = d->write_bw = dram_bw;
  d->bw_shared = true;
  d->keep = ARCH_KEEP_ALL;
  d->mesh_x = d->mesh_y = 1;
  d->multicast = true;
  d->instances = 1;
  strcpy(s->name, "sram");
  s->kind = ARCH_LEVEL_SRAM;
  s->size_bytes = sram_size;
  s->width_bits = sram_width;
  s->banks = sram_banks;
  s->read_bw = s->write_bw = (double)(sram_width / 8 * sram_banks);
  s->keep = ARCH_KEEP_ALL;
  s->mesh_x = cols;
  s->mesh_y = rows;
  s->multicast = true;
  s->instances = 1;
  a->narrays = 1;
  arch_array *ar = &a->arrays[0];
  strcpy(ar->name, "pe");
  ar->kind = ARCH_ARRAY_2D;
  ar->rows = rows;
  ar->cols = cols;
  ar->pes = rows * cols;
  ar->dataflows = (1u << ARCH_DF_OS) | (1u << ARCH_DF_WS) | (1u << ARCH_DF_IS);
  ar->ops = 1u << ARCH_OP_MAC;
  ar->attach = 1;
  ar->nunits = 1;
  arch_unit *u = &ar->units[0];
  strcpy(u->name, "mac");
  u->ops = 1u << ARCH_OP_MAC;
  u->ninputs = 2;
  u->inputs[0] = u->inputs[1] = ops_format_find("int8");
  u->acc = ops_format_find("int32");
  u->energy_pj[ARCH_OP_MAC].v = 1;
  u->pipeline_depth = u->initiation_interval = 1;
  return a;
}

/* Z[m,n] += A[m,k] * B[k,n] in int8 (ranks m, n, k in that order). */
static inline int sk_gemm(ops_einsum *es, uint64_t m, uint64_t n, uint64_t k) {
  ops_rank_decl r[3] = {{"m", m, {0}}, {"n", n, {0}}, {"k", k, {0}}};
  com_err e = {0};
  com_loc loc = {"test", 1, 1};
  if (ops_einsum_parse("Z[m,n] += A[m,k] * B[k,n]", loc, r, 3, OPS_EINSUM_STRICT, es, &e)) return -1;
  const ops_format *f = ops_format_find("int8");
  for (int i = 0; i < es->ninputs; i++)
    if (ops_tensor_set_format(&es->in[i], f, loc, &e)) return -1;
  return ops_tensor_set_format(&es->out, f, loc, &e);
}

enum { SK_M, SK_N, SK_K };

/* A mapping with every factor 1 (caller sets them); perm innermost-first as given. */
static inline void sk_map(const map_target *t, map_mapping *m) {
  map_mapping_init(t, m);
  for (int j = 0; j < m->nlevels; j++)
    for (int r = 0; r < m->nranks; r++) m->lv[j].t[r] = m->lv[j].sx[r] = m->lv[j].sy[r] = 1;
}

static inline void sk_perm(map_mapping *m, int j, int a, int b, int c) {
  m->lv[j].perm[0] = (int8_t)a;
  m->lv[j].perm[1] = (int8_t)b;
  m->lv[j].perm[2] = (int8_t)c;
}

#endif
