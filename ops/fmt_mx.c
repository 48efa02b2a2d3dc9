/* fmt_mx — OCP MX and BFP block codecs and the block dispatcher; see fmt_block.h. */
#include "ops/fmt_block.h"

#include <math.h>
#include <string.h>

#include "ops/fmt_nf4.h"
#include "ops/fmt_olive.h"

ops_block_opts ops_block_opts_default(void) {
  ops_block_opts o = {OPS_ROUND_RNE, 0, OPS_MX_SCALE_FLOOR, OPS_ROUND_RNE, 0.0f};
  return o;
}

bool ops_mx_scale_parse(const char *s, ops_mx_scale_method *out) {
  static const char *const names[] = {"floor", "ceil", "even", "rceil"};
  for (unsigned i = 0; i < 4; i++)
    if (!strcmp(s, names[i])) return *out = (ops_mx_scale_method)i, true;
  return false;
}

int ops_mx_emax_elem(const ops_format *f) {
  if (f->int_elems) return 0;
  return ilogb(ops_fmt_float_max(&f->fp));
}

/* Largest element magnitude at unit scale. */
static double block_elem_max(const ops_format *f) {
  if (f->int_elems) return ldexp((double)((1u << (f->elem_bits - 1)) - 1u), 2 - (int)f->elem_bits);
  return ops_fmt_float_max(&f->fp);
}

/* The RCEIL shared exponent of a block with finite amax > 0 (128: the NaN scale). */
static int mx_rceil_exp(const ops_format *f, float amax) {
  float descale = amax * (float)(1.0 / block_elem_max(f)); /* fp32 reciprocal, fp32 product */
  ops_fmt_opts up = ops_fmt_opts_default();
  up.rounding = OPS_ROUND_UP;
  uint32_t code = ops_fmt_encode(&OPS_E8M0, descale, &up, 0);
  return code == 0xFFu ? 128 : (int)code - 127;
}

int ops_mx_shared_exp(const ops_format *f, const float *x, size_t n, ops_mx_scale_method m) {
  float amax = 0.0f;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(x[i])) return 128;
    amax = fmaxf(amax, fabsf(x[i]));
  }
  if (amax == 0.0f) return -127;
  int emax = f->block_kind == OPS_BLOCK_BFP ? 0 : ops_mx_emax_elem(f), se;
  if (m == OPS_MX_SCALE_RCEIL) return mx_rceil_exp(f, amax);
  se = ilogb(amax);
  double frac = ldexp(amax, -se); /* in [1, 2) */
  if (m == OPS_MX_SCALE_CEIL && frac > 1.0) se++;
  if (m == OPS_MX_SCALE_EVEN) {
    int mbits = f->int_elems ? (int)f->elem_bits - 2 : (int)f->fp.mbits;
    if (frac >= 2.0 - ldexp(1.0, -(mbits + 1))) se++;
  }
  se -= emax;
  if (se > 127) return 128;
  return se < -127 ? -127 : se;
}

double ops_block_elem_value(const ops_format *f, uint32_t code) {
  if (f->int_elems) {
    int32_t q = (int32_t)(code << (32 - f->elem_bits)) >> (32 - f->elem_bits);
    return ldexp((double)q, 2 - (int)f->elem_bits);
  }
  return ops_fmt_decode_f64(&f->fp, code);
}

/* Encodes v (already divided by the block scale) as one saturating element. */
static uint32_t block_elem_encode(const ops_format *f, double v, const ops_block_opts *o,
                                  uint64_t counter) {
  if (f->int_elems) {
    double qmax = (double)((1u << (f->elem_bits - 1)) - 1u);
    double q = ops_fmt_round_integer(ldexp(v, (int)f->elem_bits - 2), o->elem_rounding, o->seed,
                                     counter);
    q = fmin(fmax(q, -qmax), qmax);
    return (uint32_t)(int32_t)q & ((1u << f->elem_bits) - 1u);
  }
  ops_fmt_opts eo = ops_fmt_opts_default();
  eo.rounding = o->elem_rounding, eo.saturate = true, eo.seed = o->seed;
  return ops_fmt_encode_f64(&f->fp, v, &eo, counter);
}

void ops_mx_quantize_ref(const ops_format *f, const float *x, size_t n, const ops_block_opts *o,
                         uint64_t counter0, uint32_t *scale_code, uint32_t *codes) {
  ops_mx_scale_method m = f->block_kind == OPS_BLOCK_BFP ? OPS_MX_SCALE_FLOOR : o->mx_scale;
  int se = ops_mx_shared_exp(f, x, n, m);
  if (se == 128) {
    *scale_code = 0xFFu;
    memset(codes, 0, n * sizeof *codes);
    return;
  }
  *scale_code = (uint32_t)(se + 127);
  for (size_t i = 0; i < n; i++)
    codes[i] = block_elem_encode(f, ldexp((double)x[i], -se), o, counter0 + i);
}

/* The shared exponent of ops_mx_shared_exp from the fp32 bits of a finite amax (sign clear), in
 * integer arithmetic: floor(log2 amax) is the exponent field (fp32 subnormals: the position of
 * the leading bit), frac = 1.m23 with the 23 fraction bits m23 of the normalized amax. */
static int mx_shared_exp_bits(const ops_format *f, uint32_t amax_bits, ops_mx_scale_method m) {
  if (amax_bits == 0) return -127;
  if (m == OPS_MX_SCALE_RCEIL) {
    float amax;
    memcpy(&amax, &amax_bits, sizeof amax);
    return mx_rceil_exp(f, amax);
  }
  int e = (int)(amax_bits >> 23) - 127;
  uint32_t m23 = amax_bits & 0x7FFFFFu;
  if (e == -127) { /* fp32 subnormal: value m23 * 2^-149, leading bit at p */
    int p = 31 - __builtin_clz(m23);
    e = p - 149;
    m23 = (m23 << (23 - p)) & 0x7FFFFFu;
  }
  if (m == OPS_MX_SCALE_CEIL) e += m23 != 0;
  if (m == OPS_MX_SCALE_EVEN) { /* frac >= 2 - 2^-(mbits+1); never true for mbits >= 23 */
    int mbits = f->int_elems ? (int)f->elem_bits - 2 : (int)f->fp.mbits;
    e += mbits <= 22 && m23 >= (1u << 23) - (1u << (22 - mbits));
  }
  int se = e - (f->block_kind == OPS_BLOCK_BFP ? 0 : ops_mx_emax_elem(f));
  if (se > 127) return 128;
  return se < -127 ? -127 : se;
}

/* The RNE fast path works on chunks of MX_CHUNK values (a partial chunk is padded with zeros),
 * so that its loops have a constant trip count and GCC vectorizes them at -O2. Every step is
 * exact fp32 or integer arithmetic in the default floating-point environment (round to nearest,
 * no flush to zero):
 *  - v = x * 2^-se in fp32 is exact unless |v| < 2^-126, which the covered element formats
 *    (mx_rne_fast_ok) round to a signed zero anyway, rounded or not;
 *  - minifloat elements in the normal range: the fp32 bits of v rounded at M mantissa bits and
 *    rebiased (ops_fmt_encode_array's bit trick), saturated at max_code;
 *  - element subnormals and integers: t = |v| times a power of two (exact: t < 2^M for element
 *    subnormals; integers: t < 2^(bits-1) for every scale method, as se >= floor(log2 amax) or
 *    the clamp at -127 only shrinks v), then fp32(t + 2^23) rounds t to an integer with ties to
 *    even (t clamped to 2^22 first; any larger t saturates anyway). */
enum { MX_CHUNK = 32 };
static const float MX_ROUND_INT = 0x1p23f; /* fp32(t + 2^23) - 2^23 = RNE(t) for 0 <= t <= 2^22 */

/* RNE(min(t, 2^22)) for t >= 0, branch-free (the clamp on the bits, which order like t). */
static inline uint32_t mx_rint(float t) {
  uint32_t u;
  memcpy(&u, &t, sizeof u);
  u = u < 0x4A800000u ? u : 0x4A800000u; /* the bits of 2^22 */
  memcpy(&t, &u, sizeof t);
  t += MX_ROUND_INT;
  memcpy(&u, &t, sizeof u);
  return u - 0x4B000000u; /* the bits of 2^23 */
}

/* Element codes of one chunk of minifloat elements; see above. */
static void mx_chunk_float(const ops_fmt_float *ef, const float *restrict x, float descale,
                           uint32_t *restrict codes) {
  const unsigned M = ef->mbits, sh = 23 - M, sign_shift = ef->ebits + M;
  const uint32_t half = (1u << (sh - 1)) - 1u, rebias = (uint32_t)(127 - ef->bias) << M;
  const uint32_t min_normal_bits = (uint32_t)(128 - ef->bias) << 23; /* fp32 2^emin */
  const uint32_t max_code = ops_fmt_float_max_code(ef);
  const float sub_unit = ldexpf(1.0f, (int)M + ef->bias - 1); /* 2^(M - emin) */
  for (int i = 0; i < MX_CHUNK; i++) {
    float v = x[i] * descale;
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    uint32_t mag = u & 0x7FFFFFFFu;
    uint32_t norm = ((mag + half + ((mag >> sh) & 1u)) >> sh) - rebias;
    uint32_t sub = mx_rint(fabsf(v) * sub_unit), is_sub = 0u - (uint32_t)(mag < min_normal_bits);
    uint32_t c = (sub & is_sub) | (norm & ~is_sub); /* a mask, not ?:, which GCC would branch */
    codes[i] = (c > max_code ? max_code : c) | (u >> 31) << sign_shift;
  }
}

/* Element codes of one chunk of integer elements of `bits`: q = RNE(|x| 2^-se 2^(bits-2)),
 * saturated at qmax, two's complement. */
static void mx_chunk_int(unsigned bits, const float *restrict x, float descale,
                         uint32_t *restrict codes) {
  const uint32_t qmax = (1u << (bits - 1)) - 1u, mask = (1u << bits) - 1u;
  const float unit = (float)(1u << (bits - 2));
  for (int i = 0; i < MX_CHUNK; i++) {
    float v = x[i] * descale;
    uint32_t q = mx_rint(fabsf(v) * unit);
    q = q > qmax ? qmax : q;
    codes[i] = (signbit(v) ? 0u - q : q) & mask;
  }
}

/* max(amax_bits, fp32 bits of |x|): fp32 magnitudes order like their bits, NaN above Inf. */
static inline uint32_t mx_amax_step(float x, uint32_t amax_bits) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  u &= 0x7FFFFFFFu;
  return u > amax_bits ? u : amax_bits;
}

static uint32_t mx_chunk_amax(const float *restrict x, uint32_t amax_bits) {
  for (int i = 0; i < MX_CHUNK; i++) amax_bits = mx_amax_step(x[i], amax_bits);
  return amax_bits;
}

/* Whether the fast path covers f's elements (every MX element format, every BFP): integers of
 * 2..16 bits, or signed minifloats with subnormals, M <= 22, half the smallest subnormal at
 * least 2^-126 (emin - M >= -125: what v rounds to zero when it is inexact), emin and M - emin
 * inside fp32's normal exponents, and max finite below 2^127 (an fp32 v that overflows is above
 * it and saturates). */
static bool mx_rne_fast_ok(const ops_format *f) {
  if (f->int_elems) return f->elem_bits >= 2 && f->elem_bits <= 16;
  const ops_fmt_float *ef = &f->fp;
  int M = (int)ef->mbits, emin = 1 - ef->bias;
  return !ef->is_unsigned && !ef->no_subnormals && M <= 22 && emin - M >= -125 && emin <= 127 &&
         M - emin <= 127 && ops_fmt_float_max(ef) < 0x1p127;
}

void ops_mx_quantize_rne(const ops_format *f, const float *x, size_t n, ops_mx_scale_method m,
                         uint32_t *scale_code, uint32_t *codes) {
  if (!mx_rne_fast_ok(f)) {
    ops_block_opts o = ops_block_opts_default();
    o.mx_scale = m;
    ops_mx_quantize_ref(f, x, n, &o, 0, scale_code, codes);
    return;
  }
  if (f->block_kind == OPS_BLOCK_BFP) m = OPS_MX_SCALE_FLOOR;
  uint32_t amax_bits = 0;
  size_t full = n / MX_CHUNK * MX_CHUNK;
  for (size_t i0 = 0; i0 < full; i0 += MX_CHUNK) amax_bits = mx_chunk_amax(x + i0, amax_bits);
  for (size_t i = full; i < n; i++) amax_bits = mx_amax_step(x[i], amax_bits);
  int se = amax_bits >= 0x7F800000u ? 128 : mx_shared_exp_bits(f, amax_bits, m);
  if (se == 128) {
    *scale_code = 0xFFu;
    memset(codes, 0, n * sizeof *codes);
    return;
  }
  *scale_code = (uint32_t)(se + 127);
  float descale = ldexpf(1.0f, -se); /* 2^-127 is an fp32 subnormal, exact */
  for (size_t i0 = 0; i0 < n; i0 += MX_CHUNK) {
    size_t k = n - i0 < MX_CHUNK ? n - i0 : MX_CHUNK;
    float pad[MX_CHUNK];
    uint32_t out[MX_CHUNK];
    const float *src = x + i0;
    if (k < MX_CHUNK) {
      memset(pad, 0, sizeof pad);
      memcpy(pad, src, k * sizeof *pad);
      src = pad;
    }
    uint32_t *dst = k < MX_CHUNK ? out : codes + i0;
    if (f->int_elems) mx_chunk_int(f->elem_bits, src, descale, dst);
    else mx_chunk_float(&f->fp, src, descale, dst);
    if (k < MX_CHUNK) memcpy(codes + i0, out, k * sizeof *out);
  }
}

int ops_block_quantize(const ops_format *f, const float *x, size_t n, const ops_block_opts *o,
                       uint64_t counter0, uint32_t *scale_code, uint32_t *codes, com_err *e) {
  if (!f || f->cls != OPS_FMT_BLOCK)
    return com_err_plain(e, COM_EINPUT, "format '%s' is not a block format", f ? f->name : "?");
  if (n < 1 || n > f->block)
    return com_err_plain(e, COM_EINPUT, "a %s block holds 1 to %u values, not %zu", f->name,
                         f->block, n);
  switch (f->block_kind) {
  case OPS_BLOCK_MX:
  case OPS_BLOCK_BFP:
    if (o->elem_rounding == OPS_ROUND_RNE)
      ops_mx_quantize_rne(f, x, n, o->mx_scale, scale_code, codes);
    else
      ops_mx_quantize_ref(f, x, n, o, counter0, scale_code, codes);
    return 0;
  case OPS_BLOCK_NVFP4: return ops_nvfp4_quantize_block(f, x, n, o, counter0, scale_code, codes);
  case OPS_BLOCK_NF4: {
    float absmax;
    ops_nf4_quantize_block(x, n, &absmax, codes);
    memcpy(scale_code, &absmax, sizeof absmax);
    return 0;
  }
  case OPS_BLOCK_OLIVE:
    *scale_code = 0;
    return ops_olive_quantize(f->olive, x, n, o->tensor_scale, codes, e);
  default: break;
  }
  return com_err_plain(e, COM_EINPUT, "format '%s' has no block codec", f->name);
}

int ops_block_dequantize(const ops_format *f, uint32_t scale_code, const uint32_t *codes,
                         size_t n, const ops_block_opts *o, float *out, com_err *e) {
  if (!f || f->cls != OPS_FMT_BLOCK)
    return com_err_plain(e, COM_EINPUT, "format '%s' is not a block format", f ? f->name : "?");
  if (n < 1 || n > f->block)
    return com_err_plain(e, COM_EINPUT, "a %s block holds 1 to %u values, not %zu", f->name,
                         f->block, n);
  switch (f->block_kind) {
  case OPS_BLOCK_MX:
  case OPS_BLOCK_BFP:
    if (scale_code > 0xFFu)
      return com_err_plain(e, COM_EINPUT, "scale code 0x%X is not an E8M0 code", scale_code);
    for (size_t i = 0; i < n; i++)
      out[i] = scale_code == 0xFFu
                   ? NAN
                   : (float)ldexp(ops_block_elem_value(f, codes[i]), (int)scale_code - 127);
    return 0;
  case OPS_BLOCK_NVFP4: ops_nvfp4_dequantize_block(f, scale_code, codes, n, o, out); return 0;
  case OPS_BLOCK_NF4: {
    float absmax;
    memcpy(&absmax, &scale_code, sizeof absmax);
    ops_nf4_dequantize_block(absmax, codes, n, out);
    return 0;
  }
  case OPS_BLOCK_OLIVE: ops_olive_dequantize(f->olive, codes, n, o->tensor_scale, out); return 0;
  default: break;
  }
  return com_err_plain(e, COM_EINPUT, "format '%s' has no block codec", f->name);
}
