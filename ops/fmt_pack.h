/*
 * fmt_pack — packing of narrow codes (1..16 bits) into bytes. The default order puts element 0
 * in the least significant bits of byte 0 (OCP MX, Triton, torchao: FP4 element 0 in the low
 * nibble) and fills bytes LSB first; msb_first puts element 0 in the most significant bits
 * (bitsandbytes' high-nibble FP4/NF4 convention). Pure and thread-safe.
 */
#ifndef OPS_FMT_PACK_H
#define OPS_FMT_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes needed for n codes of `bits` bits: ceil(n * bits / 8). */
size_t ops_fmt_packed_bytes(size_t n, unsigned bits);
/* Packs n codes (only the low `bits` bits of each are used) into out (ops_fmt_packed_bytes
 * bytes; unused trailing bits are 0). */
void ops_fmt_pack(const uint32_t *codes, size_t n, unsigned bits, bool msb_first, uint8_t *out);
/* The inverse of ops_fmt_pack. */
void ops_fmt_unpack(const uint8_t *in, size_t n, unsigned bits, bool msb_first, uint32_t *codes);

#endif
