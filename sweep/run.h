/*
 * run — drives a sweep: points in batches, each batch evaluated by a pool of pthreads (point i
 * of a batch goes to whichever thread takes it; its result lands in slot i, so the database
 * never depends on the thread count), then written in one transaction. Progress on a stream:
 * a redrawn bar when it is a terminal, plain lines every few seconds otherwise.
 *
 * Global mutable state: one flag, swp_interrupted, set by the SIGINT handler that
 * swp_signal_install installs; the driver checks it between batches, so Ctrl-C finishes the batch
 * in flight, commits it and returns with stats.interrupted set.
 */
#ifndef SWP_RUN_H
#define SWP_RUN_H

#include <signal.h>
#include <stdio.h>

#include "sweep/sweep.h"

extern volatile sig_atomic_t swp_interrupted;

/* Installs the SIGINT handler that sets swp_interrupted. */
void swp_signal_install(void);

typedef struct swp_run_opts {
  const char *db_path;   /* results database */
  int threads;           /* >= 1 */
  bool fresh;            /* --new: discard a database of another (or the same) sweep */
  uint64_t batch;        /* points per transaction; 0 = 64 per thread */
  FILE *progress;        /* NULL: quiet */
  bool tty;              /* progress is a terminal: draw a bar */
  int rank, size;        /* MPI: this rank and the number of ranks (0 and 1 without MPI) */
} swp_run_opts;

typedef struct swp_run_stats {
  uint64_t total, skipped;     /* points in the sweep; points already done before this run */
  uint64_t evaluated, pruned;  /* this run: points evaluated, points pruned by constraints */
  uint64_t failed;             /* rows with status failed (this run) */
  double seconds;              /* wall time of this run */
  bool interrupted;            /* stopped by SIGINT after a committed batch */
} swp_run_stats;

/* MPI (mpi.c; stubs when built without MPI). swp_mpi_init initializes MPI only when the process
 * was started by mpirun and gives this rank and the number of ranks (0, 1 otherwise); 0 or -1.
 * swp_mpi_bcast_u64 broadcasts from rank 0; swp_mpi_gather sends the metrics of this rank's
 * points of a batch (point p belongs to rank p mod size) to rank 0, which puts them in place. */
int swp_mpi_init(int *rank, int *size);
void swp_mpi_finalize(void);
int swp_mpi_bcast_u64(uint64_t *v, int size);
int swp_mpi_gather(swp_metrics *m, uint64_t first, uint64_t count, int nw, int rank, int size);
bool swp_mpi_available(void);

/* Runs (or resumes) sweep s into o->db_path. Under MPI every rank calls it; rank 0 owns the
 * database and the progress, the others evaluate their share of each batch. 0, or -1 with an error (database, out of memory);
 * failed points are results, not errors. */
int swp_run(const swp_spec *s, const swp_run_opts *o, swp_run_stats *st, com_err *e);

#endif
