/* format — the format registry and parametric names; see format.h for the contract. */
#include "ops/format.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FMT_FLOAT(n, f) \
  {.name = n, .cls = OPS_FMT_FLOAT, .elem_bits = 0, .fp = f}
#define FMT_INT(n, bits) \
  {.name = n, .cls = OPS_FMT_INT, .elem_bits = bits, .bits_per_elem = bits}
#define FMT_BLOCK(n, bits, blk, sbits, kind) \
  {.name = n, .cls = OPS_FMT_BLOCK, .elem_bits = bits, .block = blk, .scale_bits = sbits, \
   .bits_per_elem = bits + (double)(sbits) / (blk), .block_kind = kind}

/* Minifloat instances as initializer lists (the named constants are not constant expressions). */
#define F_FP32 {8, 23, 127, OPS_SPECIALS_IEEE, false, false}
#define F_FP16 {5, 10, 15, OPS_SPECIALS_IEEE, false, false}
#define F_BF16 {8, 7, 127, OPS_SPECIALS_IEEE, false, false}
#define F_E4M3 {4, 3, 7, OPS_SPECIALS_FN, false, false}
#define F_E5M2 {5, 2, 15, OPS_SPECIALS_IEEE, false, false}
#define F_E2M3 {2, 3, 1, OPS_SPECIALS_NONE, false, false}
#define F_E3M2 {3, 2, 3, OPS_SPECIALS_NONE, false, false}
#define F_E2M1 {2, 1, 1, OPS_SPECIALS_NONE, false, false}
#define F_E8M0 {8, 0, 127, OPS_SPECIALS_FN, true, true}

static ops_format formats[] = {
    FMT_FLOAT("fp32", F_FP32),         FMT_FLOAT("fp16", F_FP16),
    FMT_FLOAT("bf16", F_BF16),         FMT_FLOAT("fp8_e4m3", F_E4M3),
    FMT_FLOAT("fp8_e5m2", F_E5M2),     FMT_FLOAT("fp6_e2m3", F_E2M3),
    FMT_FLOAT("fp6_e3m2", F_E3M2),     FMT_FLOAT("fp4_e2m1", F_E2M1),
    FMT_FLOAT("e8m0", F_E8M0),
    FMT_INT("int2", 2),   FMT_INT("int3", 3),   FMT_INT("int4", 4),   FMT_INT("int5", 5),
    FMT_INT("int6", 6),   FMT_INT("int7", 7),   FMT_INT("int8", 8),   FMT_INT("int9", 9),
    FMT_INT("int10", 10), FMT_INT("int11", 11), FMT_INT("int12", 12), FMT_INT("int13", 13),
    FMT_INT("int14", 14), FMT_INT("int15", 15), FMT_INT("int16", 16), FMT_INT("int32", 32),
    FMT_BLOCK("mxfp8_e4m3", 8, 32, 8, OPS_BLOCK_MX), FMT_BLOCK("mxfp8_e5m2", 8, 32, 8, OPS_BLOCK_MX),
    FMT_BLOCK("mxfp6_e2m3", 6, 32, 8, OPS_BLOCK_MX), FMT_BLOCK("mxfp6_e3m2", 6, 32, 8, OPS_BLOCK_MX),
    FMT_BLOCK("mxfp4_e2m1", 4, 32, 8, OPS_BLOCK_MX), FMT_BLOCK("mxint8", 8, 32, 8, OPS_BLOCK_MX),
    FMT_BLOCK("nvfp4", 4, 16, 8, OPS_BLOCK_NVFP4),   FMT_BLOCK("nf4", 4, 64, 32, OPS_BLOCK_NF4),
    FMT_BLOCK("bfp8", 8, 32, 8, OPS_BLOCK_BFP),      FMT_BLOCK("olive4", 4, 2, 0, OPS_BLOCK_OLIVE),
    FMT_BLOCK("olive4_flint", 4, 2, 0, OPS_BLOCK_OLIVE),
};

#define FORMAT_COUNT (sizeof formats / sizeof formats[0])

/* Fills what the table's macros cannot (element minifloats, float bit widths) once. The table
 * is read-only afterwards. */
static pthread_once_t format_table_once = PTHREAD_ONCE_INIT;
static const char *format_name_list[FORMAT_COUNT + 1];

static void format_table_fill(void) {
  static const struct { const char *name; ops_fmt_float fp; } elems[] = {
      {"mxfp8_e4m3", F_E4M3}, {"mxfp8_e5m2", F_E5M2}, {"mxfp6_e2m3", F_E2M3},
      {"mxfp6_e3m2", F_E3M2}, {"mxfp4_e2m1", F_E2M1}, {"nvfp4", F_E2M1}};
  for (size_t i = 0; i < FORMAT_COUNT; i++) {
    ops_format *f = &formats[i];
    format_name_list[i] = f->name;
    if (f->cls == OPS_FMT_FLOAT) f->elem_bits = ops_fmt_float_bits(&f->fp), f->bits_per_elem = f->elem_bits;
    if (!strcmp(f->name, "mxint8") || !strcmp(f->name, "bfp8")) f->int_elems = true;
    if (!strcmp(f->name, "olive4_flint")) f->olive = OPS_OLIVE_FLINT4;
    for (size_t k = 0; k < sizeof elems / sizeof elems[0]; k++)
      if (!strcmp(f->name, elems[k].name)) f->fp = elems[k].fp;
  }
}

/* Parses "eXmY[_fn|_nospec][_bN]" into *out (name not set); false when it is not one. */
static bool format_parse_minifloat(const char *s, ops_format *out) {
  unsigned e, m;
  int used = 0;
  if (sscanf(s, "e%um%u%n", &e, &m, &used) != 2 || strspn(s + 1, "0123456789m") + 1 < (size_t)used)
    return false;
  ops_fmt_float fp = {e, m, 0, OPS_SPECIALS_IEEE, false, false};
  if (e < 1 || e > 8) return false;
  fp.bias = (1 << (e - 1)) - 1;
  const char *p = s + used;
  if (!strncmp(p, "_fn", 3) && (p[3] == '\0' || p[3] == '_')) fp.specials = OPS_SPECIALS_FN, p += 3;
  else if (!strncmp(p, "_nospec", 7)) fp.specials = OPS_SPECIALS_NONE, p += 7;
  if (!strncmp(p, "_b", 2)) {
    char *end;
    long b = strtol(p + 2, &end, 10);
    if (end == p + 2 || *end != '\0' || b < -512 || b > 512) return false;
    fp.bias = (int)b, p = end;
  }
  if (*p != '\0' || ops_fmt_float_check(&fp, NULL) != 0) return false;
  *out = (ops_format){.cls = OPS_FMT_FLOAT, .fp = fp, .elem_bits = ops_fmt_float_bits(&fp)};
  out->bits_per_elem = out->elem_bits;
  return true;
}

/* Parses "bfpN[_gB]" into *out (name not set); false when it is not one. */
static bool format_parse_bfp(const char *s, ops_format *out) {
  unsigned bits, block = 32;
  int used = 0;
  if (sscanf(s, "bfp%u%n", &bits, &used) != 1 || strspn(s + 3, "0123456789") + 3 < (size_t)used)
    return false;
  const char *p = s + used;
  if (!strncmp(p, "_g", 2)) {
    int more = 0;
    if (sscanf(p, "_g%u%n", &block, &more) != 1 || strspn(p + 2, "0123456789") + 2 < (size_t)more)
      return false;
    p += more;
  }
  if (*p != '\0' || bits < 2 || bits > 16 || block < 1 || block > 4096) return false;
  *out = (ops_format){.cls = OPS_FMT_BLOCK, .elem_bits = bits, .block = block, .scale_bits = 8,
                      .bits_per_elem = bits + 8.0 / block, .block_kind = OPS_BLOCK_BFP,
                      .int_elems = true};
  return true;
}

/* The intern table of parametric formats: append-only, guarded by format_intern_lock. */
#define INTERN_MAX 512
static pthread_mutex_t format_intern_lock = PTHREAD_MUTEX_INITIALIZER;
static ops_format interned[INTERN_MAX];
static char interned_names[INTERN_MAX][40];
static size_t interned_count;

static const ops_format *format_intern(const char *name, const ops_format *parsed) {
  if (strlen(name) >= sizeof interned_names[0]) return NULL;
  const ops_format *found = NULL;
  pthread_mutex_lock(&format_intern_lock);
  for (size_t i = 0; i < interned_count && !found; i++)
    if (!strcmp(interned_names[i], name)) found = &interned[i];
  if (!found && interned_count < INTERN_MAX) {
    size_t i = interned_count;
    strcpy(interned_names[i], name);
    interned[i] = *parsed;
    interned[i].name = interned_names[i];
    found = &interned[i];
    interned_count = i + 1;
  }
  pthread_mutex_unlock(&format_intern_lock);
  return found;
}

const ops_format *ops_format_find(const char *name) {
  pthread_once(&format_table_once, format_table_fill);
  if (!name) return NULL;
  for (size_t i = 0; i < FORMAT_COUNT; i++)
    if (strcmp(formats[i].name, name) == 0) return &formats[i];
  ops_format parsed;
  if (format_parse_minifloat(name, &parsed) || format_parse_bfp(name, &parsed))
    return format_intern(name, &parsed);
  return NULL;
}

const char *const *ops_format_names(void) {
  pthread_once(&format_table_once, format_table_fill);
  return format_name_list;
}

bool ops_format_bytes(const ops_format *f, unsigned long long n, unsigned long long *bytes) {
  unsigned long long bits, scale_bits = 0;
  if (__builtin_mul_overflow(n, (unsigned long long)f->elem_bits, &bits)) return false;
  if (f->block) {
    unsigned long long blocks = n / f->block + (n % f->block != 0);
    if (__builtin_mul_overflow(blocks, (unsigned long long)f->scale_bits, &scale_bits))
      return false;
  }
  if (__builtin_add_overflow(bits, scale_bits, &bits)) return false;
  *bytes = bits / 8 + (bits % 8 != 0);
  return true;
}
