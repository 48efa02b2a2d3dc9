/*
 * mapping — how one einsum runs on an architecture (Timeloop style).
 *
 * A map_target is the storage chain an einsum sees: the arch's memory levels from DRAM (index 0)
 * down to the level its compute array is attached to, then the array's per-PE register file when
 * it has one. Level j fans out fx x fy instances of level j+1 (of the PEs below the last level).
 *
 * A map_mapping gives, for each target level j (outermost first):
 *   t[r]         temporal factor of rank r at level j (the loops over level j's tile),
 *   sx[r], sy[r] spatial factors of rank r over level j's X / Y fan-out,
 *   perm         the order of the temporal loops, innermost first (all ranks, a permutation),
 *   keep         tensor slots held at level j (bit s: slot s; slots 0 = in[0], 1 = in[1],
 *                2 = out); a tensor not kept bypasses the level.
 * Valid when the factors of every rank over all levels multiply exactly to its size, the spatial
 * products fit each fan-out, keep is within what the arch allows and DRAM keeps everything.
 *
 * Mapping files use Timeloop's directive vocabulary (docs/mapper.md):
 *   - {target: GLB, type: temporal, factors: "M=4 K=2", permutation: "KMN"}   (inner to outer)
 *   - {target: GLB, type: spatial, factors: "M=16 N=16", permutation: "MN", split: 1}
 *   - {target: GLB, type: bypass, keep: [A, Z], bypass: [B]}
 * Factors not written are 1, except DRAM's temporal factors, which default to what is left.
 * All functions are pure given their arguments and thread-safe on distinct outputs.
 */
#ifndef MAP_MAPPING_H
#define MAP_MAPPING_H

#include <stdint.h>
#include <stdio.h>

#include "arch/arch.h"
#include "common/ydoc.h"
#include "ops/ir.h"

#define MAP_MAX_LEVELS (ARCH_MAX_LEVELS + 1)
#define MAP_NT 3 /* tensor slots: in[0], in[1], out */

typedef struct map_tlevel {
  char name[ARCH_NAME_MAX];
  const arch_level *lv;     /* the arch level, or the array's local register file */
  uint64_t fx, fy;          /* fan-out to the next level inward (to the PEs for the last) */
  uint64_t instances;       /* copies in the machine */
  unsigned allow;           /* tensor slots the arch lets this level keep */
  double rd_pj[MAP_NT];     /* energy per element read, per slot (access energy x bits/width) */
  double wr_pj[MAP_NT];     /* energy per element written */
} map_tlevel;

typedef struct map_target {
  const arch_spec *arch;
  const ops_einsum *es;
  const arch_array *array;  /* the array computing this einsum */
  const arch_unit *unit;    /* its unit for the einsum's first operation (formats matched) */
  int nlevels, nranks, nslots; /* nslots: 2 (one input) or 3 */
  int slot_of_out;          /* index of the output slot (always 2) */
  map_tlevel lv[MAP_MAX_LEVELS];
  const ops_tensor *tensor[MAP_NT]; /* NULL for an absent second input */
  double bytes_elem[MAP_NT];
  unsigned relevant[MAP_NT];        /* ranks indexing each tensor (bit r) */
  double op_pj;             /* energy of one point on the array */
  uint64_t op_ii;           /* issue interval of one point on one PE, cycles */
  uint64_t depth;           /* pipeline depth of the array's unit */
  uint64_t pes;             /* PEs of the array */
  double clock_hz;
} map_target;

typedef struct map_level {
  uint64_t t[OPS_MAX_RANKS], sx[OPS_MAX_RANKS], sy[OPS_MAX_RANKS];
  int8_t perm[OPS_MAX_RANKS]; /* temporal loop order, innermost first */
  unsigned keep;
} map_level;

typedef struct map_mapping {
  int nlevels, nranks;
  map_level lv[MAP_MAX_LEVELS];
} map_mapping;

/* Builds the target of es on a: picks the array performing es's operations (a MAC array for
 * MAC einsums), its storage chain and per-element energies. -1 with an error when no array can
 * compute es or a level keeps no tensor of es. */
int map_target_init(const arch_spec *a, const ops_einsum *es, map_target *t, com_err *e);
/* The slot of a tensor name (case-insensitive), or -1. */
int map_target_slot(const map_target *t, const char *name);

/* Everything at DRAM: all temporal factors at level 0, natural order, keep = allow. */
void map_mapping_init(const map_target *t, map_mapping *m);
/* 0 when m is valid for t, else -1 with a sentence naming the level/rank at fault (COM_EINPUT). */
int map_mapping_check(const map_target *t, const map_mapping *m, com_err *e);
/* Reads a directive list (a YAML sequence) into m; located errors. The result is checked. */
int map_mapping_read(const map_target *t, const com_ynode *list, map_mapping *m, com_err *e);
/* Writes m as a YAML directive list, each line prefixed by indent. */
void map_mapping_write(FILE *f, const map_target *t, const map_mapping *m, const char *indent);
/* Writes one level's loops as "GLB: t[m4 k2] s[n16x m16y]" into buf (cap bytes). */
void map_mapping_level_text(const map_target *t, const map_mapping *m, int j, char *buf, size_t cap);

#endif
