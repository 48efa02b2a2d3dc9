/* test_fmt_float — minifloat codecs: exhaustive decode tables of every <= 8-bit format against
 * the reference's properties, round trips, the reference's rounding thresholds, rounding modes,
 * the RNE fast path against the exact encoder, and parametric names. */
#include <stdlib.h>

#include "ops/format.h"
#include "unit.h"

static ops_fmt_opts opts(ops_rounding r, bool sat) {
  ops_fmt_opts o = ops_fmt_opts_default();
  o.rounding = r, o.saturate = sat;
  return o;
}

static uint32_t enc(const ops_fmt_float *f, double x, ops_rounding r, bool sat) {
  ops_fmt_opts o = opts(r, sat);
  return ops_fmt_encode_f64(f, x, &o, 0);
}

/* The properties table of the reference: max finite, min normal, min subnormal, NaN and Inf
 * code counts over the whole code space. */
static void check_table(const char *name, double max, double min_normal, double min_sub,
                        unsigned nans, unsigned infs) {
  const ops_format *fmt = ops_format_find(name);
  CHECK(fmt != NULL);
  if (!fmt) return;
  const ops_fmt_float *f = &fmt->fp;
  unsigned bits = ops_fmt_float_bits(f), n_nan = 0, n_inf = 0;
  double vmax = 0, vmin_pos = INFINITY;
  for (uint32_t c = 0; c < (1u << bits); c++) {
    double v = ops_fmt_decode_f64(f, c);
    if (isnan(v)) { n_nan++; CHECK(ops_fmt_is_nan(f, c)); continue; }
    if (isinf(v)) { n_inf++; continue; }
    if (fabs(v) > vmax) vmax = fabs(v);
    if (v > 0 && v < vmin_pos) vmin_pos = v;
    /* round trip: decode(encode(decode(c))) == c for every non-NaN code, all modes */
    for (int r = OPS_ROUND_RNE; r <= OPS_ROUND_DOWN; r++)
      if (enc(f, v, (ops_rounding)r, false) != c) {
        fprintf(stderr, "%s: code 0x%X (%g) round trip fails under %s\n", name, c, v,
                ops_rounding_name((ops_rounding)r));
        unit_failed++;
      }
  }
  CHECK(vmax == max);
  CHECK(vmax == ops_fmt_float_max(f));
  CHECK(vmin_pos == min_sub);
  CHECK(ops_fmt_float_min_normal(f) == min_normal);
  CHECK(ops_fmt_float_min_subnormal(f) == min_sub);
  CHECK_U64(n_nan, nans);
  CHECK_U64(n_inf, infs);
}

static void test_tables(void) {
  check_table("fp8_e4m3", 448, 0x1p-6, 0x1p-9, 2, 0);
  check_table("fp8_e5m2", 57344, 0x1p-14, 0x1p-16, 6, 2);
  check_table("fp6_e2m3", 7.5, 1, 0.125, 0, 0);
  check_table("fp6_e3m2", 28, 0.25, 0.0625, 0, 0);
  check_table("fp4_e2m1", 6, 1, 0.5, 0, 0);
  check_table("e8m0", 0x1p127, 0x1p-127, 0x1p-127, 1, 0);
  check_table("fp16", 65504, 0x1p-14, 0x1p-24, 2046, 2);
  check_table("bf16", 0x1.FEp127, 0x1p-126, 0x1p-133, 254, 2);
  /* FP4 values 0 .5 1 1.5 2 3 4 6 and code positions of the specials */
  static const double e2m1[8] = {0, .5, 1, 1.5, 2, 3, 4, 6};
  for (uint32_t c = 0; c < 8; c++) {
    CHECK(ops_fmt_decode_f64(&OPS_FP4_E2M1, c) == e2m1[c]);
    CHECK(ops_fmt_decode_f64(&OPS_FP4_E2M1, c | 8) == -e2m1[c]);
  }
  CHECK(ops_fmt_decode_f64(&OPS_FP8_E4M3, 0x7E) == 448);
  CHECK(ops_fmt_decode_f64(&OPS_FP8_E5M2, 0x7B) == 57344);
  CHECK(isinf(ops_fmt_decode_f64(&OPS_FP8_E5M2, 0x7C)));
  CHECK(isnan(ops_fmt_decode_f64(&OPS_E8M0, 0xFF)));
  CHECK(ops_fmt_decode_f64(&OPS_E8M0, 0x7F) == 1.0);
}

static void test_thresholds(void) {
  const ops_fmt_float *e4 = &OPS_FP8_E4M3, *e5 = &OPS_FP8_E5M2, *e2 = &OPS_FP4_E2M1;
  CHECK_U64(enc(e4, 464, OPS_ROUND_RNE, false), 0x7E);
  CHECK_U64(enc(e4, nextafterf(464, 500), OPS_ROUND_RNE, false), 0x7F);
  CHECK_U64(enc(e4, nextafterf(464, 500), OPS_ROUND_RNE, true), 0x7E);
  CHECK_U64(enc(e4, -1e30, OPS_ROUND_RNE, false), 0xFF);
  CHECK_U64(enc(e4, -INFINITY, OPS_ROUND_RNE, true), 0xFE);
  CHECK_U64(enc(e4, INFINITY, OPS_ROUND_RNE, false), 0x7F);
  CHECK_U64(enc(e5, 61440, OPS_ROUND_RNE, false), 0x7C);
  CHECK_U64(enc(e5, nextafterf(61440, 0), OPS_ROUND_RNE, false), 0x7B);
  CHECK_U64(enc(e5, 61440, OPS_ROUND_RNE, true), 0x7B);
  CHECK_U64(enc(e5, NAN, OPS_ROUND_RNE, false), 0x7E);
  CHECK_U64(enc(e5, -NAN, OPS_ROUND_RNE, true), 0xFE);
  CHECK_U64(enc(e2, 5.0, OPS_ROUND_RNE, false), 0x6);
  CHECK_U64(enc(e2, 0.25, OPS_ROUND_RNE, false), 0x0);
  CHECK_U64(enc(e2, nextafterf(0.25f, 1), OPS_ROUND_RNE, false), 0x1);
  CHECK_U64(enc(e2, 1e9, OPS_ROUND_RNE, false), 0x7); /* no specials: always saturates */
  CHECK_U64(enc(e2, -INFINITY, OPS_ROUND_RNE, false), 0xF);
  CHECK_U64(enc(e2, NAN, OPS_ROUND_RNE, false), 0x0);
  CHECK_U64(enc(e4, 0x1p-10, OPS_ROUND_RNE, false), 0x00);
  CHECK_U64(enc(e4, nextafterf(0x1p-10f, 1), OPS_ROUND_RNE, false), 0x01);
  CHECK_U64(enc(e5, 0x1p-17, OPS_ROUND_RNE, false), 0x00);
  CHECK_U64(enc(e5, nextafterf(0x1p-17f, 1), OPS_ROUND_RNE, false), 0x01);
  CHECK_U64(enc(e4, -0.0, OPS_ROUND_RNE, false), 0x80);
  /* ties-away (microxcaling) vs RNE: 400 -> 416 vs 384 */
  CHECK_U64(enc(e4, 400, OPS_ROUND_AWAY, false), 0x7D);
  CHECK_U64(enc(e4, 400, OPS_ROUND_RNE, false), 0x7C);
  CHECK_U64(enc(e4, 447, OPS_ROUND_RTZ, false), 0x7D);
  CHECK_U64(enc(e4, 1e6, OPS_ROUND_RTZ, false), 0x7E); /* IEEE: RTZ overflow -> max finite */
  CHECK_U64(enc(e4, 1e6, OPS_ROUND_AWAY, false), 0x7F);
  CHECK_U64(enc(e4, 385, OPS_ROUND_UP, false), 0x7D);
  CHECK_U64(enc(e4, -385, OPS_ROUND_UP, false), 0xFC);
  CHECK_U64(enc(e4, -385, OPS_ROUND_DOWN, false), 0xFD);
  /* E8M0: ties go up (the only significand digit is odd), zero/negative -> NaN (ml_dtypes) */
  CHECK_U64(enc(&OPS_E8M0, 3.0, OPS_ROUND_RNE, false), 0x81);
  CHECK_U64(enc(&OPS_E8M0, 0.0, OPS_ROUND_RNE, false), 0xFF);
  CHECK_U64(enc(&OPS_E8M0, -2.0, OPS_ROUND_RNE, false), 0xFF);
  CHECK_U64(enc(&OPS_E8M0, 0x1p-140, OPS_ROUND_RNE, false), 0x00);
  CHECK_U64(enc(&OPS_E8M0, 0x1p-127, OPS_ROUND_RNE, false), 0x00);
  CHECK_U64(enc(&OPS_E8M0, 0x1.8p127, OPS_ROUND_RNE, false), 0xFF);
  CHECK_U64(enc(&OPS_E8M0, 0x1.8p127, OPS_ROUND_RNE, true), 0xFE);
  /* flush-to-zero */
  ops_fmt_opts o = ops_fmt_opts_default();
  o.flush_subnormals = true;
  CHECK_U64(ops_fmt_encode(e4, 0x1p-8f, &o, 0), 0x00);
  CHECK_U64(ops_fmt_encode(e4, -0x1p-8f, &o, 0), 0x80);
  CHECK_U64(ops_fmt_encode(e4, 0x1p-6f, &o, 0), 0x08);
  o.nan_policy = OPS_NAN_TO_MAX;
  CHECK_U64(ops_fmt_encode(e2, NAN, &o, 0), 0x7);
}

static void test_stochastic(void) {
  ops_fmt_opts o = opts(OPS_ROUND_STOCHASTIC, false);
  o.seed = 42;
  /* 1.0625 lies 1/4 of the way from 1.0 (0x38) to 1.125 (0x39) in E4M3 */
  unsigned up = 0, n = 100000;
  for (unsigned i = 0; i < n; i++) {
    uint32_t c = ops_fmt_encode(&OPS_FP8_E4M3, 1.03125f, &o, i);
    CHECK(c == 0x38 || c == 0x39);
    up += c == 0x39;
    if (ops_fmt_encode(&OPS_FP8_E4M3, 1.03125f, &o, i) != c) unit_failed++; /* reproducible */
  }
  CHECK_NEAR((double)up / n, 0.25, 0.01);
  CHECK_U64(ops_fmt_encode(&OPS_FP8_E4M3, 1.125f, &o, 7), 0x39); /* exact values never move */
  o.seed = 43;
  unsigned differ = 0;
  for (unsigned i = 0; i < 1000; i++) {
    ops_fmt_opts p = o;
    p.seed = 42;
    differ += ops_fmt_encode(&OPS_FP8_E4M3, 1.03125f, &o, i) !=
              ops_fmt_encode(&OPS_FP8_E4M3, 1.03125f, &p, i);
  }
  CHECK(differ > 100);
  CHECK(ops_fmt_round_integer(2.5, OPS_ROUND_RNE, 0, 0) == 2.0);
  CHECK(ops_fmt_round_integer(-2.5, OPS_ROUND_AWAY, 0, 0) == -3.0);
  CHECK(ops_fmt_round_integer(3.5, OPS_ROUND_RNE, 0, 0) == 4.0);
  CHECK(ops_fmt_round_integer(-2.7, OPS_ROUND_RTZ, 0, 0) == -2.0);
}

/* The RNE fast path of ops_fmt_encode_array must agree with the exact encoder on every input:
 * every 251st fp32 bit pattern (4.3 G inputs per format would be slow; this is 17 M,
 * hitting every exponent and many mantissas). */
static void test_fast_path(void) {
  const ops_fmt_float *fs[] = {&OPS_FP8_E4M3, &OPS_FP8_E5M2, &OPS_FP16, &OPS_BF16, &OPS_FP32,
                               &OPS_FP6_E2M3, &OPS_FP4_E2M1};
  enum { CHUNK = 1 << 16 };
  float *x = malloc(CHUNK * sizeof *x);
  uint32_t *codes = malloc(CHUNK * sizeof *codes);
  ops_fmt_opts o = ops_fmt_opts_default();
  for (size_t k = 0; k < 2 * sizeof fs / sizeof fs[0]; k++) {
    unsigned bad = 0;
    o.saturate = k % 2;
    for (uint64_t base = 0; base < (1ull << 32); base += (uint64_t)CHUNK * 251) {
      for (uint32_t i = 0; i < CHUNK; i++) {
        uint32_t u = (uint32_t)(base + (uint64_t)i * 251);
        memcpy(&x[i], &u, sizeof u);
      }
      ops_fmt_encode_array(fs[k / 2], x, CHUNK, &o, 0, codes);
      for (uint32_t i = 0; i < CHUNK; i++) bad += codes[i] != ops_fmt_encode(fs[k / 2], x[i], &o, 0);
    }
    CHECK_U64(bad, 0);
  }
  free(x);
  free(codes);
}

static void test_names(void) {
  const ops_format *f = ops_format_find("e3m4");
  CHECK(f && f->cls == OPS_FMT_FLOAT && f->fp.ebits == 3 && f->fp.mbits == 4 && f->fp.bias == 3);
  CHECK(f && f->elem_bits == 8 && f->fp.specials == OPS_SPECIALS_IEEE);
  CHECK(ops_format_find("e3m4") == f);
  f = ops_format_find("e4m3_fn");
  CHECK(f && f->fp.specials == OPS_SPECIALS_FN && f->fp.bias == 7);
  f = ops_format_find("e3m4_b5");
  CHECK(f && f->fp.bias == 5);
  f = ops_format_find("e2m1_nospec_b-2");
  CHECK(f && f->fp.bias == -2 && f->fp.specials == OPS_SPECIALS_NONE);
  CHECK(f && ops_fmt_float_max(&f->fp) == 48.0);
  CHECK(ops_format_find("e9m2") == NULL);
  CHECK(ops_format_find("e4m24") == NULL);
  CHECK(ops_format_find("e4m0") == NULL); /* IEEE needs a mantissa bit */
  CHECK(ops_format_find("e4m0_fn") != NULL);
  CHECK(ops_format_find("e+4m3") == NULL);
  CHECK(ops_format_find("e4m3_fnx") == NULL);
  f = ops_format_find("fp8_e4m3");
  CHECK(f && f->elem_bits == 8 && f->fp.specials == OPS_SPECIALS_FN);
  f = ops_format_find("fp32");
  CHECK(f && f->elem_bits == 32 && f->bits_per_elem == 32);
  f = ops_format_find("bfp6_g16");
  CHECK(f && f->block == 16 && f->elem_bits == 6 && f->block_kind == OPS_BLOCK_BFP);
  CHECK(ops_format_find("bfp1") == NULL);
  f = ops_format_find("mxfp4_e2m1");
  CHECK(f && f->fp.ebits == 2 && f->fp.mbits == 1 && f->bits_per_elem == 4.25);
  unsigned long long bytes = 0;
  CHECK(ops_format_bytes(f, 64, &bytes) && bytes == 34);
  /* a parametric format decodes like its named twin */
  const ops_format *a = ops_format_find("e5m2"), *b = ops_format_find("fp8_e5m2");
  unsigned same = 0;
  for (uint32_t c = 0; c < 256; c++) {
    double va = ops_fmt_decode_f64(&a->fp, c), vb = ops_fmt_decode_f64(&b->fp, c);
    same += va == vb || (isnan(va) && isnan(vb));
  }
  CHECK_U64(same, 256);
  com_err e = {0};
  ops_fmt_float bad = {3, 0, 3, OPS_SPECIALS_IEEE, false, false};
  CHECK(ops_fmt_float_check(&bad, &e) == -1 && e.kind == COM_EINPUT);
}

int main(void) {
  test_tables();
  test_thresholds();
  test_stochastic();
  test_fast_path();
  test_names();
  UNIT_DONE();
}
