/*
 * arch — what computes: the architecture model read from an arch YAML file (docs/arch-format.md).
 *
 * An architecture is
 *   - a clock, a technology node and a target (ASIC or FPGA);
 *   - an ordered chain of memory levels, levels[0] = DRAM (exactly one, always first), then
 *     inward (global buffer, scratchpads, register files). Level i fans out mesh_x x mesh_y
 *     instances of level i+1 per instance of level i (Timeloop style); `instances` is the
 *     resolved number of copies of a level in the whole machine;
 *   - compute arrays (2D PE arrays with dataflows, 1D vector arrays with lanes), each attached to
 *     the memory level that feeds its PEs directly (`attach`), optionally with a private register
 *     file per PE/lane (`local`), each carrying functional units (MAC, add, max, exp, div, ...)
 *     with formats, pipeline depth, initiation interval, energy and area.
 * Every energy/area number is an arch_value: the number plus a sentence saying where it came
 * from — the YAML (with file:line:col) or the built-in table (with the anchor and the
 * technology scaling factor applied; see arch/energy_table.h).
 *
 * Units: energies in pJ, areas in um^2, sizes in bytes, bandwidths in bytes/cycle (the GB/s a
 * user gave is kept too), clock in MHz.
 *
 * Ownership: an arch_spec is one heap object (plus its string arena) owned by the caller of
 * arch_load_*; free it with arch_free. Loading is re-entrant and thread-safe (no global state);
 * a loaded spec is read-only and may be shared between threads.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/err.h"
#include "common/ydoc.h"
#include "ops/format.h"
#include "ops/ir.h"

#define ARCH_NAME_MAX 48    /* names of the arch, levels, arrays, units (including the NUL) */
#define ARCH_SOURCE_MAX 192 /* provenance sentence of one value (including the NUL) */
#define ARCH_MAX_LEVELS 16  /* memory levels in the chain */
#define ARCH_MAX_ARRAYS 4   /* compute arrays */
#define ARCH_MAX_UNITS 8    /* functional units per array */
#define ARCH_MAX_INPUTS 3   /* input formats per unit */

typedef enum { ARCH_TARGET_ASIC, ARCH_TARGET_FPGA } arch_target;
typedef enum { ARCH_LEVEL_DRAM, ARCH_LEVEL_SRAM, ARCH_LEVEL_REGFILE } arch_level_kind;
/* DRAM technology, deciding the default pJ/bit of a DRAM level. */
typedef enum { ARCH_DRAM_LPDDR4, ARCH_DRAM_HBM, ARCH_DRAM_DDR3 } arch_dram_kind;
typedef enum { ARCH_ARRAY_2D, ARCH_ARRAY_1D } arch_array_kind;
/* Dataflows of a 2D array: output-, weight-, input-stationary. Bitmask: 1u << arch_dataflow. */
typedef enum { ARCH_DF_OS, ARCH_DF_WS, ARCH_DF_IS, ARCH_DF_COUNT } arch_dataflow;
/* Operations a unit performs. Bitmask: 1u << arch_op. */
typedef enum {
  ARCH_OP_MAC, ARCH_OP_ADD, ARCH_OP_MAX, ARCH_OP_EXP, ARCH_OP_DIV, ARCH_OP_SUB, ARCH_OP_MUL,
  ARCH_OP_COUNT
} arch_op;

/* Tensor classes a level may hold: bitmask over ops_role (1u << OPS_ROLE_INPUT, ...). */
#define ARCH_KEEP_ALL ((1u << OPS_ROLE_INPUT) | (1u << OPS_ROLE_WEIGHT) | (1u << OPS_ROLE_OUTPUT))

/* One number with its provenance. */
typedef struct arch_value {
  double v;
  bool given;                   /* written in the YAML (an override of the table) */
  char source[ARCH_SOURCE_MAX]; /* "arch.yaml:12:5" or "table: horowitz45 ... x0.489" */
} arch_value;

typedef struct arch_level {
  char name[ARCH_NAME_MAX];
  com_loc loc;                  /* where the level is written (file owned by the spec) */
  arch_level_kind kind;
  arch_dram_kind dram_kind;     /* DRAM only */
  uint64_t size_bytes;          /* per instance; 0 = unbounded (DRAM only) */
  uint64_t width_bits;          /* bits of one access (row/port width), >= 1 */
  uint64_t banks;               /* independent banks per instance, >= 1 */
  /* Bandwidth per instance in bytes/cycle. Given as read_bw/write_bw, or derived from
   * bandwidth_gbps (1e9 B/s) / bandwidth_gibps (2^30 B/s) and clock_mhz, or by default
   * width_bits/8 * banks for on-chip levels. */
  double read_bw, write_bw;
  bool bw_shared;               /* read and write share one port (true when given as GB/s) */
  double bandwidth_gbps;        /* as given by the user, in 1e9 B/s; 0 when not given */
  arch_value read_energy_pj;    /* per width_bits-wide access */
  arch_value write_energy_pj;   /* per width_bits-wide access */
  arch_value area_um2;          /* per instance; 0 for DRAM (off chip) */
  uint64_t brams;               /* FPGA target: BRAM36 blocks per instance; 0 otherwise */
  unsigned keep;                /* tensor classes held: bitmask over ops_role, never 0 */
  uint64_t mesh_x, mesh_y;      /* instances of the next inner level per instance of this one */
  bool multicast;               /* one read may feed every child in the mesh (default true) */
  bool spatial_reduction;       /* children's partial outputs reduced on the way up (default false) */
  uint64_t instances;           /* copies in the whole machine: product of outer meshes */
} arch_level;

typedef struct arch_unit {
  char name[ARCH_NAME_MAX];
  com_loc loc;
  unsigned ops;                       /* bitmask over arch_op, never 0 */
  int ninputs;                        /* 1..ARCH_MAX_INPUTS */
  const ops_format *inputs[ARCH_MAX_INPUTS]; /* operand formats (registry entries) */
  const ops_format *acc;              /* accumulator/result format; NULL = same as inputs[0] */
  uint64_t pipeline_depth;            /* cycles from operands to result, >= 1 (default 1) */
  uint64_t initiation_interval;       /* cycles between issues, >= 1 (default 1) */
  arch_value energy_pj[ARCH_OP_COUNT]; /* per operation; valid where ops has the bit */
  arch_value area_um2;                /* one instance of the unit */
  arch_value luts, ffs, dsps;         /* FPGA resources per instance (target fpga; else 0) */
} arch_unit;

typedef struct arch_array {
  char name[ARCH_NAME_MAX];
  com_loc loc;
  arch_array_kind kind;
  uint64_t rows, cols;          /* 2D: the PE grid; 1D: rows = 1, cols = lanes */
  uint64_t pes;                 /* rows * cols (2D) or lanes (1D) */
  unsigned dataflows;           /* 2D: bitmask over arch_dataflow, never 0; 1D: 0 */
  unsigned ops;                 /* operations the array offers (declared, or the units' union
                                   plus exp when exp_cost is given) */
  int attach;                   /* index of the memory level feeding the PEs */
  bool has_local;               /* a private register file per PE/lane */
  arch_level local;             /* valid when has_local; kind regfile or sram; instances = pes;
                                   mesh 1x1 */
  bool has_exp_cost;            /* exp emulated on other units (FuseMax: 6 mac + 1 add) */
  uint64_t exp_cost[ARCH_OP_COUNT]; /* operations per emulated exp */
  int nunits;
  arch_unit units[ARCH_MAX_UNITS]; /* one of each per PE/lane */
} arch_array;

typedef struct arch_spec {
  char name[ARCH_NAME_MAX];
  const char *path;             /* file it was loaded from (owned); "" when unknown */
  char description[256];
  arch_target target;
  double clock_mhz;             /* > 0 */
  unsigned technology_nm;       /* 3..180 (default 45) */
  double energy_scale;          /* factor applied to 45 nm table energies: node / 45 */
  double area_scale;            /* factor applied to 45 nm table areas: (node / 45)^2 */
  int nlevels;
  arch_level levels[ARCH_MAX_LEVELS]; /* levels[0] is DRAM */
  int narrays;
  arch_array arrays[ARCH_MAX_ARRAYS];
  com_arena strings;            /* file names referenced by loc fields */
} arch_spec;

/* Loads an architecture file. The file may extend another with `base: other.yaml` (a path
 * relative to it; mappings merge, lists are replaced). Returns 0 and a new spec in *out, or -1
 * with a located error (COM_EINPUT for bad input, COM_EFAIL for out of memory). */
int arch_load_file(const char *path, arch_spec **out, com_err *e);
/* Loads an architecture given as a mapping node (e.g. inline in a workload file; errors are
 * located in node->loc.file). `base` is not available inline. Same contract as above. */
int arch_load_node(const com_ynode *node, arch_spec **out, com_err *e);
/* Frees a spec; NULL is fine. */
void arch_free(arch_spec *a);

/* The level called name, or NULL. */
const arch_level *arch_level_find(const arch_spec *a, const char *name);
/* Index of the level called name, or -1. */
int arch_level_index(const arch_spec *a, const char *name);
/* The array called name, or NULL. */
const arch_array *arch_array_find(const arch_spec *a, const char *name);
/* Sum of PEs/lanes over all arrays. */
uint64_t arch_total_pes(const arch_spec *a);
/* The first unit of an array performing op natively, or NULL. */
const arch_unit *arch_array_unit_for(const arch_array *ar, arch_op op);
/* The unit of ar performing op natively whose input formats are a and b, else the first unit
 * performing op natively, else NULL. A MAC einsum on int8 data thus runs on an int8 MAC unit
 * when the array has one beside a minifloat one. */
const arch_unit *arch_array_unit_matching(const arch_array *ar, arch_op op, const ops_format *a,
                                          const ops_format *b);
/* Energy of one op on an array: the unit doing it natively, else (exp) the exp_cost
 * emulation. Returns false when the array cannot perform op. */
bool arch_array_op_energy(const arch_array *ar, arch_op op, double *pj);
/* Cycles between issues of op on one PE (initiation interval; for an emulated exp the sum of
 * the emulating ops' intervals). Returns false when the array cannot perform op. */
bool arch_array_op_interval(const arch_array *ar, arch_op op, uint64_t *cycles);
/* Total area in um^2: every level and local register file times its instances, every unit
 * times its array's PEs. DRAM counts 0. */
double arch_total_area_um2(const arch_spec *a);

/* FPGA resources of the whole design (target fpga): every unit times its array's PEs, register
 * files as flip-flops, buffers as BRAM36 blocks times their instances. See docs/fpga-cost.md. */
typedef struct arch_fpga_resources {
  double luts, ffs, dsps;
  uint64_t brams;
} arch_fpga_resources;
void arch_fpga_totals(const arch_spec *a, arch_fpga_resources *r);

/* Names for messages and reports. */
const char *arch_target_name(arch_target t);
const char *arch_level_kind_name(arch_level_kind k);
const char *arch_dram_kind_name(arch_dram_kind k);
const char *arch_array_kind_name(arch_array_kind k);
const char *arch_dataflow_name(arch_dataflow d);
const char *arch_op_name(arch_op op);
/* Writes the keep mask as words ("inputs, weights") into out (cap bytes). */
void arch_keep_text(unsigned keep, char *out, unsigned long cap);

#endif
