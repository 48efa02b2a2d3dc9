/* par — deterministic round-robin parallel-for; see par.h. */
#include "golden/par.h"

#include <pthread.h>

typedef struct par_worker {
  uint64_t n;
  unsigned threads, id;
  void (*fn)(void *, uint64_t, unsigned);
  void *ctx;
} par_worker;

static void *par_main(void *arg) {
  par_worker *w = arg;
  for (uint64_t u = w->id; u < w->n; u += w->threads) w->fn(w->ctx, u, w->id);
  return NULL;
}

void gold_parallel_for(uint64_t n, unsigned threads, void (*fn)(void *ctx, uint64_t unit, unsigned tid),
                       void *ctx) {
  if (threads < 1) threads = 1;
  if (threads > GOLD_PAR_MAX_THREADS) threads = GOLD_PAR_MAX_THREADS;
  if ((uint64_t)threads > n) threads = n ? (unsigned)n : 1;
  pthread_t th[GOLD_PAR_MAX_THREADS];
  par_worker w[GOLD_PAR_MAX_THREADS];
  unsigned started = 1;
  for (unsigned t = 0; t < threads; t++) w[t] = (par_worker){n, threads, t, fn, ctx};
  for (unsigned t = 1; t < threads; t++, started++)
    if (pthread_create(&th[t], NULL, par_main, &w[t]) != 0) break;
  if (started < threads) { /* redo every unit here: units are idempotent */
    for (unsigned t = 1; t < started; t++) pthread_join(th[t], NULL);
    par_worker one = {n, 1, 0, fn, ctx};
    par_main(&one);
    return;
  }
  par_main(&w[0]);
  for (unsigned t = 1; t < threads; t++) pthread_join(th[t], NULL);
}
