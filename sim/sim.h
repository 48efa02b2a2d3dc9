/*
 * sim — the cycle-approximate simulator's C surface (docs/simulator.md).
 *
 * The mapper's mappings are lowered to tile programs (core/lower.h) and executed by SystemC
 * engines — DRAM, DMA (load and store queues), scratchpad, 2D array, 1D array, controller — one
 * SC_THREAD each, loosely timed (TLM-2.0 b_transport + tlm_quantumkeeper). Every einsum of every
 * op runs inside ONE elaboration, one after the other (unfused: intermediates through DRAM, as
 * the analytical model assumes); a fused attention op runs there as its step pipeline
 * (core/fuse_prog.h) in the controller against the DRAM model.
 *
 * One simulation per process: the SystemC kernel cannot be elaborated twice in a process, so
 * sim_run may be called once; a second call fails with COM_EFAIL. This flag, and SystemC's own
 * kernel state (simulation context, global quantum), are the only global mutable state.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "mapper/run.h"

typedef struct sim_config {
  bool ideal_memory;            /* DRAM infinite bandwidth, zero latency (SCALE-Sim default) */
  bool dram_layout;             /* tiles keep DRAM layout in the scratchpad (bank conflicts) */
  uint64_t quantum;             /* TLM global quantum in cycles (default 1000) */
  uint64_t dram_latency;        /* cycles (default 100) */
  uint64_t dram_channels;       /* 0: the DRAM level's banks */
  uint64_t burst_bytes;         /* 0: DRAM width_bits / 8 * 8 (BL8) */
  uint64_t dma_request_bytes;   /* 0: 4096 */
  uint64_t dma_outstanding;     /* requests in flight per DMA queue (default 8) */
  const char *trace_path;       /* Chrome/Perfetto trace file, or NULL (run-wide) */
  uint64_t trace_max;           /* slices written at most (0: 1,000,000) */
  const char *vcd_path;         /* Value Change Dump of engine busy signals, or NULL (run-wide) */
  uint64_t vcd_max;             /* busy intervals kept at most (0: 1,000,000; core/vcd.h) */
  map_dram_rows dram_rows;      /* open-page bank/row-buffer model; banks == 0: off */
} sim_config;

void sim_config_default(sim_config *c);

typedef struct sim_engine_stats {
  uint64_t busy, stall_in, stall_out, idle;
} sim_engine_stats;

enum { SIM_ENG_LOAD, SIM_ENG_STORE, SIM_ENG_ARRAY, SIM_ENG_COUNT };

/* Result of one einsum. The breakdown partitions `cycles`:
 * cycles = compute + bank + bubble + fill_drain + dma_stall. */
typedef struct sim_result {
  uint64_t cycles, analytical_cycles;
  uint64_t analytical_compute;   /* the model's compute cycles + fill/drain (ideal memory) */
  uint64_t analytical_fill_drain, analytical_dram_bytes;
  uint64_t compute, bank, bubble, fill_drain, dma_stall;
  uint64_t tiles, bursts;
  uint64_t dram_read_bytes, dram_write_bytes, dram_requests, spad_bytes;
  sim_engine_stats eng[SIM_ENG_COUNT];
  double dram_bw, dram_bw_peak;  /* achieved and peak bytes/cycle */
  double spad_bw;                /* achieved scratchpad bytes/cycle (DMA + array) */
  /* Energy (pJ): from the simulated action counts below; dram_energy_pj is their DRAM part. */
  double energy_pj, dram_energy_pj, analytical_energy_pj;
  /* Simulated action counts per target level and slot (elements, the model's conventions:
   * map_model.h) priced with the model's per-element energies (map_model_price), and the
   * points the array executed. energy_pj = sum of lv[].energy_pj + compute_pj. */
  map_lresult lv[MAP_MAX_LEVELS];
  int nlevels;
  uint64_t points;
  double compute_pj;
  uint64_t row_hits, row_misses; /* DRAM bank/row model (0 when off) */
  double utilization;            /* array busy (compute) / cycles; fused: the 2D array's busy */
  /* A fused attention op (sim/core/fuse_prog.h): eng[SIM_ENG_ARRAY] is the 2D array, eng1d the
   * 1D array; compute = cycles either array is busy, dma_stall = the rest, the other breakdown
   * terms 0; energy = the evaluator's with its DRAM part from the simulated bytes; nlevels 0. */
  bool fused;
  sim_engine_stats eng1d;
  double utilization_1d;         /* the 1D array's busy / cycles (fused) */
  double wall_s;                 /* host seconds the job took inside the kernel */
} sim_result;

typedef struct sim_job {
  const map_target *t;
  const map_mapping *m;
  const sim_config *cfg;         /* NULL: the run's configuration (quantum: always the run's) */
} sim_job;

typedef struct sim_stats {
  uint64_t cycles;               /* sum over jobs */
  double wall_s, cycles_per_s;
  uint64_t quantum;
} sim_stats;

/* Lowers and checks every job (errors name the einsum), then simulates them in order inside
 * one elaboration. out[i] receives job i's result. Once per process (see above). */
int sim_run(const sim_job *jobs, int n, const sim_config *c, sim_result *out, sim_stats *st,
            com_err *e);
/* Every einsum of ops runs[0..nops), in order; res receives one result per einsum in run order
 * (caller allocates the sum of runs[i].n entries). A fused op is an error (sim_run_ops_fused). */
int sim_run_ops(const map_op_run *runs, int nops, const sim_config *c, sim_result *res,
                sim_stats *st, com_err *e);
/* As sim_run_ops, and a fused attention op runs as its fused program (sim/core/fuse_prog.h)
 * on architecture a with its result in fres[op index] (nops entries; others untouched). Errors
 * name the op. */
int sim_run_ops_fused(const map_op_run *runs, int nops, const arch_spec *a, const sim_config *c,
                      sim_result *res, sim_result *fres, sim_stats *st, com_err *e);
/* True when sim_run already ran in this process. */
bool sim_ran(void);

#endif
