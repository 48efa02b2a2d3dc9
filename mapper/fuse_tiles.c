/* fuse_tiles — the tiles a fused attention schedule computes, with or without a causal mask
 * (see fuse_int.h). */
#include "mapper/fuse_int.h"

#include <string.h>

#define FUSE_MAX_CAUSAL_TILES ((uint64_t)1 << 24)


int fuse_tiles_count(uint64_t P, uint64_t M, uint64_t T, uint64_t p1, uint64_t C, bool causal,
                     fuse_tiles *t, com_err *e) {
  memset(t, 0, sizeof *t);
  uint64_t M1 = fuse_cdiv(M, C);
  t->q_blocks = fuse_cdiv(P, p1);
  t->row_tiles = (P / p1) * fuse_cdiv(p1, T) + (P % p1 ? fuse_cdiv(P % p1, T) : 0);
  if (!causal) {
    t->elems = (fuse_u128)P * M;
    t->rows = (fuse_u128)P * M1;
    t->tiles = (fuse_u128)t->row_tiles * M1;
    t->tile_keys = (fuse_u128)t->row_tiles * M;
    t->kv_keys = (fuse_u128)t->q_blocks * M;
    t->steps = (fuse_u128)t->q_blocks * M1;
    return 0;
  }
  if (t->row_tiles > FUSE_MAX_CAUSAL_TILES)
    return com_err_plain(e, COM_EINPUT,
                         "a causal mask over %llu query row tiles is more than the fused model "
                         "counts (%llu)", (unsigned long long)t->row_tiles,
                         (unsigned long long)FUSE_MAX_CAUSAL_TILES);
  for (uint64_t b = 0; b < t->q_blocks; b++) {
    uint64_t start = b * p1, len = P - start < p1 ? P - start : p1;
    uint64_t kt = 0, keys = 0;
    for (uint64_t k = 0; k * T < len; k++) {
      uint64_t rows = len - k * T < T ? len - k * T : T, hi = start + k * T + rows;
      /* the tile's last query (hi - 1) sees keys 0 .. hi - 1 + M - P */
      uint64_t vis = hi + M > P ? hi + M - P : 0;
      if (vis > M) vis = M;
      kt = fuse_cdiv(vis, C);
      keys = kt * C < M ? kt * C : M;
      t->elems += (fuse_u128)rows * keys;
      t->rows += (fuse_u128)rows * kt;
      t->tiles += kt;
      t->tile_keys += keys;
    }
    t->kv_keys += keys; /* the block's last tile needs the most keys */
    t->steps += kt;
  }
  return 0;
}
