/* test_attention — golden attention: 1-pass and 3-pass against the fp64 reference within the
 * FlashAttention-2 acceptance rule (max|out - ref| <= 2 max|lowprec_ref - ref|) for fp16 and
 * bf16, causal masks (bottom-right aligned, fully masked rows), tile-size and thread behaviour;
 * the device-capable rounding gold_mf_round against ops' codec. */
#include <stdlib.h>

#include "golden/arith.h"
#include "golden/golden.h"
#include "unit.h"

static uint64_t rs = 0x9E3779B97F4A7C15ull;
static double unif(void) {
  rs ^= rs << 13, rs ^= rs >> 7, rs ^= rs << 17;
  return ((double)(rs >> 11) + 0.5) / 9007199254740992.0;
}
static float gauss(void) { return (float)(sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif())); }

static double maxdiff(const float *a, const float *b, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; i++) m = fmax(m, fabs((double)a[i] - b[i]));
  return m;
}

static void acceptance(const ops_fmt_float *fmt, const char *name, bool causal, uint64_t sq, uint64_t sk) {
  enum { D = 64 };
  float *q = malloc(sq * D * 4), *k = malloc(sk * D * 4), *v = malloc(sk * D * 4);
  float *ref = malloc(sq * D * 4), *low = malloc(sq * D * 4), *out = malloc(sq * D * 4);
  for (uint64_t i = 0; i < sq * D; i++) q[i] = gauss();
  for (uint64_t i = 0; i < sk * D; i++) k[i] = gauss(), v[i] = gauss();
  gold_att_spec s = gold_att_spec_default();
  s.causal = causal;
  s.q_fmt = s.k_fmt = s.v_fmt = fmt;
  s.cascade = GOLD_ATT_EXACT;
  CHECK(gold_attention(&s, q, k, v, sq, sk, D, D, ref, NULL) == 0);
  CHECK(gold_attention_lowprec(fmt, causal, 0, q, k, v, sq, sk, D, D, low, NULL) == 0);
  double base = maxdiff(low, ref, sq * D);
  s.p_fmt = s.o_fmt = fmt;
  for (int c = 0; c < 2; c++) {
    s.cascade = c ? GOLD_ATT_1PASS : GOLD_ATT_3PASS;
    s.tile_q = 16, s.tile_k = 32;
    CHECK(gold_attention(&s, q, k, v, sq, sk, D, D, out, NULL) == 0);
    double err = maxdiff(out, ref, sq * D);
    printf("%s %s%s sq=%llu sk=%llu: max|out-ref| %.3g, max|lowprec-ref| %.3g\n", name,
           c ? "1-pass" : "3-pass", causal ? " causal" : "", (unsigned long long)sq,
           (unsigned long long)sk, err, base);
    CHECK(err <= 2 * base);
  }
  free(q), free(k), free(v), free(ref), free(low), free(out);
}

static void masks_tiles_threads(void) {
  enum { SQ = 40, SK = 24, D = 8 };
  static float q[SQ * D], k[SK * D], v[SK * D], a[SQ * D], b[SQ * D], r[SQ * D];
  for (int i = 0; i < SQ * D; i++) q[i] = gauss();
  for (int i = 0; i < SK * D; i++) k[i] = gauss(), v[i] = gauss();
  gold_att_spec s = gold_att_spec_default();
  s.causal = true;
  s.cascade = GOLD_ATT_EXACT;
  CHECK(gold_attention(&s, q, k, v, SQ, SK, D, D, r, NULL) == 0);
  /* bottom-right aligned: rows 0..15 see nothing (0), row 16 sees key 0 only (= v[0]) */
  int zero = 1;
  for (int i = 0; i < 16 * D; i++) zero &= r[i] == 0.0f;
  CHECK(zero);
  for (int x = 0; x < D; x++) CHECK(r[16 * D + x] == v[x]);
  /* last row sees every key: equals the non-causal last row */
  s.causal = false;
  CHECK(gold_attention(&s, q, k, v, SQ, SK, D, D, a, NULL) == 0);
  CHECK(memcmp(a + (SQ - 1) * D, r + (SQ - 1) * D, D * 4) == 0);
  s.causal = true;
  s.cascade = GOLD_ATT_1PASS;
  s.tile_q = 8, s.tile_k = 5, s.threads = 1;
  CHECK(gold_attention(&s, q, k, v, SQ, SK, D, D, a, NULL) == 0);
  s.tile_q = 3, s.threads = 7; /* the row tile and threads do not change a row's bits */
  CHECK(gold_attention(&s, q, k, v, SQ, SK, D, D, b, NULL) == 0);
  CHECK(memcmp(a, b, sizeof a) == 0);
  CHECK(maxdiff(a, r, SQ * D) < 1e-5);
  s.tile_k = 7; /* the column tile changes the rescaling sequence: still close */
  CHECK(gold_attention(&s, q, k, v, SQ, SK, D, D, b, NULL) == 0);
  CHECK(maxdiff(b, r, SQ * D) < 1e-5);
  com_err e = {0};
  s.tile_k = 0;
  CHECK(gold_attention(&s, q, k, v, SQ, SK, D, D, b, &e) == -1);
  CHECK_STR(e.msg, "error: attention tile sizes must be in 1..1048576 (got 3 and 0)");
}

/* gold_mf_round (the rounding shared with the GPU) gives ops' encode + decode bits (default
 * options) for every signed named format, on random doubles over the whole range, ties,
 * subnormals, overflow, zeros, Inf and NaN. */
static void mf_round_vs_ops(void) {
  const ops_fmt_float *fs[] = {&OPS_FP32, &OPS_FP16, &OPS_BF16, &OPS_FP8_E4M3, &OPS_FP8_E5M2,
                               &OPS_FP6_E2M3, &OPS_FP6_E3M2, &OPS_FP4_E2M1};
  ops_fmt_opts o = ops_fmt_opts_default();
  int bad = 0;
  for (size_t f = 0; f < sizeof fs / sizeof fs[0]; f++) {
    const ops_fmt_float *F = fs[f];
    gold_mf mf = {(int)F->ebits, (int)F->mbits, F->bias,
                  F->specials == OPS_SPECIALS_IEEE ? 0 : F->specials == OPS_SPECIALS_FN ? 1 : 2};
    for (int i = 0; i < 200000; i++) {
      double x;
      int kind = i % 8;
      if (kind < 5) x = ldexp(unif() * 2 - 1, (int)(unif() * 300) - 150);
      else if (kind == 5) { /* a tie or a code value of the format */
        uint32_t c = (uint32_t)(unif() * (1u << (ops_fmt_float_bits(F) < 20 ? ops_fmt_float_bits(F) : 20)));
        double v = ops_fmt_decode_f64(F, c);
        x = unif() < 0.5 ? v : v * (1 + ldexp(1.0, -(int)F->mbits - 1));
      } else if (kind == 6) x = (unif() < 0.5 ? -1 : 1) * ldexp(unif(), (int)(unif() * 20) - 12);
      else {
        static const double sp[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 464, 465, 448, 61440, 57344, 5.0, 0.25, 7.9};
        x = sp[(i / 8) % 13];
      }
      float g = gold_mf_round(&mf, x), r = ops_fmt_decode(F, ops_fmt_encode_f64(F, x, &o, 0));
      bool same = (isnan(g) && isnan(r)) || memcmp(&g, &r, 4) == 0;
      if (!same && bad < 5) fprintf(stderr, "format %zu x %a: gold %a ops %a\n", f, x, g, r);
      bad += !same;
    }
  }
  CHECK(bad == 0);
}

int main(void) {
  acceptance(&OPS_FP16, "fp16", false, 128, 256);
  acceptance(&OPS_BF16, "bf16", false, 128, 256);
  acceptance(&OPS_FP16, "fp16", true, 200, 200);
  acceptance(&OPS_BF16, "bf16", true, 100, 300);
  masks_tiles_threads();
  mf_round_vs_ops();
  UNIT_DONE();
}
