/*
 * num — overflow-checked 64-bit arithmetic on sizes and counts, and strict parsing of numbers
 * written by users. Every product of user-given sizes goes through com_mul_u64.
 * All functions are pure and thread-safe.
 */
#ifndef COM_NUM_H
#define COM_NUM_H

#include <stdbool.h>
#include <stdint.h>

/* *out = a * b; returns false (and leaves *out unspecified) on 64-bit overflow. */
static inline bool com_mul_u64(uint64_t a, uint64_t b, uint64_t *out) {
  return !__builtin_mul_overflow(a, b, out);
}
/* *out = a + b; returns false on 64-bit overflow. */
static inline bool com_add_u64(uint64_t a, uint64_t b, uint64_t *out) {
  return !__builtin_add_overflow(a, b, out);
}

typedef enum {
  COM_NUM_OK = 0,
  COM_NUM_EMPTY,       /* nothing to parse */
  COM_NUM_SYNTAX,      /* not a number at all */
  COM_NUM_NEGATIVE,    /* a minus sign where only non-negative integers are allowed */
  COM_NUM_FRACTION,    /* a valid number that is not an integer (1.5, 1e-3) */
  COM_NUM_RANGE        /* does not fit in 64 bits */
} com_num_status;

/* Parses a non-negative decimal integer ("4096", "1_000_000", "1e6" when integral).
 * Leading/trailing blanks are not allowed. */
com_num_status com_parse_u64(const char *s, uint64_t *out);
/* Parses a finite decimal or hex float ("0.5", "-1e-3", "0x1.8p3"); rejects inf/nan text. */
com_num_status com_parse_f64(const char *s, double *out);
/* Parses a byte size: an integer optionally followed by a unit B, KB, KiB, MB, MiB, GB, GiB,
 * TB, TiB (case-insensitive, optional space). KB/MB/GB/TB are binary (1024-based) like the
 * memory sizes in hardware data sheets; say so in the docs. */
com_num_status com_parse_bytes(const char *s, uint64_t *out);
/* A human sentence for a status ("is not an integer", ...). */
const char *com_num_status_text(com_num_status st);

#endif
