/*
 * fuse_int — what the fused attention evaluators share (mapper/fuse.c, fuse_flash.c,
 * fuse_tiles.c); not a public interface. Counts are unsigned __int128 until checked.
 */
#ifndef MAP_FUSE_INT_H
#define MAP_FUSE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "mapper/fuse.h"

typedef unsigned __int128 fuse_u128;

/* ceil(a / b), b > 0. */
static inline uint64_t fuse_cdiv(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }

/* Where an einsum point lives: per (m, p) score element, per (m1, p) key tile row, per query. */
typedef enum { PT_ELEM, PT_ROW, PT_QUERY, PT_COUNT } fuse_pt;

/* One einsum of a schedule: `n` operations `op` per point, preferably on array `pref`, in
 * pass `pass` over the keys (0 = the first; schedules with one traversal use only pass 0). */
typedef struct fuse_work {
  const char *einsum;
  fuse_pt pt;
  int pref;
  arch_op op;
  uint64_t n; /* 0: head_dim (E or F) */
  int pass;
} fuse_work;

/* The 1-pass cascade with the FuseMax binding (fuse.c). */
extern const fuse_work fuse_onepass_work[];
extern const int fuse_onepass_nwork;

/* Binds op to an array: ar[pref] first (natively or by a substitute operation), then, when
 * allow_other, ar[1 - pref] (which may be NULL). Fills the array index, cycles per operation on
 * one PE and energy per operation; false when neither can. */
bool fuse_bind(const arch_array *ar[2], int pref, bool allow_other, arch_op op, int *where,
               uint64_t *cyc, double *pj);

/* Per-word energy of a level: mean of read and write of one access, per word of word_bytes. */
double fuse_word_pj(const arch_level *l, uint64_t word_bytes);

/* The tiles one (batch, head) computes: P queries in query blocks of p1 (the last may be
 * short), each block in row tiles of T rows, against M keys in key tiles of C. Causal
 * (bottom-right aligned, as ops/build.c's points_effective: query i sees keys j <= i + M - P):
 * a row tile skips the key tiles entirely above the diagonal of its last query, and a partially
 * masked tile is computed whole; a query block reads the keys its last query needs, rounded up
 * to whole key tiles. Without a mask every tile is computed. */
typedef struct fuse_tiles {
  fuse_u128 elems;     /* score elements computed: rows x keys of each computed tile */
  fuse_u128 rows;      /* (key tile, query) pairs computed */
  fuse_u128 tiles;     /* (row tile, key tile) pairs computed: T x C tiles of a 2D array */
  fuse_u128 tile_keys; /* keys each row tile reads from the buffer, summed over row tiles */
  fuse_u128 kv_keys;   /* keys each query block reads from DRAM, summed over blocks */
  fuse_u128 steps;     /* (query block, key tile) pairs: the pipeline steps */
  uint64_t q_blocks, row_tiles;
} fuse_tiles;

/* Fills *t for the shape above; P, M, T, p1, C >= 1. -1 with an error when a causal mask
 * would need more than 2^24 row tiles to be counted (the count is exact, tile by tile). */
int fuse_tiles_count(uint64_t P, uint64_t M, uint64_t T, uint64_t p1, uint64_t C, bool causal,
                     fuse_tiles *t, com_err *e);

/* The lower bounds on the MAC work of s (fuse.h's bound_* fields): E + F MACs per (query, key)
 * pair a causal mask leaves visible (all pairs without one; bound_*_full: always all), over
 * every PE of a that can MAC. -1 when the counts overflow 64 bits. */
int fuse_mac_bound(const ops_attention_shape *s, const arch_spec *a, map_fuse_result *r,
                   com_err *e);

/* The `flash` schedule (fuse_flash.c; contract in fuse.h). */
int fuse_flash_eval(const ops_attention_shape *s, uint64_t word_bytes, const arch_spec *a,
                    map_fuse_result *r, com_err *e);

#endif
