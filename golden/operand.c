/* operand — GEMM operands decoded once into fp32 panels; see gemm_int.h for the contract. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "golden/gemm_int.h"
#include "ops/fmt_int.h"
#include "ops/fmt_nf4.h"

void gold_operand_free(gold_operand *op) {
  free(op->v);
  free(op->scale);
  memset(op, 0, sizeof *op);
}

double gold_sum_bits(const gold_operand *a, const gold_operand *b, uint64_t n) {
  return log2(a->vmax / a->quantum) + log2(b->vmax / b->quantum) + log2((double)n);
}

/* Element (r, kk) of m as stored (transpose: m is K x rows). */
static uint64_t op_index(const gold_matrix *m, bool transpose, uint64_t r, uint64_t kk) {
  return transpose ? kk * m->cols + r : r * m->cols + kk;
}

static int op_float(const ops_format *f, const gold_matrix *m, bool tr, const gold_gemm_spec *s,
                    gold_operand *op, com_err *e) {
  unsigned bits = ops_fmt_float_bits(&f->fp);
  for (uint64_t r = 0; r < op->rows; r++)
    for (uint64_t kk = 0; kk < op->k; kk++) {
      uint64_t i = op_index(m, tr, r, kk);
      uint32_t code;
      if (m->codes) {
        if (m->codes[i] < 0 || (bits < 63 && m->codes[i] >> bits))
          return com_err_plain(e, COM_EINPUT, "code %lld at element %llu is not a %u-bit %s code",
                               (long long)m->codes[i], (unsigned long long)i, bits, f->name);
        code = (uint32_t)m->codes[i];
      } else {
        code = ops_fmt_encode(&f->fp, m->values[i], &s->in_opts, i);
      }
      op->v[r * op->kp + kk] = ops_fmt_decode(&f->fp, code);
    }
  op->quantum = ops_fmt_float_min_subnormal(&f->fp);
  op->vmax = ops_fmt_float_max(&f->fp);
  return 0;
}

static int op_int(const ops_format *f, const gold_matrix *m, bool tr, gold_operand *op, com_err *e) {
  unsigned bits = f->elem_bits;
  int64_t hi = bits >= 25 ? (1 << 24) : ((int64_t)1 << (bits - 1)) - 1, lo = bits >= 25 ? -hi : -hi - 1;
  ops_int_spec sp = {bits, false, false, OPS_ROUND_RNE, 0};
  float scale = 1.0f;
  int32_t zp = 0;
  if (!m->codes) {
    if (ops_int_check(&sp, e)) return -1;
    ops_int_fit(&sp, m->values, (size_t)(m->rows * m->cols), &scale, &zp);
    op->tensor_scale = scale;
  }
  for (uint64_t r = 0; r < op->rows; r++)
    for (uint64_t kk = 0; kk < op->k; kk++) {
      uint64_t i = op_index(m, tr, r, kk);
      int64_t q = m->codes ? m->codes[i] : ops_int_quantize(&sp, m->values[i], scale, 0, i);
      if (q < lo || q > hi)
        return com_err_plain(e, COM_EINPUT, "code %lld at element %llu is outside %s's range "
                             "[%lld, %lld]%s", (long long)q, (unsigned long long)i, f->name,
                             (long long)lo, (long long)hi, bits >= 25 ? " (exact in fp32)" : "");
      op->v[r * op->kp + kk] = (float)q;
    }
  op->quantum = 1, op->vmax = (double)(hi + 1);
  return 0;
}

/* The value of a block scale code. */
static double op_scale(const ops_format *f, uint32_t sc, const ops_block_opts *bo) {
  switch (f->block_kind) {
  case OPS_BLOCK_MX:
  case OPS_BLOCK_BFP: return sc == 0xFF ? NAN : ldexp(1.0, (int)sc - 127);
  case OPS_BLOCK_NVFP4: {
    double v = ops_fmt_decode_f64(&OPS_FP8_E4M3, sc);
    return bo->tensor_scale != 0 ? v * bo->tensor_scale : v;
  }
  case OPS_BLOCK_NF4: {
    float a;
    memcpy(&a, &sc, 4);
    return a;
  }
  default: return 1.0;
  }
}

static int op_block(const ops_format *f, const gold_matrix *m, bool tr, const gold_gemm_spec *s,
                    gold_operand *op, com_err *e) {
  if (m->codes)
    return com_err_plain(e, COM_EINPUT, "block format %s takes values (fp32/fp64/fp16 arrays), "
                         "not integer codes", f->name);
  float *row = malloc((size_t)op->k * sizeof *row + 1);
  uint32_t codes[4096];
  if (!row) return com_err_oom(e);
  bool olive = f->block_kind == OPS_BLOCK_OLIVE;
  for (uint64_t r = 0; r < op->rows; r++) {
    for (uint64_t kk = 0; kk < op->k; kk++) row[kk] = m->values[op_index(m, tr, r, kk)];
    for (uint64_t b = 0; b * f->block < op->k; b++) {
      uint64_t k0 = b * f->block, n = op->k - k0 < f->block ? op->k - k0 : f->block;
      uint32_t sc;
      if (ops_block_quantize(f, row + k0, (size_t)n, &s->block_opts, r * op->k + k0, &sc, codes, e)) {
        free(row);
        return -1;
      }
      float *dst = op->v + r * op->kp + k0;
      if (olive) {
        if (ops_block_dequantize(f, sc, codes, (size_t)n, &s->block_opts, dst, e)) {
          free(row);
          return -1;
        }
        continue;
      }
      for (uint64_t i = 0; i < n; i++)
        dst[i] = f->block_kind == OPS_BLOCK_NF4 ? OPS_NF4_CODEBOOK[codes[i] & 15]
                                                : (float)ops_block_elem_value(f, codes[i]);
      op->scale[r * op->nblk + b] = op_scale(f, sc, &s->block_opts);
    }
  }
  free(row);
  if (f->block_kind == OPS_BLOCK_MX || f->block_kind == OPS_BLOCK_BFP) {
    op->pow2 = true;
    op->quantum = f->int_elems ? ldexp(1.0, 2 - (int)f->elem_bits) : ops_fmt_float_min_subnormal(&f->fp);
    op->vmax = f->int_elems ? 2.0 : ops_fmt_float_max(&f->fp);
  } else if (f->block_kind == OPS_BLOCK_NVFP4) {
    op->quantum = 0.5, op->vmax = 6;
  } else {
    op->quantum = ldexp(1.0, -149), op->vmax = olive ? 1e30 : 1.0;
  }
  return 0;
}

int gold_operand_make(const ops_format *f, const gold_matrix *m, bool transpose,
                      const gold_gemm_spec *s, gold_operand *op, com_err *e) {
  memset(op, 0, sizeof *op);
  op->rows = transpose ? m->cols : m->rows;
  op->k = transpose ? m->rows : m->cols;
  op->tensor_scale = 1.0;
  bool blocked = f->cls == OPS_FMT_BLOCK && f->block_kind != OPS_BLOCK_OLIVE;
  op->block = blocked ? f->block : 0;
  if (blocked && f->block > 4096)
    return com_err_plain(e, COM_EINPUT, "block size %u of %s is above 4096", f->block, f->name);
  op->nblk = blocked ? (op->k + f->block - 1) / f->block : 1;
  op->kp = blocked ? op->nblk * f->block : op->k;
  uint64_t n, bytes;
  if (!com_mul_u64(op->rows, op->kp, &n) || !com_mul_u64(n, sizeof(float), &bytes) ||
      bytes > SIZE_MAX / 2)
    return com_err_plain(e, COM_EINPUT, "operand of %llu x %llu elements is too large",
                         (unsigned long long)op->rows, (unsigned long long)op->k);
  op->v = calloc((size_t)n + 1, sizeof(float));
  if (blocked) op->scale = calloc((size_t)(op->rows * op->nblk) + 1, sizeof(double));
  if (!op->v || (blocked && !op->scale)) {
    gold_operand_free(op);
    return com_err_oom(e);
  }
  int rc;
  if (f->cls == OPS_FMT_FLOAT) rc = op_float(f, m, transpose, s, op, e);
  else if (f->cls == OPS_FMT_INT) rc = op_int(f, m, transpose, op, e);
  else rc = op_block(f, m, transpose, s, op, e);
  if (rc) {
    gold_operand_free(op);
    return -1;
  }
  op->finite = true;
  for (uint64_t i = 0; i < n && op->finite; i++) op->finite = isfinite(op->v[i]);
  for (uint64_t i = 0; blocked && i < op->rows * op->nblk && op->finite; i++)
    op->finite = isfinite(op->scale[i]);
  return 0;
}
