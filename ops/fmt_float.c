/* fmt_float — minifloat codecs and shared rounding helpers; see fmt_float.h for the contract. */
#include "ops/fmt_float.h"

#include <math.h>
#include <string.h>
#include <strings.h>

const ops_fmt_float OPS_FP32 = {8, 23, 127, OPS_SPECIALS_IEEE, false, false};
const ops_fmt_float OPS_FP16 = {5, 10, 15, OPS_SPECIALS_IEEE, false, false};
const ops_fmt_float OPS_BF16 = {8, 7, 127, OPS_SPECIALS_IEEE, false, false};
const ops_fmt_float OPS_FP8_E4M3 = {4, 3, 7, OPS_SPECIALS_FN, false, false};
const ops_fmt_float OPS_FP8_E5M2 = {5, 2, 15, OPS_SPECIALS_IEEE, false, false};
const ops_fmt_float OPS_FP6_E2M3 = {2, 3, 1, OPS_SPECIALS_NONE, false, false};
const ops_fmt_float OPS_FP6_E3M2 = {3, 2, 3, OPS_SPECIALS_NONE, false, false};
const ops_fmt_float OPS_FP4_E2M1 = {2, 1, 1, OPS_SPECIALS_NONE, false, false};
const ops_fmt_float OPS_E8M0 = {8, 0, 127, OPS_SPECIALS_FN, true, true};

ops_fmt_opts ops_fmt_opts_default(void) {
  ops_fmt_opts o = {OPS_ROUND_RNE, false, false, OPS_NAN_TO_ZERO, 0};
  return o;
}

int ops_fmt_float_check(const ops_fmt_float *f, com_err *e) {
  if (f->ebits < 1 || f->ebits > 8)
    return com_err_plain(e, COM_EINPUT, "exponent width %u is outside 1..8", f->ebits);
  if (f->mbits > 23)
    return com_err_plain(e, COM_EINPUT, "mantissa width %u is outside 0..23", f->mbits);
  if (f->bias < -512 || f->bias > 512)
    return com_err_plain(e, COM_EINPUT, "exponent bias %d is outside -512..512", f->bias);
  if (f->specials == OPS_SPECIALS_IEEE && (f->ebits < 2 || f->mbits < 1))
    return com_err_plain(e, COM_EINPUT,
                         "IEEE-style specials need at least 2 exponent and 1 mantissa bits "
                         "(use the _fn or _nospec style)");
  if (f->no_subnormals && !f->is_unsigned)
    return com_err_plain(e, COM_EINPUT, "a format without subnormals must be unsigned (E8M0)");
  if (f->is_unsigned && f->specials != OPS_SPECIALS_FN)
    return com_err_plain(e, COM_EINPUT, "an unsigned format needs the finite-only NaN (E8M0)");
  return 0;
}

unsigned ops_fmt_float_bits(const ops_fmt_float *f) {
  return f->ebits + f->mbits + (f->is_unsigned ? 0u : 1u);
}

uint32_t ops_fmt_float_max_code(const ops_fmt_float *f) {
  uint32_t all = (1u << (f->ebits + f->mbits)) - 1u;
  switch (f->specials) {
  case OPS_SPECIALS_IEEE: return all - (1u << f->mbits);  /* top exponent - 1, mantissa ones */
  case OPS_SPECIALS_FN: return all - 1u;
  default: return all;
  }
}

uint32_t ops_fmt_float_nan_code(const ops_fmt_float *f) {
  uint32_t all = (1u << (f->ebits + f->mbits)) - 1u;
  if (f->specials == OPS_SPECIALS_IEEE)
    return (all & ~((1u << f->mbits) - 1u)) | (1u << (f->mbits - 1));
  return f->specials == OPS_SPECIALS_FN ? all : UINT32_MAX;
}

static uint32_t fmt_mag_mask(const ops_fmt_float *f) {
  return (1u << (f->ebits + f->mbits)) - 1u;
}

bool ops_fmt_is_nan(const ops_fmt_float *f, uint32_t code) {
  uint32_t mag = code & fmt_mag_mask(f), top = ((1u << f->ebits) - 1u) << f->mbits;
  if (f->specials == OPS_SPECIALS_IEEE) return (mag & top) == top && (mag & ~top) != 0;
  return f->specials == OPS_SPECIALS_FN && mag == fmt_mag_mask(f);
}

bool ops_fmt_is_inf(const ops_fmt_float *f, uint32_t code) {
  uint32_t top = ((1u << f->ebits) - 1u) << f->mbits;
  return f->specials == OPS_SPECIALS_IEEE && (code & fmt_mag_mask(f)) == top;
}

/* 2^k for -1022 <= k <= 1023, by construction of the bits. */
static inline double fmt_pow2(int k) {
  uint64_t bits = (uint64_t)(k + 1023) << 52;
  double v;
  memcpy(&v, &bits, sizeof v);
  return v;
}

double ops_fmt_decode_f64(const ops_fmt_float *f, uint32_t code) {
  unsigned em = f->ebits + f->mbits;
  bool neg = !f->is_unsigned && ((code >> em) & 1u);
  uint32_t mag = code & fmt_mag_mask(f);
  uint32_t ef = mag >> f->mbits, m = mag & ((1u << f->mbits) - 1u);
  double v;
  if (f->specials != OPS_SPECIALS_NONE && ef == (1u << f->ebits) - 1u &&
      (ops_fmt_is_nan(f, code) || ops_fmt_is_inf(f, code)))
    v = ops_fmt_is_nan(f, code) ? NAN : INFINITY;
  else if (ef == 0 && !f->no_subnormals) v = (double)m * fmt_pow2(1 - f->bias - (int)f->mbits);
  else v = (double)(m + (1u << f->mbits)) * fmt_pow2((int)ef - f->bias - (int)f->mbits);
  return neg ? -v : v;
}

float ops_fmt_decode(const ops_fmt_float *f, uint32_t code) {
  return (float)ops_fmt_decode_f64(f, code);
}

double ops_fmt_float_max(const ops_fmt_float *f) {
  return ops_fmt_decode_f64(f, ops_fmt_float_max_code(f));
}
double ops_fmt_float_min_normal(const ops_fmt_float *f) {
  return ops_fmt_decode_f64(f, f->no_subnormals ? 0u : 1u << f->mbits);
}
double ops_fmt_float_min_subnormal(const ops_fmt_float *f) {
  return ops_fmt_decode_f64(f, f->no_subnormals ? 0u : 1u);
}

uint32_t ops_fmt_random32(uint64_t seed, uint64_t counter) {
  uint64_t z = seed ^ (counter * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (uint32_t)(z >> 32);
}

/* Whether a magnitude with truncated part `rem` of `shift` bits (shift >= 1; rem holds the
 * whole significand when shift >= 64) rounds up, given the parity of the truncated significand
 * and the sign. frac32 is the truncated part as a 32-bit fraction for stochastic rounding. */
static inline bool fmt_round_up(ops_rounding r, uint64_t rem, int shift, bool odd, bool neg,
                                uint64_t seed, uint64_t counter) {
  if (rem == 0) return false;
  uint64_t half = shift < 64 ? 1ull << (shift - 1) : UINT64_MAX; /* rem < 2^53 <= half */
  switch (r) {
  case OPS_ROUND_RNE: return rem > half || (rem == half && odd);
  case OPS_ROUND_AWAY: return rem >= half;
  case OPS_ROUND_RTZ: return false;
  case OPS_ROUND_UP: return !neg;
  case OPS_ROUND_DOWN: return neg;
  case OPS_ROUND_STOCHASTIC: {
    uint32_t frac32 = shift <= 32 ? (uint32_t)(rem << (32 - shift))
                      : shift - 32 < 64 ? (uint32_t)(rem >> (shift - 32)) : 0u;
    return ops_fmt_random32(seed, counter) < frac32;
  }
  }
  return false;
}

/* The code for an overflowing finite input (magnitude beyond max finite after rounding). */
static uint32_t fmt_overflow(const ops_fmt_float *f, const ops_fmt_opts *o, bool neg) {
  bool toward_zero = o->rounding == OPS_ROUND_RTZ || (o->rounding == OPS_ROUND_UP && neg) ||
                     (o->rounding == OPS_ROUND_DOWN && !neg);
  if (o->saturate || toward_zero || f->specials == OPS_SPECIALS_NONE)
    return ops_fmt_float_max_code(f);
  if (f->specials == OPS_SPECIALS_IEEE) return ((1u << f->ebits) - 1u) << f->mbits;
  return fmt_mag_mask(f); /* FN: NaN */
}

uint32_t ops_fmt_encode_f64(const ops_fmt_float *f, double x, const ops_fmt_opts *o,
                            uint64_t counter) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  bool neg = bits >> 63;
  uint64_t mag = bits & 0x7FFFFFFFFFFFFFFFull;
  unsigned M = f->mbits;
  uint32_t sbit = (!f->is_unsigned && neg) ? 1u << (f->ebits + M) : 0u;
  if (mag > 0x7FF0000000000000ull) { /* NaN */
    if (f->specials == OPS_SPECIALS_NONE)
      return o->nan_policy == OPS_NAN_TO_MAX ? ops_fmt_float_max_code(f) : 0u;
    return sbit | ops_fmt_float_nan_code(f);
  }
  if (f->is_unsigned && (neg || mag == 0)) return ops_fmt_float_nan_code(f);
  if (mag == 0x7FF0000000000000ull) { /* Inf */
    if (o->saturate || f->specials == OPS_SPECIALS_NONE) return sbit | ops_fmt_float_max_code(f);
    return sbit | fmt_overflow(f, o, neg);
  }
  if (mag == 0) return sbit;
  int ex = (int)(mag >> 52);
  uint64_t sig = mag & 0xFFFFFFFFFFFFFull;
  if (ex) sig |= 1ull << 52;
  else ex = 1;
  int lsb_exp = ex - 1075; /* |x| = sig * 2^lsb_exp */
  int top = lsb_exp + 63 - __builtin_clzll(sig);
  int emin = f->no_subnormals ? -f->bias : 1 - f->bias;
  int te = top < emin ? emin : top;
  if (te - emin >= (1 << f->ebits)) return sbit | fmt_overflow(f, o, neg);
  int shift = te - (int)M - lsb_exp;
  uint64_t n, rem = 0;
  if (shift <= 0) n = sig << -shift;
  else if (shift < 64) n = sig >> shift, rem = sig & ((1ull << shift) - 1);
  else n = 0, rem = sig;
  uint64_t code = ((uint64_t)(te - emin) << M) + n;
  if (f->no_subnormals) {
    if (n < (1ull << M)) return sbit; /* below the smallest value: clamp to it (code 0) */
    code -= 1ull << M;
  }
  if (shift > 0) code += fmt_round_up(o->rounding, rem, shift, n & 1u, neg, o->seed, counter);
  if (code > ops_fmt_float_max_code(f)) return sbit | fmt_overflow(f, o, neg);
  if (o->flush_subnormals && !f->no_subnormals && code < (1ull << M)) return sbit;
  return sbit | (uint32_t)code;
}

uint32_t ops_fmt_encode(const ops_fmt_float *f, float x, const ops_fmt_opts *o, uint64_t counter) {
  return ops_fmt_encode_f64(f, (double)x, o, counter);
}

double ops_fmt_round_integer(double v, ops_rounding r, uint64_t seed, uint64_t counter) {
  if (isnan(v) || isinf(v)) return v;
  double a = fabs(v), fl = floor(a), d = a - fl;
  bool neg = signbit(v), up = false;
  if (d > 0) {
    switch (r) {
    case OPS_ROUND_RNE: up = d > 0.5 || (d == 0.5 && fmod(fl, 2.0) != 0); break;
    case OPS_ROUND_AWAY: up = d >= 0.5; break;
    case OPS_ROUND_RTZ: break;
    case OPS_ROUND_UP: up = !neg; break;
    case OPS_ROUND_DOWN: up = neg; break;
    case OPS_ROUND_STOCHASTIC: up = ops_fmt_random32(seed, counter) < (uint32_t)ldexp(d, 32); break;
    }
  }
  return copysign(fl + (up ? 1.0 : 0.0), v);
}

static const char *const rounding_names[] = {"rne", "rtz", "away", "stochastic", "up", "down"};

bool ops_rounding_parse(const char *s, ops_rounding *out) {
  for (unsigned i = 0; i < sizeof rounding_names / sizeof rounding_names[0]; i++)
    if (strcasecmp(s, rounding_names[i]) == 0) return *out = (ops_rounding)i, true;
  return false;
}

const char *ops_rounding_name(ops_rounding r) {
  return (unsigned)r < sizeof rounding_names / sizeof rounding_names[0] ? rounding_names[r] : "?";
}

/* RNE fast path for fp32 inputs whose result is a normal number of f or an overflow: round the
 * fp32 bits at the target mantissa width and rebias the exponent, branch-free so that the loop
 * vectorizes. Every other input (zero, subnormal results, Inf, NaN) is marked with the sentinel
 * UINT32_MAX (never a fast-path result) and finished by the exact encoder in a second pass. */
#if defined(__GNUC__) && !defined(__clang__)
#define FMT_VECTORIZE __attribute__((optimize("O3")))
#else
#define FMT_VECTORIZE
#endif
FMT_VECTORIZE static void fmt_encode_rne_fast(
    const ops_fmt_float *f, const float *restrict x, size_t n, uint32_t min_normal_bits,
    uint32_t max_code, uint32_t overflow_code, uint32_t *restrict codes) {
  const unsigned shift = 23 - f->mbits, sign_shift = f->ebits + f->mbits;
  const uint32_t half = shift ? (1u << (shift - 1)) - 1u : 0u, rebias = (uint32_t)(127 - f->bias)
                                                                         << f->mbits;
  for (size_t i = 0; i < n; i++) {
    uint32_t u;
    memcpy(&u, &x[i], sizeof u);
    uint32_t mag = u & 0x7FFFFFFFu;
    uint32_t c = ((mag + half + ((mag >> shift) & (shift ? 1u : 0u))) >> shift) - rebias;
    c = c > max_code ? overflow_code : c;
    c |= (u >> 31) << sign_shift;
    codes[i] = (mag < min_normal_bits || mag >= 0x7F800000u) ? UINT32_MAX : c;
  }
}

void ops_fmt_encode_array(const ops_fmt_float *f, const float *x, size_t n, const ops_fmt_opts *o,
                          uint64_t counter0, uint32_t *codes) {
  bool fast = o->rounding == OPS_ROUND_RNE && !f->is_unsigned && !f->no_subnormals &&
              1 - f->bias >= -126;
  if (!fast) {
    for (size_t i = 0; i < n; i++) codes[i] = ops_fmt_encode_f64(f, x[i], o, counter0 + i);
    return;
  }
  float min_normal = (float)ops_fmt_float_min_normal(f);
  uint32_t min_normal_bits;
  memcpy(&min_normal_bits, &min_normal, sizeof min_normal_bits);
  fmt_encode_rne_fast(f, x, n, min_normal_bits, ops_fmt_float_max_code(f),
                      fmt_overflow(f, o, false), codes);
  for (size_t i = 0; i < n; i++)
    if (codes[i] == UINT32_MAX) codes[i] = ops_fmt_encode_f64(f, x[i], o, counter0 + i);
}
