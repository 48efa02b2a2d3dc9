/* test_fmt_arith — datapath components: exact products, fp32 accumulation order and fusion,
 * fixed-point accumulators (overflow, wrap, saturate, inexact), Kulisch widths of the reference
 * table and exactness, L-Mul (both variants) with the error figures over all 4-bit mantissas. */
#include <stdlib.h>

#include "ops/fmt_arith.h"
#include "ops/format.h"
#include "unit.h"

static ops_exact ex(double v) { /* an exact value from a double with <= 53 bits */
  int e;
  double m = frexp(v, &e);
  ops_exact r = {(int64_t)ldexp(m, 53), e - 53, false, false};
  return r;
}

static void test_products(void) {
  const ops_fmt_float *f = &OPS_FP8_E4M3;
  unsigned bad = 0;
  for (uint32_t a = 0; a < 256; a++)
    for (uint32_t b = 0; b < 256; b++) {
      double va = ops_fmt_decode_f64(f, a), vb = ops_fmt_decode_f64(f, b);
      double p = ops_exact_to_f64(ops_exact_mul(f, a, f, b));
      if (!(p == va * vb || (isnan(p) && isnan(va * vb)))) bad++;
    }
  CHECK_U64(bad, 0);
  ops_exact p = ops_exact_mul(&OPS_FP32, 0x7F800000u, &OPS_FP32, 0);
  CHECK(p.nan);
  float a = 1.0f + 0x1p-12f;
  CHECK(ops_dot_fp32(&a, &a, 1, -1.0f, OPS_ACC_FP32_FUSED) == 0x1p-11f + 0x1p-24f);
  CHECK(ops_dot_fp32(&a, &a, 1, -1.0f, OPS_ACC_FP32_UNFUSED) == 0x1p-11f);
  const float x[3] = {1e8f, 1.0f, -1e8f}, one[3] = {1, 1, 1};
  CHECK(ops_dot_fp32(x, one, 3, 0, OPS_ACC_FP32_FUSED) == 0.0f); /* order k = 0, 1, 2 */
}

static void test_fxacc(void) {
  ops_fxacc acc;
  CHECK(ops_fxacc_init(&acc, 8, 0, OPS_FXACC_WRAP, OPS_ROUND_RTZ, NULL) == 0);
  ops_fxacc_add(&acc, ex(100));
  CHECK(!acc.overflowed);
  ops_fxacc_add(&acc, ex(100));
  CHECK(acc.overflowed);
  CHECK(ops_fxacc_to_f64(&acc, false) == -56.0);
  ops_fxacc_init(&acc, 8, 0, OPS_FXACC_SATURATE, OPS_ROUND_RTZ, NULL);
  ops_fxacc_add(&acc, ex(100));
  ops_fxacc_add(&acc, ex(100));
  CHECK(acc.overflowed && ops_fxacc_to_f64(&acc, false) == 127.0);
  ops_fxacc_add(&acc, ex(-300));
  CHECK(ops_fxacc_to_f64(&acc, false) == -128.0);
  ops_fxacc_init(&acc, 32, 0, OPS_FXACC_WRAP, OPS_ROUND_RTZ, NULL);
  ops_fxacc_add(&acc, ex(2.75));
  CHECK(acc.inexact && ops_fxacc_to_f64(&acc, false) == 2.0);
  ops_fxacc_init(&acc, 32, 0, OPS_FXACC_WRAP, OPS_ROUND_RNE, NULL);
  ops_fxacc_add(&acc, ex(2.5));
  ops_fxacc_add(&acc, ex(-7.5));
  CHECK(ops_fxacc_to_f64(&acc, false) == -6.0); /* 2 + -8 */
  /* INT16 x INT16 into INT32: overflow after enough maximal products */
  ops_fxacc_init(&acc, 32, 0, OPS_FXACC_WRAP, OPS_ROUND_RTZ, NULL);
  int k = 0;
  while (!acc.overflowed && k < 10) ops_fxacc_add(&acc, ex(32767.0 * 32767.0)), k++;
  CHECK(k == 3);
  com_err e = {0};
  CHECK(ops_fxacc_init(&acc, 1, 0, OPS_FXACC_WRAP, OPS_ROUND_RTZ, &e) == -1);
  CHECK(ops_fxacc_init(&acc, 1000, 0, OPS_FXACC_WRAP, OPS_ROUND_RTZ, &e) == -1);
  /* round to odd keeps a later rounding correct: 1 + 2^-24 + 2^-80 -> fp32 rounds up */
  ops_fxacc_init(&acc, 200, -100, OPS_FXACC_WRAP, OPS_ROUND_RTZ, NULL);
  ops_fxacc_add(&acc, ex(1.0));
  ops_fxacc_add(&acc, ex(0x1p-24));
  ops_fxacc_add(&acc, ex(0x1p-80));
  CHECK(ops_fxacc_to_f64(&acc, false) == 1.0 + 0x1p-24); /* RNE at 53 bits drops 2^-80 */
  ops_fmt_opts o = ops_fmt_opts_default();
  CHECK_U64(ops_fxacc_encode(&acc, &OPS_FP32, &o), 0x3F800001u);
}

static void test_kulisch(void) {
  CHECK_U64(ops_kulisch_width(&OPS_FP4_E2M1, &OPS_FP4_E2M1, 32), 14);
  CHECK_U64(ops_kulisch_width(&OPS_FP6_E2M3, &OPS_FP6_E2M3, 32), 18);
  /* the reference's table says 26 for E3M2, but its formula gives 2(4 + 2 + 2) + 2 + 5 + 1 = 24
   * (emax 4: max 28; emin -2; M 2), and 24 bits hold every sum exactly: see test below */
  CHECK_U64(ops_kulisch_width(&OPS_FP6_E3M2, &OPS_FP6_E3M2, 32), 24);
  CHECK_U64(ops_kulisch_width(&OPS_FP8_E4M3, &OPS_FP8_E4M3, 32), 42);
  CHECK_U64(ops_kulisch_width(&OPS_FP8_E5M2, &OPS_FP8_E5M2, 32), 70);
  CHECK_U64(ops_kulisch_width_int(8, 8, 32), 21);
  /* E4M3: the exact sum of 32 products fits 42 bits, so double accumulation is exact too */
  srand(3);
  unsigned bad = 0;
  for (int t = 0; t < 2000; t++) {
    ops_fxacc acc;
    ops_kulisch_init(&acc, &OPS_FP8_E4M3, &OPS_FP8_E4M3, 32, NULL);
    double ref = 0;
    for (int k = 0; k < 32; k++) {
      uint32_t a = (uint32_t)rand() & 0xFFu, b = (uint32_t)rand() & 0xFFu;
      if ((a & 0x7F) == 0x7F) a = 0; /* no NaN */
      if ((b & 0x7F) == 0x7F) b = 0;
      ops_fxacc_add(&acc, ops_exact_mul(&OPS_FP8_E4M3, a, &OPS_FP8_E4M3, b));
      ref += ops_fmt_decode_f64(&OPS_FP8_E4M3, a) * ops_fmt_decode_f64(&OPS_FP8_E4M3, b);
    }
    bad += acc.overflowed || acc.inexact || ops_fxacc_to_f64(&acc, false) != ref;
  }
  CHECK_U64(bad, 0);
  /* E5M2: 57344^2 + 2^-32 - 57344^2 is exact only in the wide accumulator */
  ops_fxacc acc;
  ops_kulisch_init(&acc, &OPS_FP8_E5M2, &OPS_FP8_E5M2, 32, NULL);
  ops_fxacc_add(&acc, ops_exact_mul(&OPS_FP8_E5M2, 0x7B, &OPS_FP8_E5M2, 0x7B));
  ops_fxacc_add(&acc, ops_exact_mul(&OPS_FP8_E5M2, 0x01, &OPS_FP8_E5M2, 0x01));
  ops_fxacc_add(&acc, ops_exact_mul(&OPS_FP8_E5M2, 0xFB, &OPS_FP8_E5M2, 0x7B));
  CHECK(ops_fxacc_to_f64(&acc, false) == 0x1p-32 && !acc.overflowed && !acc.inexact);
  CHECK(ops_kulisch_init(&acc, &OPS_FP32, &OPS_FP32, 1u << 20, NULL) == 0);
  /* E3M2 in 24 bits: 32 maximal products of one sign, then the smallest one */
  ops_kulisch_init(&acc, &OPS_FP6_E3M2, &OPS_FP6_E3M2, 32, NULL);
  for (int k = 0; k < 32; k++) ops_fxacc_add(&acc, ops_exact_mul(&OPS_FP6_E3M2, 0x3F, &OPS_FP6_E3M2, 0x1F));
  ops_fxacc_add(&acc, ops_exact_mul(&OPS_FP6_E3M2, 0x01, &OPS_FP6_E3M2, 0x01));
  CHECK(!acc.overflowed && ops_fxacc_to_f64(&acc, false) == -32.0 * 784 + 0x1p-8);
}

/* L-Mul over all 4-bit mantissa pairs at exponent 0 (format e4m4): relative error against the
 * exact product, beside the correctly rounded 4-bit product. */
static void test_lmul(void) {
  const ops_format *fmt = ops_format_find("e4m4");
  CHECK(fmt != NULL);
  if (!fmt) return;
  const ops_fmt_float *f = &fmt->fp;
  CHECK_U64(ops_lmul_l(3), 3);
  CHECK_U64(ops_lmul_l(4), 3);
  CHECK_U64(ops_lmul_l(7), 4);
  double sum_int = 0, max_int = 0, sum_lit = 0, max_lit = 0, sum_cr = 0, max_cr = 0;
  ops_fmt_opts o = ops_fmt_opts_default();
  for (uint32_t ma = 0; ma < 16; ma++)
    for (uint32_t mb = 0; mb < 16; mb++) {
      uint32_t a = (7u << 4) | ma, b = (7u << 4) | mb;
      double exact = ops_fmt_decode_f64(f, a) * ops_fmt_decode_f64(f, b);
      double vi = ops_fmt_decode_f64(f, ops_lmul_intadd(f, a, b, false));
      double vl = ops_lmul_literal(f, a, b);
      double vc = ops_fmt_decode_f64(f, ops_fmt_encode_f64(f, exact, &o, 0));
      double ei = fabs(vi - exact) / exact, el = fabs(vl - exact) / exact, ec = fabs(vc - exact) / exact;
      sum_int += ei, sum_lit += el, sum_cr += ec;
      max_int = fmax(max_int, ei), max_lit = fmax(max_lit, el), max_cr = fmax(max_cr, ec);
    }
  printf("L-Mul over 256 4-bit mantissa pairs: integer-add mean %.2f%% max %.2f%%; literal mean "
         "%.2f%% max %.2f%%; correctly rounded product mean %.2f%% max %.2f%%\n",
         sum_int / 2.56, max_int * 100, sum_lit / 2.56, max_lit * 100, sum_cr / 2.56, max_cr * 100);
  CHECK_NEAR(sum_int / 256, 0.051, 0.002);
  CHECK_NEAR(max_int, 0.125, 0.002);
  CHECK_NEAR(sum_cr / 256, 0.0107, 0.0005);
  /* specific values: 1.5 * 1.5: literal 1 + .5 + .5 + 2^-3 = 2.125; integer-add carries into
   * the exponent: fields 0x78 + 0x78 - (7 << 4 - 2) = 0x82 = 2 * 1.125 = 2.25 */
  CHECK(ops_lmul_literal(f, 0x78, 0x78) == 2.125);
  CHECK_U64(ops_lmul_intadd(f, 0x78, 0x78, false), 0x82);
  CHECK(ops_lmul_literal(f, 0x70, 0x170) == -1.125); /* e4m4: the sign is bit 8 */
  CHECK_U64(ops_lmul_intadd(f, 0x70, 0x170, false), 0x172);
  CHECK_U64(ops_lmul_intadd(f, 0x00, 0x78, false), 0x00);
  CHECK_U64(ops_lmul_intadd(f, 0x100, 0x78, false), 0x100);
  CHECK(ops_fmt_is_inf(f, ops_lmul_intadd(f, 0x70 + (7u << 4), 0x70 + (7u << 4), false)));
  CHECK_U64(ops_lmul_intadd(f, 0x70 + (7u << 4), 0x70 + (7u << 4), true), ops_fmt_float_max_code(f));
  CHECK_U64(ops_lmul_intadd(f, 0x10, 0x10, false), 0x00); /* underflow flushes */
}

int main(void) {
  test_products();
  test_fxacc();
  test_kulisch();
  test_lmul();
  UNIT_DONE();
}
