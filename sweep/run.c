/* run — the sweep driver: batches, thread pool, progress, SIGINT; see run.h. */
#include "sweep/run.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sweep/db.h"

volatile sig_atomic_t swp_interrupted = 0;

static void on_sigint(int sig) {
  (void)sig;
  swp_interrupted = 1;
}

void swp_signal_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One batch, shared by the workers. */
typedef struct batch {
  const swp_spec *s;
  uint64_t first, count;
  uint64_t rank, size;       /* MPI share: points p with p mod size == rank */
  atomic_uint_fast64_t next;
  bool *kept;
  swp_val *vals;
  swp_metrics *m;
} batch;

static void *worker(void *arg) {
  batch *b = arg;
  const swp_spec *s = b->s;
  for (;;) {
    uint64_t i = atomic_fetch_add(&b->next, 1);
    if (i >= b->count) break;
    swp_val *v = b->vals + i * (uint64_t)s->nparams;
    b->kept[i] = swp_point_values(s, b->first + i, v);
    if (!b->kept[i] || (b->first + i) % b->size != b->rank) continue;
    for (int w = 0; w < s->nworkloads; w++) swp_point_eval(s, w, v, &b->m[i * (uint64_t)s->nworkloads + (uint64_t)w]);
  }
  return NULL;
}

static void progress(const swp_run_opts *o, const swp_run_stats *st, uint64_t done, double t0, double *last, bool end) {
  if (!o->progress) return;
  double t = now_s();
  if (!end && !o->tty && t - *last < 2.0) return;
  *last = t;
  double rate = (double)(done - st->skipped) / (t - t0 > 1e-9 ? t - t0 : 1e-9);
  double eta = rate > 0 ? (double)(st->total - done) / rate : 0;
  double frac = st->total ? (double)done / (double)st->total : 1;
  if (o->tty) {
    char bar[31];
    int fill = (int)(frac * 30);
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '-';
    bar[30] = 0;
    fprintf(o->progress, "\r[%s] %llu/%llu points  %.1f points/s  ETA %.0f s ", bar, (unsigned long long)done,
            (unsigned long long)st->total, rate, eta);
    if (end) fputc('\n', o->progress);
  } else {
    fprintf(o->progress, "sweep: %llu/%llu points (%.0f%%), %.1f points/s, ETA %.0f s\n", (unsigned long long)done,
            (unsigned long long)st->total, frac * 100, rate, eta);
  }
  fflush(o->progress);
}

int swp_run(const swp_spec *s, const swp_run_opts *o, swp_run_stats *st, com_err *e) {
  memset(st, 0, sizeof *st);
  st->total = s->total;
  int size = o->size > 1 ? o->size : 1, rank0 = o->rank == 0;
  swp_db *db = NULL;
  uint64_t next = 0;
  bool complete = false;
  int rc = 0;
  if (rank0 && swp_db_open(o->db_path, s, o->fresh, &db, &next, &complete, e)) {
    rc = -1;
    next = UINT64_MAX;
  }
  if (swp_mpi_bcast_u64(&next, size) || next == UINT64_MAX) {
    if (rc == 0) com_err_plain(e, COM_EFAIL, "rank 0 could not open the results database");
    return -1;
  }
  st->skipped = next < s->total ? next : s->total;
  int threads = o->threads > 0 ? o->threads : 1;
  uint64_t bsize = o->batch ? o->batch : 64 * (uint64_t)threads * (uint64_t)size;
  batch b = {.s = s, .rank = (uint64_t)o->rank, .size = (uint64_t)size};
  b.kept = calloc(bsize, sizeof *b.kept);
  b.vals = calloc(bsize * (uint64_t)s->nparams, sizeof *b.vals);
  b.m = calloc(bsize * (uint64_t)s->nworkloads, sizeof *b.m);
  pthread_t *tid = calloc((size_t)threads, sizeof *tid);
  if (!b.kept || !b.vals || !b.m || !tid) rc = com_err_oom(e);
  double t0 = now_s(), last = t0;
  for (;;) {
    /* rank 0 decides whether another batch runs; every rank follows */
    uint64_t go = rc == 0 && next < s->total && !swp_interrupted;
    if (rank0 && rc == 0 && next < s->total && swp_interrupted) st->interrupted = true;
    if (swp_mpi_bcast_u64(&go, size)) { rc = -1; break; }
    if (!go) break;
    b.first = next;
    b.count = s->total - next < bsize ? s->total - next : bsize;
    atomic_store(&b.next, 0);
    int started = 0;
    for (; started < threads - 1; started++)
      if (pthread_create(&tid[started], NULL, worker, &b)) break;
    worker(&b); /* the calling thread works too */
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
    if (swp_mpi_gather(b.m, b.first, b.count, s->nworkloads, o->rank, size)) {
      rc = com_err_plain(e, COM_EFAIL, "MPI: gathering results failed");
      break;
    }
    if (rank0 && swp_db_write_batch(db, s, b.first, b.count, b.kept, b.vals, b.m, e)) rc = -1;
    for (uint64_t i = 0; i < b.count; i++) {
      if (!b.kept[i]) { st->pruned++; continue; }
      st->evaluated++;
      for (int w = 0; w < s->nworkloads; w++) st->failed += !b.m[i * (uint64_t)s->nworkloads + (uint64_t)w].ok;
    }
    next += b.count;
    if (rank0 && rc == 0) progress(o, st, next, t0, &last, false);
  }
  if (rc == 0 && rank0) progress(o, st, next, t0, &last, true);
  st->seconds = now_s() - t0;
  free(b.kept);
  free(b.vals);
  free(b.m);
  free(tid);
  swp_db_close(db);
  return rc;
}
