/* format — the format registry; see format.h for the contract. */
#include "ops/format.h"

#include <pthread.h>
#include <string.h>

#define FMT_FLOAT(n, bits) {n, OPS_FMT_FLOAT, bits, 0, 0, bits}
#define FMT_INT(n, bits) {n, OPS_FMT_INT, bits, 0, 0, bits}
#define FMT_BLOCK(n, bits, blk, sbits) {n, OPS_FMT_BLOCK, bits, blk, sbits, bits + (double)(sbits) / (blk)}

static const ops_format formats[] = {
    FMT_FLOAT("fp32", 32),        FMT_FLOAT("fp16", 16),        FMT_FLOAT("bf16", 16),
    FMT_FLOAT("fp8_e4m3", 8),     FMT_FLOAT("fp8_e5m2", 8),     FMT_FLOAT("fp6_e2m3", 6),
    FMT_FLOAT("fp6_e3m2", 6),     FMT_FLOAT("fp4_e2m1", 4),     FMT_FLOAT("e8m0", 8),
    FMT_INT("int2", 2),           FMT_INT("int3", 3),           FMT_INT("int4", 4),
    FMT_INT("int5", 5),           FMT_INT("int6", 6),           FMT_INT("int7", 7),
    FMT_INT("int8", 8),           FMT_INT("int9", 9),           FMT_INT("int10", 10),
    FMT_INT("int11", 11),         FMT_INT("int12", 12),         FMT_INT("int13", 13),
    FMT_INT("int14", 14),         FMT_INT("int15", 15),         FMT_INT("int16", 16),
    FMT_INT("int32", 32),
    FMT_BLOCK("mxfp8_e4m3", 8, 32, 8), FMT_BLOCK("mxfp8_e5m2", 8, 32, 8),
    FMT_BLOCK("mxfp6_e2m3", 6, 32, 8), FMT_BLOCK("mxfp6_e3m2", 6, 32, 8),
    FMT_BLOCK("mxfp4_e2m1", 4, 32, 8), FMT_BLOCK("mxint8", 8, 32, 8),
    FMT_BLOCK("nvfp4", 4, 16, 8),      FMT_BLOCK("nf4", 4, 64, 32),
    FMT_BLOCK("bfp8", 8, 32, 8),       FMT_BLOCK("olive4", 4, 2, 0),
};

#define FORMAT_COUNT (sizeof formats / sizeof formats[0])

const ops_format *ops_format_find(const char *name) {
  for (size_t i = 0; i < FORMAT_COUNT; i++)
    if (strcmp(formats[i].name, name) == 0) return &formats[i];
  return NULL;
}

static const char *format_name_list[FORMAT_COUNT + 1];
static pthread_once_t format_names_once = PTHREAD_ONCE_INIT;

static void format_names_fill(void) {
  for (size_t i = 0; i < FORMAT_COUNT; i++) format_name_list[i] = formats[i].name;
}

const char *const *ops_format_names(void) {
  pthread_once(&format_names_once, format_names_fill);
  return format_name_list;
}

bool ops_format_bytes(const ops_format *f, unsigned long long n, unsigned long long *bytes) {
  unsigned long long bits, scale_bits = 0;
  if (__builtin_mul_overflow(n, (unsigned long long)f->elem_bits, &bits)) return false;
  if (f->block) {
    unsigned long long blocks = n / f->block + (n % f->block != 0);
    scale_bits = blocks * f->scale_bits;
  }
  if (__builtin_add_overflow(bits, scale_bits, &bits)) return false;
  *bytes = bits / 8 + (bits % 8 != 0);
  return true;
}
