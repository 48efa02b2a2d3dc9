/*
 * par — a deterministic parallel-for over pthreads: units 0..n-1 go to threads round-robin
 * (unit u to thread u % threads), so which thread computes a unit never changes its result.
 * When threads cannot be created, the calling thread runs every unit again, so fn must write
 * per-unit results only (idempotent units). Thread-safe.
 */
#ifndef GOLD_PAR_H
#define GOLD_PAR_H

#include <stdint.h>

#define GOLD_PAR_MAX_THREADS 256

/* fn(ctx, unit, tid) for every unit; tid < threads (clamped to 1..GOLD_PAR_MAX_THREADS). */
void gold_parallel_for(uint64_t n, unsigned threads, void (*fn)(void *ctx, uint64_t unit, unsigned tid),
                       void *ctx);

#endif
