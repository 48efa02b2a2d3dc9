/* fmt_arith — exact products, fp32 dot products, fixed-point/Kulisch accumulators and L-Mul;
 * see fmt_arith.h for the contract. */
#include "ops/fmt_arith.h"

#include <math.h>
#include <string.h>

#define FX_LIMBS (OPS_FXACC_MAX_BITS / 64)
#define FX_MAX_WIDTH 576u

ops_exact ops_exact_of_code(const ops_fmt_float *f, uint32_t code) {
  ops_exact v = {0, 0, false, false};
  bool neg = !f->is_unsigned && ((code >> (f->ebits + f->mbits)) & 1u);
  if (ops_fmt_is_nan(f, code)) v.nan = true;
  else if (ops_fmt_is_inf(f, code)) v.inf = true;
  uint32_t mag = code & ((1u << (f->ebits + f->mbits)) - 1u);
  uint32_t ef = mag >> f->mbits, m = mag & ((1u << f->mbits) - 1u);
  if (ef == 0 && !f->no_subnormals) v.sig = m, v.exp = 1 - f->bias - (int)f->mbits;
  else v.sig = m + (1u << f->mbits), v.exp = (int)ef - f->bias - (int)f->mbits;
  if (v.nan || v.inf) v.sig = 1;
  if (neg) v.sig = -v.sig;
  return v;
}

ops_exact ops_exact_mul(const ops_fmt_float *fa, uint32_t a, const ops_fmt_float *fb, uint32_t b) {
  ops_exact x = ops_exact_of_code(fa, a), y = ops_exact_of_code(fb, b), p;
  p.sig = x.sig * y.sig;
  p.exp = x.exp + y.exp;
  p.nan = x.nan || y.nan || ((x.inf || y.inf) && (x.sig == 0 || y.sig == 0));
  p.inf = !p.nan && (x.inf || y.inf);
  return p;
}

double ops_exact_to_f64(ops_exact v) {
  if (v.nan) return NAN;
  if (v.inf) return v.sig < 0 ? -INFINITY : INFINITY;
  return ldexp((double)v.sig, v.exp); /* |sig| < 2^53 for every product of two <= 24-bit codes */
}

float ops_dot_fp32(const float *a, const float *b, size_t n, float acc0, ops_acc_fp32_mode mode) {
  float acc = acc0;
  for (size_t k = 0; k < n; k++) {
    if (mode == OPS_ACC_FP32_FUSED) {
      acc = fmaf(a[k], b[k], acc);
    } else {
      float p = a[k] * b[k];
      acc = acc + p;
    }
  }
  return acc;
}

int ops_fxacc_init(ops_fxacc *acc, unsigned width, int lsb_exp, ops_fxacc_overflow on_overflow,
                   ops_rounding input_rounding, com_err *e) {
  if (width < 2 || width > FX_MAX_WIDTH)
    return com_err_plain(e, COM_EINPUT, "accumulator width %u is outside 2..%u", width,
                         FX_MAX_WIDTH);
  memset(acc, 0, sizeof *acc);
  acc->width = width, acc->lsb_exp = lsb_exp, acc->on_overflow = on_overflow;
  acc->input_rounding = input_rounding;
  return 0;
}

static bool fx_bit(const uint64_t *l, unsigned i) { return (l[i / 64] >> (i % 64)) & 1u; }

/* True when bits width-1 .. top all equal the sign bit (the value fits `width` bits). */
static bool fx_fits(const uint64_t *l, unsigned width) {
  bool sign = fx_bit(l, OPS_FXACC_MAX_BITS - 1);
  for (unsigned i = width - 1; i < OPS_FXACC_MAX_BITS; i++)
    if (fx_bit(l, i) != sign) return false;
  return true;
}

/* Sets bits from..top to the value `bit`. */
static void fx_fill_from(uint64_t *l, unsigned from, bool bit) {
  for (unsigned i = from; i < OPS_FXACC_MAX_BITS; i++) {
    if (bit) l[i / 64] |= 1ull << (i % 64);
    else l[i / 64] &= ~(1ull << (i % 64));
  }
}

static void fx_negate(uint64_t *l) {
  unsigned carry = 1;
  for (unsigned i = 0; i < FX_LIMBS; i++) {
    l[i] = ~l[i] + carry;
    carry = carry && l[i] == 0;
  }
}

/* Quotient of mag / 2^drop rounded with r (drop >= 1); *inexact when bits were lost. */
static uint64_t fx_round_shift(uint64_t mag, unsigned drop, ops_rounding r, bool neg, bool *inexact) {
  uint64_t q = drop < 64 ? mag >> drop : 0, rem = drop < 64 ? mag & ((1ull << drop) - 1) : mag;
  if (rem == 0) return q;
  *inexact = true;
  uint64_t half = drop <= 64 ? 1ull << (drop - 1) : UINT64_MAX;
  bool above = drop <= 64 ? rem > half : false, tie = drop <= 64 && rem == half;
  switch (r) {
  case OPS_ROUND_RNE: case OPS_ROUND_STOCHASTIC: return q + (above || (tie && (q & 1u)));
  case OPS_ROUND_AWAY: return q + (above || tie);
  case OPS_ROUND_UP: return q + !neg;
  case OPS_ROUND_DOWN: return q + neg;
  default: return q;
  }
}

void ops_fxacc_add(ops_fxacc *acc, ops_exact v) {
  if (v.nan || v.inf) {
    acc->nan = true;
    return;
  }
  if (v.sig == 0) return;
  bool neg = v.sig < 0;
  uint64_t mag = neg ? (uint64_t)0 - (uint64_t)v.sig : (uint64_t)v.sig;
  long shift = (long)v.exp - acc->lsb_exp;
  if (shift < 0) {
    mag = fx_round_shift(mag, (unsigned)(shift < -100 ? 100 : -shift), acc->input_rounding, neg,
                         &acc->inexact);
    shift = 0;
    if (mag == 0) return;
  }
  if (shift > OPS_FXACC_MAX_BITS - 66) { /* a multiple of 2^width: only the flag changes */
    acc->overflowed = true;
    if (acc->on_overflow == OPS_FXACC_SATURATE) { /* the addend dominates: its sign wins */
      memset(acc->limb, neg ? 0 : 0xFF, sizeof acc->limb);
      fx_fill_from(acc->limb, acc->width - 1, neg);
    }
    return;
  }
  uint64_t t[FX_LIMBS] = {0};
  unsigned w = (unsigned)shift / 64, b = (unsigned)shift % 64;
  t[w] = mag << b;
  if (b && w + 1 < FX_LIMBS) t[w + 1] = mag >> (64 - b);
  if (neg) fx_negate(t);
  unsigned carry = 0;
  for (unsigned i = 0; i < FX_LIMBS; i++) {
    uint64_t s = acc->limb[i] + t[i];
    unsigned c1 = s < t[i];
    acc->limb[i] = s + carry;
    carry = c1 | (acc->limb[i] < s);
  }
  if (fx_fits(acc->limb, acc->width)) return;
  acc->overflowed = true;
  bool sum_neg = fx_bit(acc->limb, OPS_FXACC_MAX_BITS - 1);
  if (acc->on_overflow == OPS_FXACC_WRAP) {
    fx_fill_from(acc->limb, acc->width, fx_bit(acc->limb, acc->width - 1));
  } else { /* -2^(w-1) = ones from w-1 up; 2^(w-1) - 1 = ones below w-1 */
    memset(acc->limb, sum_neg ? 0 : 0xFF, sizeof acc->limb);
    fx_fill_from(acc->limb, acc->width - 1, sum_neg);
  }
}

double ops_fxacc_to_f64(const ops_fxacc *acc, bool round_to_odd) {
  if (acc->nan) return NAN;
  uint64_t m[FX_LIMBS];
  memcpy(m, acc->limb, sizeof m);
  bool neg = fx_bit(m, OPS_FXACC_MAX_BITS - 1);
  if (neg) fx_negate(m);
  int top = -1;
  for (int i = FX_LIMBS - 1; i >= 0 && top < 0; i--)
    if (m[i]) top = i * 64 + 63 - __builtin_clzll(m[i]);
  if (top < 0) return neg ? -0.0 : 0.0;
  uint64_t chunk = 0; /* bits top .. top-63, top-aligned */
  bool sticky = false;
  for (int k = 0; k < 64; k++) {
    int i = top - k;
    if (i >= 0 && fx_bit(m, (unsigned)i)) chunk |= 1ull << (63 - k);
  }
  for (int i = top - 64; i >= 0 && !sticky; i--) sticky = fx_bit(m, (unsigned)i);
  uint64_t q = chunk >> 11, rem = chunk & 0x7FFu;
  if (round_to_odd) q |= (rem != 0 || sticky);
  else q += rem > 0x400u || (rem == 0x400u && (sticky || (q & 1u)));
  double v = ldexp((double)q, top - 52 + acc->lsb_exp);
  return neg ? -v : v;
}

uint32_t ops_fxacc_encode(const ops_fxacc *acc, const ops_fmt_float *f, const ops_fmt_opts *o) {
  return ops_fmt_encode_f64(f, ops_fxacc_to_f64(acc, true), o, 0);
}

static unsigned ceil_log2_u64(uint64_t n) {
  unsigned k = 0;
  while (k < 64 && (1ull << k) < n) k++;
  return k;
}

unsigned ops_kulisch_width(const ops_fmt_float *fa, const ops_fmt_float *fb, uint64_t n) {
  int emax_a = ilogb(ops_fmt_float_max(fa)), emax_b = ilogb(ops_fmt_float_max(fb));
  int lsb_a = (fa->no_subnormals ? -fa->bias : 1 - fa->bias) - (int)fa->mbits;
  int lsb_b = (fb->no_subnormals ? -fb->bias : 1 - fb->bias) - (int)fb->mbits;
  return (unsigned)((emax_a + emax_b + 2) - (lsb_a + lsb_b) + 1) + ceil_log2_u64(n);
}

unsigned ops_kulisch_width_int(unsigned bits_a, unsigned bits_b, uint64_t n) {
  return bits_a + bits_b + ceil_log2_u64(n);
}

int ops_kulisch_init(ops_fxacc *acc, const ops_fmt_float *fa, const ops_fmt_float *fb,
                     uint64_t n, com_err *e) {
  int lsb_a = (fa->no_subnormals ? -fa->bias : 1 - fa->bias) - (int)fa->mbits;
  int lsb_b = (fb->no_subnormals ? -fb->bias : 1 - fb->bias) - (int)fb->mbits;
  return ops_fxacc_init(acc, ops_kulisch_width(fa, fb, n), lsb_a + lsb_b, OPS_FXACC_WRAP,
                        OPS_ROUND_RTZ, e);
}

unsigned ops_lmul_l(unsigned mbits) { return mbits <= 3 ? mbits : mbits == 4 ? 3 : 4; }

double ops_lmul_literal(const ops_fmt_float *f, uint32_t a, uint32_t b) {
  ops_exact x = ops_exact_of_code(f, a), y = ops_exact_of_code(f, b);
  bool neg = (x.sig < 0) != (y.sig < 0);
  if (x.nan || y.nan) return NAN;
  uint32_t fm = (1u << (f->ebits + f->mbits)) - 1u;
  bool xz = ((a & fm) >> f->mbits) == 0 && !f->no_subnormals;
  bool yz = ((b & fm) >> f->mbits) == 0 && !f->no_subnormals;
  if (x.inf || y.inf) return (xz || yz) ? NAN : (neg ? -INFINITY : INFINITY);
  if (xz || yz) return neg ? -0.0 : 0.0;
  int64_t one = 1ll << f->mbits; /* x.sig = one + xm * one */
  int64_t xs = x.sig < 0 ? -x.sig : x.sig, ys = y.sig < 0 ? -y.sig : y.sig;
  int64_t s = xs + (ys - one) + (one >> ops_lmul_l(f->mbits));
  double v = ldexp((double)s, x.exp + y.exp + (int)f->mbits);
  return neg ? -v : v;
}

uint32_t ops_lmul_intadd(const ops_fmt_float *f, uint32_t a, uint32_t b, bool saturate) {
  unsigned em = f->ebits + f->mbits;
  uint32_t fm = (1u << em) - 1u, ma = a & fm, mb = b & fm;
  uint32_t sign = f->is_unsigned ? 0u : ((a ^ b) >> em & 1u) << em;
  bool az = (ma >> f->mbits) == 0 && !f->no_subnormals, bz = (mb >> f->mbits) == 0 && !f->no_subnormals;
  ops_fmt_opts o = ops_fmt_opts_default();
  o.saturate = saturate;
  if (ops_fmt_is_nan(f, a) || ops_fmt_is_nan(f, b) ||
      ((ops_fmt_is_inf(f, a) || ops_fmt_is_inf(f, b)) && (az || bz)))
    return ops_fmt_encode_f64(f, NAN, &o, 0);
  if (ops_fmt_is_inf(f, a) || ops_fmt_is_inf(f, b))
    return ops_fmt_encode_f64(f, sign ? -INFINITY : INFINITY, &o, 0);
  if (az || bz) return sign;
  int64_t offset = ((int64_t)f->bias << f->mbits) - ((1ll << f->mbits) >> ops_lmul_l(f->mbits));
  int64_t r = (int64_t)ma + mb - offset;
  if (r < (1ll << f->mbits)) return sign; /* exponent field <= 0: flush to zero */
  if (r > (int64_t)ops_fmt_float_max_code(f))
    return ops_fmt_encode_f64(f, sign ? -INFINITY : INFINITY, &o, 0);
  return sign | (uint32_t)r;
}
