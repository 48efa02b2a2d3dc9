/*
 * vcd — a Value Change Dump (IEEE 1364 §18, opens in GTKWave) of the simulator's engine busy
 * signals: one 1-bit wire per engine, 1 while the engine is busy (the intervals its busy
 * counter sums). One time unit is one cycle of the architecture clock.
 *
 * Engines run temporally decoupled, so their intervals arrive out of time order: they are
 * kept (adjacent intervals of one wire merged) and written sorted when the dump is closed.
 * At most `max` intervals are kept; later ones are counted and dropped (the file's comment
 * says how many). One writer per file; not thread-safe.
 */
#ifndef SIM_VCD_H
#define SIM_VCD_H

#include <stdint.h>
#include <stdio.h>

#include "common/err.h"

#define SIM_VCD_MAX_WIRES 8

typedef struct sim_vcd_span {
  uint64_t t0, t1;
  int wire;
} sim_vcd_span;

typedef struct sim_vcd {
  FILE *f;
  const char *path;
  sim_vcd_span *span;
  uint64_t n, cap, max, dropped;
  int64_t last[SIM_VCD_MAX_WIRES];   /* index of each wire's latest span, -1: none */
  int nwires;
} sim_vcd;

/* Opens path for writing and writes the header: the wires names[0..nwires) (identifiers
 * without spaces, nwires <= SIM_VCD_MAX_WIRES). max 0 means 1,000,000 intervals. Returns 0,
 * or -1 with a file error. */
int sim_vcd_open(sim_vcd *v, const char *path, uint64_t max, double clock_mhz,
                 const char *const *names, int nwires, com_err *e);
/* Wire `wire` is busy over cycles [t0, t1) (empty spans are ignored). */
void sim_vcd_busy(sim_vcd *v, int wire, uint64_t t0, uint64_t t1);
/* Writes the value changes in time order and closes the file; 0, or -1 when writing or
 * allocating failed. NULL-safe when never opened. */
int sim_vcd_close(sim_vcd *v, com_err *e);

#endif
