/*
 * codec_driver — a tiny binary front end of the ops/ element codecs for cross-checks against
 * other libraries (check_ml_dtypes.py). Never used by users.
 *   numerics_codec encode FORMAT [--saturate] [--rounding MODE]  < fp32 LE  > uint32 LE codes
 *   numerics_codec decode FORMAT                                  < uint32 LE > fp64 LE values
 * encode goes through ops_fmt_encode_array (the RNE fast path included). Exit 0 ok, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops/format.h"

enum { CHUNK = 1 << 16 };

static int usage(void) {
  fprintf(stderr, "usage: numerics_codec encode|decode FORMAT [--saturate] [--rounding MODE]\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 3) return usage();
  const ops_format *f = ops_format_find(argv[2]);
  if (!f || f->cls != OPS_FMT_FLOAT) {
    fprintf(stderr, "numerics_codec: '%s' is not a minifloat format\n", argv[2]);
    return 2;
  }
  ops_fmt_opts o = ops_fmt_opts_default();
  for (int i = 3; i < argc; i++) {
    if (!strcmp(argv[i], "--saturate")) o.saturate = true;
    else if (!strcmp(argv[i], "--rounding") && i + 1 < argc) {
      if (!ops_rounding_parse(argv[++i], &o.rounding)) return usage();
    } else return usage();
  }
  static float x[CHUNK];
  static uint32_t codes[CHUNK];
  static double values[CHUNK];
  size_t n;
  uint64_t counter = 0;
  if (!strcmp(argv[1], "encode")) {
    while ((n = fread(x, sizeof x[0], CHUNK, stdin)) > 0) {
      ops_fmt_encode_array(&f->fp, x, n, &o, counter, codes);
      counter += n;
      if (fwrite(codes, sizeof codes[0], n, stdout) != n) return 1;
    }
  } else if (!strcmp(argv[1], "decode")) {
    while ((n = fread(codes, sizeof codes[0], CHUNK, stdin)) > 0) {
      for (size_t i = 0; i < n; i++) values[i] = ops_fmt_decode_f64(&f->fp, codes[i]);
      if (fwrite(values, sizeof values[0], n, stdout) != n) return 1;
    }
  } else {
    return usage();
  }
  return fflush(stdout) == 0 ? 0 : 1;
}
