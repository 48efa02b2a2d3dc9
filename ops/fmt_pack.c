/* fmt_pack — bit packing of narrow codes; see fmt_pack.h. */
#include "ops/fmt_pack.h"

#include <string.h>

size_t ops_fmt_packed_bytes(size_t n, unsigned bits) { return (n * bits + 7) / 8; }

/* Bit position (0 = LSB of byte 0 in LSB-first order) of element i's bit b (b = 0 is its LSB). */
static size_t pack_bit_index(size_t i, unsigned b, unsigned bits, bool msb_first) {
  size_t pos = i * bits + b; /* LSB-first stream position */
  if (!msb_first) return pos;
  /* MSB-first: element i occupies stream bits [i*bits, i*bits+bits) counted from the MSB of
   * byte 0, its MSB first. */
  size_t from_msb = i * bits + (bits - 1 - b);
  return (from_msb / 8) * 8 + (7 - from_msb % 8);
}

void ops_fmt_pack(const uint32_t *codes, size_t n, unsigned bits, bool msb_first, uint8_t *out) {
  memset(out, 0, ops_fmt_packed_bytes(n, bits));
  for (size_t i = 0; i < n; i++)
    for (unsigned b = 0; b < bits; b++)
      if ((codes[i] >> b) & 1u) {
        size_t p = pack_bit_index(i, b, bits, msb_first);
        out[p / 8] |= (uint8_t)(1u << (p % 8));
      }
}

void ops_fmt_unpack(const uint8_t *in, size_t n, unsigned bits, bool msb_first, uint32_t *codes) {
  for (size_t i = 0; i < n; i++) {
    uint32_t c = 0;
    for (unsigned b = 0; b < bits; b++) {
      size_t p = pack_bit_index(i, b, bits, msb_first);
      c |= (uint32_t)((in[p / 8] >> (p % 8)) & 1u) << b;
    }
    codes[i] = c;
  }
}
