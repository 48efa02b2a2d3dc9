/* test_fmt_mx_fast — the RNE fast path of MX/BFP block quantization (ops_mx_quantize_rne, what
 * ops_block_quantize uses for RNE elements) against the exact reference (ops_mx_quantize_ref):
 * the same scale code and element codes, bit for bit, on 2^20 random blocks, each under all
 * four scale methods, for every MX element format (mxfp8_e4m3, mxfp8_e5m2, mxfp6_e2m3,
 * mxfp6_e3m2, mxfp4_e2m1, mxint8) and BFP (bfp8, bfp3_g7, bfp16_g64). Blocks mix wide and narrow
 * exponent spreads, short mantissas (exact ties after scaling), raw bit patterns, NaN/Inf,
 * zeros, fp32 subnormals, amax on and next to every scale boundary (powers of two, the EVEN and
 * RCEIL thresholds, the -127/127 clamps), element-grid points and their midpoints, and partial
 * blocks. */
#include <stdlib.h>

#include "ops/fmt_block.h"
#include "unit.h"

enum { BLOCKS = 1 << 20, MAXB = 64 };

/* SplitMix64 (test-local stream). */
static uint64_t rng(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static float from_bits(uint32_t u) {
  float v;
  memcpy(&v, &u, sizeof v);
  return v;
}

static uint32_t to_bits(float v) {
  uint32_t u;
  memcpy(&u, &v, sizeof u);
  return u;
}

/* A finite fp32 with biased exponent field `field` (clamped to 0..254), the given 23 fraction
 * bits and sign. */
static float make(int field, uint32_t frac, bool neg) {
  field = field < 0 ? 0 : field > 254 ? 254 : field;
  return from_bits((neg ? 0x80000000u : 0u) | (uint32_t)field << 23 | (frac & 0x7FFFFFu));
}

/* The largest element magnitude of f at unit scale, and its mantissa width (integers: bits-2). */
static double elem_max(const ops_format *f) {
  return f->int_elems ? ldexp((double)((1u << (f->elem_bits - 1)) - 1u), 2 - (int)f->elem_bits)
                      : ops_fmt_float_max(&f->fp);
}
static int elem_mbits(const ops_format *f) {
  return f->int_elems ? (int)f->elem_bits - 2 : (int)f->fp.mbits;
}

/* A boundary value of the shared exponent near 2^k: a power of two, the EVEN threshold
 * (2 - 2^-(mbits+1)) 2^k, the RCEIL threshold max_elem 2^k, each exactly or one ulp off. */
static float boundary(const ops_format *f, int k, uint64_t r) {
  double base;
  switch (r % 3) {
  case 0: base = 1.0; break;
  case 1: base = 2.0 - ldexp(1.0, -(elem_mbits(f) + 1)); break;
  default: base = elem_max(f) / 2.0; break;
  }
  float v = (float)ldexp(base, k);
  switch ((r / 3) % 3) {
  case 0: return v;
  case 1: return nextafterf(v, 0.0f);
  default: return nextafterf(v, INFINITY);
  }
}

/* Fills x[0..n) with one random block of kind r % 10. */
static void gen_block(const ops_format *f, float *x, size_t n, uint64_t *s) {
  uint64_t r = rng(s);
  int center = (int)(rng(s) % 300) - 20; /* biased exponent field of the largest element */
  int spread = 1 + (int)(rng(s) % 30);
  for (size_t i = 0; i < n; i++) {
    uint64_t v = rng(s);
    x[i] = make(center - (int)(v % (uint64_t)spread), (uint32_t)(v >> 8), (v >> 40) & 1);
  }
  switch (r % 10) {
  case 0: break; /* random exponents and mantissas */
  case 1:        /* short mantissas: many exact ties after scaling */
    for (size_t i = 0; i < n; i++) {
      unsigned keep = (unsigned)(rng(s) % 8);
      x[i] = from_bits(to_bits(x[i]) & ~((1u << (23 - keep)) - 1u));
    }
    break;
  case 2: /* raw finite bit patterns */
    for (size_t i = 0; i < n; i++) {
      uint32_t u = (uint32_t)rng(s);
      x[i] = from_bits((u & 0x7F800000u) == 0x7F800000u ? u & 0xBFFFFFFFu : u);
    }
    break;
  case 3: { /* one NaN or Inf */
    uint64_t v = rng(s);
    uint32_t special = (v & 1 ? 0x7F800000u : 0x7F800000u | ((uint32_t)(v >> 8 | 1) & 0x7FFFFFu));
    x[(v >> 32) % n] = from_bits(special | (v & 2 ? 0x80000000u : 0u));
    break;
  }
  case 4: /* zeros: half the elements, or the whole block */
    for (size_t i = 0; i < n; i++) {
      uint64_t v = rng(s);
      if (r % 40 == 4 || (v & 1)) x[i] = v & 2 ? -0.0f : 0.0f;
    }
    break;
  case 5: /* fp32 subnormals and the lowest normals */
    for (size_t i = 0; i < n; i++) {
      uint64_t v = rng(s);
      x[i] = make((int)(v % 3), (uint32_t)(v >> 8) >> (v >> 40) % 23, (v >> 50) & 1);
    }
    break;
  case 6:
  case 7: { /* amax on or next to a scale boundary, near the clamps half of the time */
    uint64_t v = rng(s);
    int emax = f->block_kind == OPS_BLOCK_BFP ? 0 : ops_mx_emax_elem(f);
    int k = v & 1 ? (int)(v >> 8) % 280 - 150
                  : (v & 2 ? 127 + emax : -127 + emax) + (int)((v >> 8) % 5) - 2;
    float a = boundary(f, k, v >> 20);
    if (!isfinite(a) || a == 0.0f) a = 0x1p-149f;
    size_t j = (v >> 40) % n;
    for (size_t i = 0; i < n; i++)
      if (fabsf(x[i]) > a) x[i] = ldexpf(x[i], ilogbf(a) - ilogbf(x[i]) - 1);
    x[j] = (v >> 60) & 1 ? -a : a;
    break;
  }
  default: { /* element-grid points and midpoints of neighbours (ties), one ulp off at times */
    int se = (int)(rng(s) % 200) - 100;
    unsigned codes = 1u << (f->elem_bits - 1); /* magnitude codes */
    for (size_t i = 0; i < n; i++) {
      uint64_t v = rng(s);
      uint32_t c = (uint32_t)(v % (codes - 1));
      double lo = f->int_elems ? ldexp((double)c, 2 - (int)f->elem_bits)
                               : ops_fmt_decode_f64(&f->fp, c);
      double hi = f->int_elems ? ldexp((double)c + 1, 2 - (int)f->elem_bits)
                               : ops_fmt_decode_f64(&f->fp, c + 1);
      if (!isfinite(hi)) hi = lo;
      float e = (float)ldexp((v >> 32) & 1 ? (lo + hi) / 2 : lo, se);
      if ((v >> 33) & 1) e = nextafterf(e, (v >> 34) & 1 ? INFINITY : 0.0f);
      x[i] = (v >> 35) & 1 ? -e : e;
    }
    break;
  }
  }
}

static void test_random_blocks(void) {
  static const char *const names[] = {"mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2",
                                      "mxfp4_e2m1", "mxint8",     "bfp8",       "bfp3_g7",
                                      "bfp16_g64"};
  enum { NF = sizeof names / sizeof names[0] };
  const ops_format *fmts[NF];
  for (int i = 0; i < NF; i++) {
    fmts[i] = ops_format_find(names[i]);
    CHECK(fmts[i] && fmts[i]->block <= MAXB);
    if (!fmts[i] || fmts[i]->block > MAXB) return;
  }
  uint64_t s = 0x5EEDull, blocks = 0, bad = 0, nan_scales = 0, zero_blocks = 0;
  float x[MAXB];
  uint32_t sc_ref, sc_fast, ref[MAXB], fast[MAXB];
  for (uint64_t b = 0; b < BLOCKS; b++) {
    const ops_format *f = fmts[b % NF];
    uint64_t v = rng(&s);
    size_t n = v % 4 ? f->block : 1 + (size_t)((v >> 8) % f->block);
    gen_block(f, x, n, &s);
    blocks++;
    for (int m = OPS_MX_SCALE_FLOOR; m <= OPS_MX_SCALE_RCEIL; m++) {
      ops_block_opts o = ops_block_opts_default();
      o.mx_scale = (ops_mx_scale_method)m;
      ops_mx_quantize_ref(f, x, n, &o, b * MAXB, &sc_ref, ref);
      ops_mx_quantize_rne(f, x, n, o.mx_scale, &sc_fast, fast);
      bool same = sc_ref == sc_fast && !memcmp(ref, fast, n * sizeof *ref);
      nan_scales += m == 0 && sc_ref == 0xFFu;
      zero_blocks += m == 0 && sc_ref == 0u;
      if (!same && bad++ < 10) {
        fprintf(stderr, "%s method %d block %llu n %zu: scale %02X vs %02X\n", f->name, m,
                (unsigned long long)b, n, sc_ref, sc_fast);
        for (size_t i = 0; i < n; i++)
          if (ref[i] != fast[i])
            fprintf(stderr, "  x[%zu] = %a (0x%08X): ref %X fast %X\n", i, x[i], to_bits(x[i]),
                    ref[i], fast[i]);
      }
    }
  }
  CHECK_U64(bad, 0);
  CHECK(blocks >= 1000000);
  CHECK(nan_scales > 1000 && zero_blocks > 1000);
  printf("%llu blocks x 4 scale methods, %llu NaN scales, %llu scale-0 blocks, %llu mismatches\n",
         (unsigned long long)blocks, (unsigned long long)nan_scales,
         (unsigned long long)zero_blocks, (unsigned long long)bad);
}

/* ops_block_quantize takes the fast path for RNE elements and the reference otherwise. */
static void test_dispatch(void) {
  const ops_format *f = ops_format_find("mxfp8_e4m3");
  const float x[8] = {485, 475, 400, -485, -475, -450, 0x1p-6f, -0x1p-6f};
  const uint32_t want[8] = {0x7E, 0x7E, 0x7C, 0xFE, 0xFE, 0xFE, 0x08, 0x88};
  ops_block_opts o = ops_block_opts_default();
  uint32_t scale = 0, codes[8];
  CHECK(ops_block_quantize(f, x, 8, &o, 0, &scale, codes, NULL) == 0);
  CHECK_U64(scale, 0x7F);
  for (int i = 0; i < 8; i++) CHECK_U64(codes[i], want[i]);
  ops_mx_quantize_rne(f, x, 8, OPS_MX_SCALE_FLOOR, &scale, codes);
  for (int i = 0; i < 8; i++) CHECK_U64(codes[i], want[i]);
  o.elem_rounding = OPS_ROUND_AWAY; /* the reference: 400 -> 416 */
  CHECK(ops_block_quantize(f, x, 8, &o, 0, &scale, codes, NULL) == 0);
  CHECK_U64(codes[2], 0x7D);
}

int main(void) {
  test_dispatch();
  test_random_blocks();
  UNIT_DONE();
}
