/*
 * format — the registry of number formats by name: what a workload or architecture may name
 * and how many bits an element costs in storage (block scales amortized: mxfp8 = 8.25).
 * The codecs themselves (quantize/dequantize, rounding, block scaling) live beside this file.
 * Pure and thread-safe.
 */
#ifndef OPS_FORMAT_H
#define OPS_FORMAT_H

#include <stdbool.h>

typedef enum {
  OPS_FMT_FLOAT,  /* a minifloat ExMy (including fp32/fp16/bf16) */
  OPS_FMT_INT,    /* a two's complement integer */
  OPS_FMT_BLOCK   /* elements sharing a scale per block: MX, NVFP4, BFP, NF4, OliVe */
} ops_format_class;

typedef struct ops_format {
  const char *name;
  ops_format_class cls;
  unsigned elem_bits;     /* bits of one element code */
  unsigned block;         /* elements per shared scale; 0 when not a block format */
  unsigned scale_bits;    /* bits of the shared scale per block; 0 when none */
  double bits_per_elem;   /* storage cost: elem_bits + scale_bits / block */
} ops_format;

/* The format called name, or NULL when there is none. */
const ops_format *ops_format_find(const char *name);
/* All format names, NULL-terminated (for "did you mean" and `accel-sim formats`). */
const char *const *ops_format_names(void);
/* Storage bytes of n elements in format f, rounded up to whole bytes; false on overflow. */
bool ops_format_bytes(const ops_format *f, unsigned long long n, unsigned long long *bytes);

#endif
