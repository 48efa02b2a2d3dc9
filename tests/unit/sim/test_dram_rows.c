/*
 * test_dram_rows — the open-page DRAM bank/row model of sim_dram, by hand. One channel of
 * 8 B/cycle, no latency, 64-byte bursts; rows of 1 KiB over 4 banks, a hit costs 1 cycle, a
 * miss 10:
 *   sequential 4 KiB from 0: 64 bursts over rows 0-3 (banks 0-3): 4 misses + 60 hits,
 *     4096/8 + 4x10 + 60x1 = 612 cycles
 *   the next 4 KiB: rows 4-7 replace rows 0-3 in the same banks: again 612 (done at 1224)
 *   the same 4 KiB again: its rows are open, 64 hits: 512 + 64 = 576 (done at 1800)
 *   a stride of 4 KiB (4 rows: always bank 0, a new row): 16 single-burst requests, each a
 *     miss: 16 x (8 + 10) = 288 (done at 2088)
 * Without the model the same traffic takes bytes / 8 only; an ideal DRAM counts nothing.
 */
#include "unit.h"

#include "sim/core/sim_core.h"

int main(void) {
  static sim_dram d;
  sim_dram_init(&d, 1, 8, 0, 64, 4096);
  sim_dram_rows(&d, 4, 1024, 1, 10);
  CHECK_U64(sim_dram_access(&d, 0, 0, 4096), 612);
  CHECK_U64(d.row_misses, 4);
  CHECK_U64(d.row_hits, 60);
  CHECK_U64(sim_dram_access(&d, 612, 4096, 4096), 1224);
  CHECK_U64(d.row_misses, 8);
  CHECK_U64(sim_dram_access(&d, 1224, 4096, 4096), 1800);
  CHECK_U64(d.row_misses, 8);
  CHECK_U64(d.row_hits, 184);
  uint64_t t = 1800;
  for (uint64_t i = 0; i < 16; i++) t = sim_dram_access(&d, t, i * 4096, 64);
  CHECK_U64(t, 2088);
  CHECK_U64(d.row_misses, 24);
  CHECK_U64(d.row_hits, 184);
  /* a request that starts mid-row: 1 KiB from 512 covers rows 0 (8 bursts) and 1 (8) */
  sim_dram_init(&d, 1, 8, 0, 64, 4096);
  sim_dram_rows(&d, 4, 1024, 1, 10);
  CHECK_U64(sim_dram_access(&d, 0, 512, 1024), 128 + 2 * 10 + 14);
  /* rows smaller than a burst: every burst opens a row */
  sim_dram_init(&d, 1, 8, 0, 64, 4096);
  sim_dram_rows(&d, 2, 32, 1, 10);
  CHECK_U64(sim_dram_access(&d, 0, 0, 256), 32 + 4 * 10);
  CHECK_U64(d.row_misses, 4);
  /* off: bandwidth only */
  sim_dram_init(&d, 1, 8, 0, 64, 4096);
  CHECK_U64(sim_dram_access(&d, 0, 0, 4096), 512);
  CHECK_U64(d.row_misses + d.row_hits, 0);
  /* ideal memory: no time, nothing counted */
  sim_dram_init(&d, 1, 0, 0, 64, 4096);
  sim_dram_rows(&d, 4, 1024, 1, 10);
  CHECK_U64(sim_dram_access(&d, 5, 0, 4096), 5);
  CHECK_U64(d.row_misses + d.row_hits, 0);
  UNIT_DONE();
}
