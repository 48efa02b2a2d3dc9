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

int ops_mx_shared_exp(const ops_format *f, const float *x, size_t n, ops_mx_scale_method m) {
  float amax = 0.0f;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(x[i])) return 128;
    amax = fmaxf(amax, fabsf(x[i]));
  }
  if (amax == 0.0f) return -127;
  int emax = f->block_kind == OPS_BLOCK_BFP ? 0 : ops_mx_emax_elem(f), se;
  if (m == OPS_MX_SCALE_RCEIL) {
    float descale = amax * (float)(1.0 / block_elem_max(f)); /* fp32 reciprocal, fp32 product */
    ops_fmt_opts up = ops_fmt_opts_default();
    up.rounding = OPS_ROUND_UP;
    uint32_t code = ops_fmt_encode(&OPS_E8M0, descale, &up, 0);
    return code == 0xFFu ? 128 : (int)code - 127;
  }
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

/* MX and BFP: E8M0 scale 2^se, elements x / 2^se (exact in double), saturating. */
static void mx_quantize(const ops_format *f, const float *x, size_t n, const ops_block_opts *o,
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

int ops_block_quantize(const ops_format *f, const float *x, size_t n, const ops_block_opts *o,
                       uint64_t counter0, uint32_t *scale_code, uint32_t *codes, com_err *e) {
  if (!f || f->cls != OPS_FMT_BLOCK)
    return com_err_plain(e, COM_EINPUT, "format '%s' is not a block format", f ? f->name : "?");
  if (n < 1 || n > f->block)
    return com_err_plain(e, COM_EINPUT, "a %s block holds 1 to %u values, not %zu", f->name,
                         f->block, n);
  switch (f->block_kind) {
  case OPS_BLOCK_MX:
  case OPS_BLOCK_BFP: mx_quantize(f, x, n, o, counter0, scale_code, codes); return 0;
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
