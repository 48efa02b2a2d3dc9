/* test_fmt_block — block formats: the reference's MX test vector, MX scale methods and the
 * FP4 clamping flaw, NaN/zero blocks, MXINT8 == BFP8, NVFP4, NF4 (codebook, strict-'>' ties,
 * double quantization), OliVe pairs, nibble packing and integer quantization. */
#include <stdlib.h>

#include "ops/fmt_block.h"
#include "ops/fmt_int.h"
#include "ops/fmt_nf4.h"
#include "ops/fmt_olive.h"
#include "ops/fmt_pack.h"
#include "unit.h"

static int quant(const char *name, const float *x, size_t n, const ops_block_opts *o,
                 uint32_t *scale, uint32_t *codes) {
  return ops_block_quantize(ops_format_find(name), x, n, o, 0, scale, codes, NULL);
}

static void test_mx_vector(void) {
  const float x[8] = {485, 475, 400, -485, -475, -450, 0x1p-6f, -0x1p-6f};
  const uint32_t want[8] = {0x7E, 0x7E, 0x7C, 0xFE, 0xFE, 0xFE, 0x08, 0x88};
  const float deq[8] = {448, 448, 384, -448, -448, -448, 0x1p-6f, -0x1p-6f};
  ops_block_opts o = ops_block_opts_default();
  uint32_t scale = 0, codes[8];
  float out[8];
  CHECK(quant("mxfp8_e4m3", x, 8, &o, &scale, codes) == 0);
  CHECK_U64(scale, 0x7F);
  for (int i = 0; i < 8; i++) CHECK_U64(codes[i], want[i]);
  CHECK(ops_block_dequantize(ops_format_find("mxfp8_e4m3"), scale, codes, 8, &o, out, NULL) == 0);
  for (int i = 0; i < 8; i++) CHECK(out[i] == deq[i]);
  /* ties-away elements (microxcaling) give 416 for 400 */
  o.elem_rounding = OPS_ROUND_AWAY;
  quant("mxfp8_e4m3", x, 8, &o, &scale, codes);
  CHECK_U64(codes[2], 0x7D);
}

static void test_mx_scales(void) {
  const ops_format *f4 = ops_format_find("mxfp4_e2m1");
  const float x[2] = {7.9f, 1.0f};
  CHECK(ops_mx_shared_exp(f4, x, 2, OPS_MX_SCALE_FLOOR) == 0); /* the known flaw: X = 1 */
  CHECK(ops_mx_shared_exp(f4, x, 2, OPS_MX_SCALE_CEIL) == 1);
  CHECK(ops_mx_shared_exp(f4, x, 2, OPS_MX_SCALE_RCEIL) == 1);
  CHECK(ops_mx_shared_exp(f4, x, 2, OPS_MX_SCALE_EVEN) == 1);
  ops_block_opts o = ops_block_opts_default();
  uint32_t scale, codes[32];
  quant("mxfp4_e2m1", x, 2, &o, &scale, codes);
  CHECK_U64(scale, 127);
  CHECK_U64(codes[0], 0x7); /* 7.9 clamped to 6 */
  const float y[1] = {6.0f}; /* exactly the element max: every method keeps X = 1 */
  CHECK(ops_mx_shared_exp(f4, y, 1, OPS_MX_SCALE_RCEIL) == 0);
  CHECK(ops_mx_shared_exp(f4, y, 1, OPS_MX_SCALE_CEIL) == 1); /* ceil(log2 6) - 2 */
  const float z[1] = {4.0f};
  CHECK(ops_mx_shared_exp(f4, z, 1, OPS_MX_SCALE_CEIL) == 0);
  CHECK(ops_mx_shared_exp(ops_format_find("mxfp8_e5m2"), z, 1, OPS_MX_SCALE_FLOOR) == -13);
  CHECK(ops_mx_shared_exp(ops_format_find("mxint8"), z, 1, OPS_MX_SCALE_FLOOR) == 2);
  CHECK(ops_mx_emax_elem(ops_format_find("mxfp6_e3m2")) == 4);
  CHECK(ops_mx_emax_elem(ops_format_find("mxfp6_e2m3")) == 2);
  /* NaN / Inf / zero / tiny blocks */
  float nanb[3] = {1, NAN, 2}, infb[2] = {1, -INFINITY}, zero[4] = {0, -0.0f, 0, 0};
  float out[4];
  quant("mxfp8_e4m3", nanb, 3, &o, &scale, codes);
  CHECK_U64(scale, 0xFF);
  ops_block_dequantize(ops_format_find("mxfp8_e4m3"), scale, codes, 3, &o, out, NULL);
  CHECK(isnan(out[0]) && isnan(out[2]));
  quant("mxfp8_e4m3", infb, 2, &o, &scale, codes);
  CHECK_U64(scale, 0xFF);
  quant("mxfp6_e2m3", zero, 4, &o, &scale, codes);
  CHECK_U64(scale, 0);
  CHECK_U64(codes[0] | codes[2], 0);
  float tiny[1] = {0x1p-140f};
  CHECK(ops_mx_shared_exp(ops_format_find("mxfp8_e4m3"), tiny, 1, OPS_MX_SCALE_FLOOR) == -127);
  com_err e = {0};
  CHECK(ops_block_quantize(f4, x, 33, &o, 0, &scale, codes, &e) == -1 && e.kind == COM_EINPUT);
  CHECK(ops_block_quantize(ops_format_find("fp16"), x, 1, &o, 0, &scale, codes, &e) == -1);
}

static void test_mxint8_is_bfp8(void) {
  srand(7);
  ops_block_opts o = ops_block_opts_default();
  unsigned same = 0, blocks = 200;
  for (unsigned b = 0; b < blocks; b++) {
    float x[32];
    for (int i = 0; i < 32; i++) x[i] = ((float)rand() / RAND_MAX - 0.5f) * (float)(1 << (b % 20));
    uint32_t s1, s2, c1[32], c2[32];
    quant("mxint8", x, 32, &o, &s1, c1);
    quant("bfp8", x, 32, &o, &s2, c2);
    same += s1 == s2 && !memcmp(c1, c2, sizeof c1);
  }
  CHECK_U64(same, blocks);
  const float x[2] = {1.0f, -1.5f}; /* scale 2^0; -1.5 * 64 = -96 */
  uint32_t s, c[2];
  quant("mxint8", x, 2, &o, &s, c);
  CHECK_U64(s, 127);
  CHECK_U64(c[0], 64);
  CHECK_U64(c[1], 0xA0); /* -96 */
  const float big[1] = {1.999f}; /* 127.936 rounds to 128: clamped to 127 (-128 unused) */
  quant("mxint8", big, 1, &o, &s, c);
  CHECK_U64(c[0], 127);
}

static void test_nvfp4(void) {
  float x[16];
  for (int i = 0; i < 16; i++) x[i] = 0.5f * (float)(i + 1) * (i % 2 ? -1 : 1);
  ops_block_opts o = ops_block_opts_default();
  uint32_t scale, codes[16];
  float out[16];
  quant("nvfp4", x, 16, &o, &scale, codes);
  CHECK_U64(scale, 0x3B); /* 8/6 = 1.333 -> E4M3 1.375 */
  CHECK_U64(codes[15], 0xF); /* -8 / 1.375 = -5.8 -> -6 */
  CHECK_U64(codes[0], 0x1);  /* 0.5 / 1.375 = 0.36 -> 0.5 */
  ops_block_dequantize(ops_format_find("nvfp4"), scale, codes, 16, &o, out, NULL);
  CHECK(out[15] == -8.25f);
  o.nvfp4_scale_rounding = OPS_ROUND_UP;
  quant("nvfp4", x, 16, &o, &scale, codes);
  CHECK_U64(scale, 0x3B);
  const float y[2] = {6.3f, 0}; /* 1.05 -> RNE 1.0 (0x38), round-up 1.125 (0x39) */
  quant("nvfp4", y, 2, &o, &scale, codes);
  CHECK_U64(scale, 0x39);
  o.nvfp4_scale_rounding = OPS_ROUND_RNE;
  quant("nvfp4", y, 2, &o, &scale, codes);
  CHECK_U64(scale, 0x38);
  CHECK_U64(codes[0], 0x7);
  /* two-level: tensor scale amax / 2688 */
  float t = ops_nvfp4_tensor_scale(x, 16);
  CHECK(t == 8.0f / 2688.0f);
  o.tensor_scale = t;
  quant("nvfp4", x, 16, &o, &scale, codes);
  CHECK_U64(scale, 0x7E); /* 8/6/t = 448 */
  ops_block_dequantize(ops_format_find("nvfp4"), scale, codes, 16, &o, out, NULL);
  CHECK_NEAR(out[15], -8.0, 1e-6);
  const float zero[3] = {0, 0, 0};
  o.tensor_scale = 0;
  quant("nvfp4", zero, 3, &o, &scale, codes);
  CHECK_U64(scale, 0x08); /* clamped to 2^-6 */
}

static void test_nf4(void) {
  for (uint32_t i = 0; i < 16; i++) CHECK_U64(ops_nf4_encode_normalized(OPS_NF4_CODEBOOK[i]), i);
  for (uint32_t i = 0; i < 15; i++) {
    float t = (float)(((double)OPS_NF4_CODEBOOK[i] + OPS_NF4_CODEBOOK[i + 1]) / 2);
    CHECK_U64(ops_nf4_encode_normalized(t), i); /* a tie takes the lower code */
    CHECK_U64(ops_nf4_encode_normalized(nextafterf(t, 2)), i + 1);
  }
  CHECK_U64(ops_nf4_encode_normalized(0.03979014977812767f), 7);
  CHECK_U64(ops_nf4_encode_normalized(0.8614784181118011f), 14);
  CHECK_U64(ops_nf4_encode_normalized(NAN), 0);
  float x[64], out[64], absmax;
  uint32_t codes[64];
  for (int i = 0; i < 64; i++) x[i] = OPS_NF4_CODEBOOK[i % 16] * 2.0f;
  ops_nf4_quantize_block(x, 64, &absmax, codes);
  CHECK(absmax == 2.0f);
  for (int i = 0; i < 64; i++) CHECK_U64(codes[i], (uint32_t)(i % 16));
  ops_nf4_dequantize_block(absmax, codes, 64, out);
  CHECK(memcmp(out, x, sizeof x) == 0);
  float zero[4] = {0};
  ops_nf4_quantize_block(zero, 4, &absmax, codes);
  CHECK(absmax == 0 && codes[0] == 7);
  /* double quantization: 512 absmax values in 2 groups of 256 */
  float am[512], back[512], mean, gs[2];
  int8_t q[512];
  double maxerr = 0;
  for (int i = 0; i < 512; i++) am[i] = 0.5f + (float)(i % 37) / 64.0f;
  CHECK(ops_nf4_double_quantize(am, 512, 256, &mean, gs, q, NULL) == 0);
  ops_nf4_double_dequantize(mean, gs, q, 512, 256, back);
  for (int i = 0; i < 512; i++) maxerr = fmax(maxerr, fabs(back[i] - am[i]));
  CHECK(maxerr <= gs[0] / 127.0 * 0.5 + 1e-6);
  CHECK(ops_nf4_double_quantize(am, 512, 0, &mean, gs, q, NULL) == -1);
  const ops_format *nf4 = ops_format_find("nf4");
  CHECK(nf4 && fabs(8.0 / nf4->block + 32.0 / (256.0 * nf4->block) - 0.127) < 0.001);
}

static void olive(ops_olive_grid g, float a, float b, uint32_t c0, uint32_t c1, float v0, float v1) {
  float x[2] = {a, b}, out[2];
  uint32_t codes[2];
  CHECK(ops_olive_quantize(g, x, 2, 0, codes, NULL) == 0);
  CHECK_U64(codes[0], c0);
  CHECK_U64(codes[1], c1);
  ops_olive_dequantize(g, codes, 2, 0, out);
  CHECK(out[0] == v0 && out[1] == v1);
}

static void test_olive(void) {
  olive(OPS_OLIVE_INT4, 35, 1, 0x7, 0x0, 28, 0);
  olive(OPS_OLIVE_INT4, 38, 1, 0x1, 0x8, 48, 0);     /* tie 28/48 -> outlier 48, victim */
  olive(OPS_OLIVE_INT4, 1, -100, 0x8, 0xB, 0, -96);  /* second is the outlier */
  olive(OPS_OLIVE_INT4, 100, 200, 0x3, 0x8, 96, 0);  /* both: the second is zeroed */
  olive(OPS_OLIVE_INT4, 2, 6, 0x1, 0x2, 4, 8);       /* ties to the larger */
  olive(OPS_OLIVE_INT4, -0.5f, 0.1f, 0x0, 0x0, 0, 0); /* never 0x8 for -0 */
  olive(OPS_OLIVE_INT4, 1000, -13, 0x7, 0x8, 384, 0);
  olive(OPS_OLIVE_FLINT4, 3, 10, 0x2, 0x5, 4, 12);
  olive(OPS_OLIVE_FLINT4, 24, -40, 0x8, 0x9, 0, -48);
  olive(OPS_OLIVE_FLINT4, 24, -39, 0x7, 0xF, 32, -32);
  float odd[3] = {1, 2, 500}, out[3];
  uint32_t codes[3];
  ops_olive_quantize(OPS_OLIVE_INT4, odd, 3, 2.0f, codes, NULL);
  ops_olive_dequantize(OPS_OLIVE_INT4, codes, 3, 2.0f, out);
  CHECK(out[2] == 56.0f); /* unpaired: normal grid only, 28 * 2 */
  CHECK(ops_olive_quantize(OPS_OLIVE_INT4, odd, 3, -1.0f, codes, NULL) == -1);
}

static void test_pack(void) {
  const uint32_t c[3] = {1, 2, 3};
  uint8_t b[2], b6[8];
  uint32_t back[5];
  ops_fmt_pack(c, 3, 4, false, b);
  CHECK_U64(b[0], 0x21);
  CHECK_U64(b[1], 0x03);
  ops_fmt_pack(c, 3, 4, true, b);
  CHECK_U64(b[0], 0x12);
  CHECK_U64(b[1], 0x30);
  ops_fmt_unpack(b, 3, 4, true, back);
  CHECK(back[0] == 1 && back[1] == 2 && back[2] == 3);
  const uint32_t s6[5] = {0x3F, 0x01, 0x2A, 0x15, 0x00};
  CHECK_U64(ops_fmt_packed_bytes(5, 6), 4);
  for (int msb = 0; msb < 2; msb++) {
    ops_fmt_pack(s6, 5, 6, msb, b6);
    ops_fmt_unpack(b6, 5, 6, msb, back);
    CHECK(!memcmp(back, s6, sizeof s6));
  }
}

static void test_int(void) {
  ops_int_spec s = {8, false, false, OPS_ROUND_RNE, 0};
  int32_t qmin, qmax, zp;
  float scale;
  ops_int_range(&s, &qmin, &qmax);
  CHECK(qmin == -127 && qmax == 127);
  CHECK(ops_int_quantize(&s, 1.25f, 0.5f, 0, 0) == 2);  /* 2.5 -> 2 */
  CHECK(ops_int_quantize(&s, 1.75f, 0.5f, 0, 0) == 4);  /* 3.5 -> 4 */
  CHECK(ops_int_quantize(&s, -1000, 1, 0, 0) == -127);
  s.full_range = true;
  CHECK(ops_int_quantize(&s, -1000, 1, 0, 0) == -128);
  s.full_range = false, s.rounding = OPS_ROUND_AWAY;
  CHECK(ops_int_quantize(&s, 1.25f, 0.5f, 0, 0) == 3);
  s.rounding = OPS_ROUND_RNE, s.asymmetric = true;
  const float x[2] = {-1, 3};
  ops_int_fit(&s, x, 2, &scale, &zp);
  CHECK(scale == 4.0f / 255.0f && zp == -64);
  CHECK(ops_int_quantize(&s, -1, scale, zp, 0) == -128);
  CHECK(ops_int_quantize(&s, 3, scale, zp, 0) == 127);
  CHECK(ops_int_dequantize(ops_int_quantize(&s, 0, scale, zp, 0), scale, zp) == 0.0f);
  ops_int_spec s4 = {4, false, false, OPS_ROUND_RNE, 0};
  const float g[6] = {7, -3.5f, 1, 0.5f, -0.25f, 0.1f};
  float sc[3];
  int32_t zps[3], q[6];
  CHECK(ops_int_quantize_grouped(&s4, g, 6, 2, sc, zps, q, NULL) == 0);
  CHECK(sc[0] == 1.0f && q[0] == 7 && q[1] == -4); /* -3.5 -> -4 (even) */
  CHECK(sc[1] == 1.0f / 7.0f && q[2] == 7);
  CHECK(ops_int_quantize_grouped(&s4, g, 6, 0, sc, zps, q, NULL) == -1);
  ops_int_spec bad = {17, false, false, OPS_ROUND_RNE, 0};
  CHECK(ops_int_check(&bad, NULL) == -1);
}

int main(void) {
  test_mx_vector();
  test_mx_scales();
  test_mxint8_is_bfp8();
  test_nvfp4();
  test_nf4();
  test_olive();
  test_pack();
  test_int();
  UNIT_DONE();
}
