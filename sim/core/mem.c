/*
 * mem — the DRAM channel model and the scratchpad bank-conflict arithmetic (see sim_core.h).
 * No allocation; state is the caller's.
 */
#include <string.h>

#include "sim/core/sim_core.h"

void sim_dram_init(sim_dram *d, uint64_t channels, double bw_total, uint64_t latency,
                   uint64_t burst_bytes, uint64_t interleave) {
  memset(d, 0, sizeof *d);
  if (channels < 1) channels = 1;
  if (channels > SIM_DRAM_MAX_CH) channels = SIM_DRAM_MAX_CH;
  d->channels = channels;
  d->bw = bw_total > 0 ? bw_total / (double)channels : 0;
  d->latency = latency;
  d->burst_bytes = burst_bytes ? burst_bytes : 1;
  d->interleave = interleave ? interleave : 4096;
}

void sim_dram_rows(sim_dram *d, uint64_t banks, uint64_t row_bytes, uint64_t row_hit,
                   uint64_t row_miss) {
  if (!banks || !row_bytes) return;
  d->banks = banks < SIM_DRAM_MAX_BANKS ? banks : SIM_DRAM_MAX_BANKS;
  d->row_bytes = row_bytes;
  d->row_hit = row_hit;
  d->row_miss = row_miss;
  memset(d->open_row, 0, sizeof d->open_row);
}

/* Row cycles of `bursts` bursts from addr: per row the request touches, its first burst hits
 * or misses, the others hit (the row stays open). O(rows touched). */
static uint64_t mem_rows(sim_dram *d, uint64_t addr, uint64_t bursts) {
  uint64_t cyc = 0, k = 0, B = d->burst_bytes;
  while (k < bursts) {
    uint64_t a = addr + k * B, row = a / d->row_bytes;
    uint64_t row_end = (row + 1) * d->row_bytes;
    uint64_t n = (row_end - addr + B - 1) / B - k; /* bursts starting in this row */
    if (n > bursts - k) n = bursts - k;
    uint64_t *open = &d->open_row[row % d->banks];
    uint64_t miss = *open != row + 1;
    *open = row + 1;
    d->row_misses += miss;
    d->row_hits += n - miss;
    cyc += miss * d->row_miss + (n - miss) * d->row_hit;
    k += n;
  }
  return cyc;
}

uint64_t sim_dram_access(sim_dram *d, uint64_t now, uint64_t addr, uint64_t bytes) {
  uint64_t bursts = (bytes + d->burst_bytes - 1) / d->burst_bytes;
  uint64_t moved = bursts * d->burst_bytes;
  d->bytes += bytes;
  d->requests++;
  if (d->bw <= 0) return now + d->latency;
  uint64_t ch = (addr / d->interleave) % d->channels;
  uint64_t start = d->free_at[ch] > now ? d->free_at[ch] : now;
  double x = (double)moved / d->bw;
  uint64_t xfer = (uint64_t)x;
  if ((double)xfer < x) xfer++;
  if (d->banks) xfer += mem_rows(d, addr, bursts);
  d->free_at[ch] = start + xfer;
  d->busy += xfer;
  return start + xfer + d->latency;
}

void sim_spad_vector(uint64_t banks, uint64_t word_bytes, uint64_t elem_bytes, uint64_t base_bank,
                     const uint64_t *off, uint64_t n, uint64_t *hist) {
  if (!banks) banks = 1;
  if (!word_bytes) word_bytes = 1;
  uint64_t last_word = UINT64_MAX;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t word = off[i] * elem_bytes / word_bytes;
    /* consecutive elements in one word share an access (offsets come in layout order) */
    if (word == last_word) continue;
    bool dup = false;
    for (uint64_t k = 0; k < i && !dup; k++) dup = off[k] * elem_bytes / word_bytes == word;
    last_word = word;
    if (!dup) hist[(word + base_bank) % banks]++;
  }
}

uint64_t sim_spad_cycles(const uint64_t *hist, uint64_t banks) {
  uint64_t m = 0;
  for (uint64_t b = 0; b < banks; b++)
    if (hist[b] > m) m = hist[b];
  return m;
}

static uint64_t mem_gcd(uint64_t a, uint64_t b) {
  while (b) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

uint64_t sim_spad_strided(uint64_t banks, uint64_t word_bytes, uint64_t elem_bytes, uint64_t n,
                          uint64_t stride) {
  if (!banks) banks = 1;
  uint64_t per_word = word_bytes >= elem_bytes ? word_bytes / elem_bytes : 1;
  if (!n) return 0;
  uint64_t words; /* distinct words touched, and their spacing in words */
  uint64_t wstride;
  if (stride * elem_bytes < word_bytes) { /* several elements per word: contiguous-ish words */
    uint64_t span = (n - 1) * stride + 1;
    words = (span + per_word - 1) / per_word;
    wstride = 1;
  } else {
    words = n;
    wstride = stride * elem_bytes / word_bytes;
  }
  uint64_t distinct_banks = banks / mem_gcd(wstride % banks ? wstride % banks : banks, banks);
  return (words + distinct_banks - 1) / distinct_banks;
}
