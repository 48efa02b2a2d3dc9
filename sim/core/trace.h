/*
 * trace — a Chrome/Perfetto trace (JSON "traceEvents", opens in ui.perfetto.dev) written while
 * the simulation runs: one track per engine, one complete slice ("ph": "X") per tile
 * operation, timestamps in microseconds of the architecture clock. Streamed: nothing is kept
 * in memory; after `max` slices further ones are counted and dropped (the file says how many).
 * One writer per file; not thread-safe (SystemC threads are coroutines on one host thread).
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stdint.h>
#include <stdio.h>

#include "common/err.h"

typedef struct sim_trace {
  FILE *f;
  uint64_t n, max, dropped;
  double us_per_cycle;
} sim_trace;

/* Opens path for writing and names the tracks (names[0..ntracks)). Returns 0, or -1 with a
 * file error. max 0 means 1,000,000 slices. */
int sim_trace_open(sim_trace *t, const char *path, uint64_t max, double clock_mhz,
                   const char *const *names, int ntracks, com_err *e);
/* One slice on track tid from cycle start for dur cycles; name is copied (escaped). */
void sim_trace_slice(sim_trace *t, int tid, const char *name, uint64_t start, uint64_t dur);
/* Closes the document; 0, or -1 when writing failed. NULL-safe when never opened. */
int sim_trace_close(sim_trace *t, com_err *e);

#endif
