/* operand — GEMM operands decoded once into fp32 panels; see gemm_int.h for the contract. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "golden/gemm_int.h"
#include "golden/par.h"
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

/* Element values in storage order (x[i] for element i of m) moved into op->v (rows x kp),
 * transposing when tr; parallel over blocks of OP_ROWS operand rows, cache-blocked along K. */
#define OP_ROWS 64
typedef struct op_gather_job {
  const gold_matrix *m;
  bool tr;
  const float *x;
  gold_operand *op;
} op_gather_job;

static void op_gather_unit(void *ctx, uint64_t u, unsigned tid) {
  op_gather_job *j = ctx;
  uint64_t r0 = u * OP_ROWS, r1 = r0 + OP_ROWS < j->op->rows ? r0 + OP_ROWS : j->op->rows;
  (void)tid;
  if (!j->tr) {
    for (uint64_t r = r0; r < r1; r++)
      memcpy(j->op->v + r * j->op->kp, j->x + r * j->op->k, (size_t)j->op->k * sizeof(float));
    return;
  }
  for (uint64_t k0 = 0; k0 < j->op->k; k0 += OP_ROWS) {
    uint64_t k1 = k0 + OP_ROWS < j->op->k ? k0 + OP_ROWS : j->op->k;
    for (uint64_t r = r0; r < r1; r++)
      for (uint64_t kk = k0; kk < k1; kk++) j->op->v[r * j->op->kp + kk] = j->x[op_index(j->m, j->tr, r, kk)];
  }
}

static void op_gather(const gold_matrix *m, bool tr, const float *x, gold_operand *op, unsigned threads) {
  op_gather_job j = {m, tr, x, op};
  gold_parallel_for((op->rows + OP_ROWS - 1) / OP_ROWS, threads, op_gather_unit, &j);
}

/* Parallel encode + decode of fp32 values: unit u covers elements [u * OP_CHUNK, ...); the
 * counter of element i is i, as in a one-element-at-a-time encode. x[i] = decoded value. */
#define OP_CHUNK 65536
typedef struct op_enc_job {
  const ops_fmt_float *f;
  const float *in;
  uint64_t n;
  const ops_fmt_opts *o;
  uint32_t *codes;
  const float *lut; /* decoded value of every code (formats of <= 16 bits), or NULL */
  float *x;
} op_enc_job;

static void op_enc_unit(void *ctx, uint64_t u, unsigned tid) {
  op_enc_job *j = ctx;
  uint64_t i0 = u * OP_CHUNK, len = j->n - i0 < OP_CHUNK ? j->n - i0 : OP_CHUNK;
  (void)tid;
  if (j->in) ops_fmt_encode_array(j->f, j->in + i0, (size_t)len, j->o, i0, j->codes + i0);
  for (uint64_t i = i0; i < i0 + len; i++) j->x[i] = j->lut ? j->lut[j->codes[i]] : ops_fmt_decode(j->f, j->codes[i]);
}

static int op_float(const ops_format *f, const gold_matrix *m, bool tr, const gold_gemm_spec *s,
                    gold_operand *op, com_err *e) {
  unsigned bits = ops_fmt_float_bits(&f->fp);
  uint64_t n = m->rows * m->cols;
  uint32_t *codes = malloc((size_t)n * sizeof *codes + 1);
  float *x = malloc((size_t)n * sizeof *x + 1);
  float *lut = bits <= 16 ? malloc(((size_t)1 << bits) * sizeof *lut) : NULL;
  int rc = 0;
  if (!codes || !x || (bits <= 16 && !lut)) rc = com_err_oom(e);
  for (uint64_t i = 0; !rc && m->codes && i < n; i++) {
    if (m->codes[i] < 0 || (bits < 63 && m->codes[i] >> bits))
      rc = com_err_plain(e, COM_EINPUT, "code %lld at element %llu is not a %u-bit %s code",
                         (long long)m->codes[i], (unsigned long long)i, bits, f->name);
    else codes[i] = (uint32_t)m->codes[i];
  }
  if (!rc) {
    for (uint32_t c = 0; lut && c < (1u << bits); c++) lut[c] = ops_fmt_decode(&f->fp, c);
    op_enc_job j = {&f->fp, m->codes ? NULL : m->values, n, &s->in_opts, codes, lut, x};
    gold_parallel_for((n + OP_CHUNK - 1) / OP_CHUNK, s->threads, op_enc_unit, &j);
    op_gather(m, tr, x, op, s->threads);
  }
  free(codes), free(x), free(lut);
  op->quantum = ops_fmt_float_min_subnormal(&f->fp);
  op->vmax = ops_fmt_float_max(&f->fp);
  return rc;
}

/* Integer codes (or values quantized with the fitted scale) as floats in storage order, in
 * parallel chunks; each chunk keeps its first out-of-range element (bad = UINT64_MAX: none). */
typedef struct op_int_job {
  const gold_matrix *m;
  const ops_int_spec *sp;
  float scale;
  int64_t lo, hi;
  uint64_t n;
  float *x;
  uint64_t *bad; /* per chunk */
  int64_t *badq; /* per chunk: the offending code */
} op_int_job;

static void op_int_unit(void *ctx, uint64_t u, unsigned tid) {
  op_int_job *j = ctx;
  uint64_t i0 = u * OP_CHUNK, i1 = j->n - i0 < OP_CHUNK ? j->n : i0 + OP_CHUNK;
  (void)tid;
  j->bad[u] = UINT64_MAX;
  for (uint64_t i = i0; i < i1; i++) {
    int64_t q = j->m->codes ? j->m->codes[i] : ops_int_quantize(j->sp, j->m->values[i], j->scale, 0, i);
    if (q < j->lo || q > j->hi) {
      j->bad[u] = i, j->badq[u] = q;
      return;
    }
    j->x[i] = (float)q;
  }
}

static int op_int(const ops_format *f, const gold_matrix *m, bool tr, const gold_gemm_spec *s,
                  gold_operand *op, com_err *e) {
  unsigned bits = f->elem_bits;
  int64_t hi = bits >= 25 ? (1 << 24) : ((int64_t)1 << (bits - 1)) - 1, lo = bits >= 25 ? -hi : -hi - 1;
  ops_int_spec sp = {bits, false, false, OPS_ROUND_RNE, 0};
  float scale = 1.0f;
  int32_t zp = 0;
  uint64_t n = m->rows * m->cols, units = (n + OP_CHUNK - 1) / OP_CHUNK;
  if (!m->codes) {
    if (ops_int_check(&sp, e)) return -1;
    ops_int_fit(&sp, m->values, (size_t)n, &scale, &zp);
    op->tensor_scale = scale;
  }
  op_int_job j = {m, &sp, scale, lo, hi, n, malloc((size_t)n * sizeof(float) + 1),
                  malloc((size_t)units * 8 + 8), malloc((size_t)units * 8 + 8)};
  int rc = 0;
  if (!j.x || !j.bad || !j.badq) rc = com_err_oom(e);
  if (!rc) gold_parallel_for(units, s->threads, op_int_unit, &j);
  for (uint64_t u = 0; !rc && u < units; u++)
    if (j.bad[u] != UINT64_MAX)
      rc = com_err_plain(e, COM_EINPUT, "code %lld at element %llu is outside %s's range "
                         "[%lld, %lld]%s", (long long)j.badq[u], (unsigned long long)j.bad[u], f->name,
                         (long long)lo, (long long)hi, bits >= 25 ? " (exact in fp32)" : "");
  if (!rc) op_gather(m, tr, j.x, op, s->threads);
  free(j.x), free(j.bad), free(j.badq);
  op->quantum = 1, op->vmax = (double)(hi + 1);
  return rc;
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

/* Block quantization, parallel over units of OP_ROWS operand rows; each unit keeps its first
 * error (units run in any order; the lowest failing unit is reported). */
typedef struct op_block_job {
  const ops_format *f;
  const gold_matrix *m;
  bool tr;
  const gold_gemm_spec *s;
  gold_operand *op;
  com_err *errs;    /* per unit */
  const float *lut; /* element value of every code (MX/BFP/NVFP4 with <= 16-bit elements), or NULL */
} op_block_job;

static void op_block_unit(void *ctx, uint64_t u, unsigned tid) {
  op_block_job *j = ctx;
  const ops_format *f = j->f;
  gold_operand *op = j->op;
  com_err *e = &j->errs[u];
  uint64_t r0 = u * OP_ROWS, r1 = r0 + OP_ROWS < op->rows ? r0 + OP_ROWS : op->rows;
  uint32_t codes[4096];
  float *row = malloc((size_t)op->k * sizeof *row + 1);
  bool olive = f->block_kind == OPS_BLOCK_OLIVE;
  (void)tid;
  if (!row) {
    com_err_oom(e);
    return;
  }
  for (uint64_t r = r0; r < r1 && !e->kind; r++) {
    memcpy(row, op->v + r * op->kp, (size_t)op->k * sizeof *row); /* gathered there first */
    for (uint64_t b = 0; b * f->block < op->k && !e->kind; b++) {
      uint64_t k0 = b * f->block, n = op->k - k0 < f->block ? op->k - k0 : f->block;
      uint32_t sc;
      if (ops_block_quantize(f, row + k0, (size_t)n, &j->s->block_opts, r * op->k + k0, &sc, codes, e)) break;
      float *dst = op->v + r * op->kp + k0;
      if (olive) {
        ops_block_dequantize(f, sc, codes, (size_t)n, &j->s->block_opts, dst, e);
        continue;
      }
      for (uint64_t i = 0; i < n; i++)
        dst[i] = f->block_kind == OPS_BLOCK_NF4 ? OPS_NF4_CODEBOOK[codes[i] & 15]
                 : j->lut                       ? j->lut[codes[i]]
                                                : (float)ops_block_elem_value(f, codes[i]);
      op->scale[r * op->nblk + b] = op_scale(f, sc, &j->s->block_opts);
    }
  }
  free(row);
}

static int op_block(const ops_format *f, const gold_matrix *m, bool tr, const gold_gemm_spec *s,
                    gold_operand *op, com_err *e) {
  if (m->codes)
    return com_err_plain(e, COM_EINPUT, "block format %s takes values (fp32/fp64/fp16 arrays), "
                         "not integer codes", f->name);
  uint64_t units = (op->rows + OP_ROWS - 1) / OP_ROWS;
  bool use_lut = f->elem_bits <= 16 && f->block_kind != OPS_BLOCK_NF4 && f->block_kind != OPS_BLOCK_OLIVE;
  float *lut = use_lut ? malloc(((size_t)1 << f->elem_bits) * sizeof *lut) : NULL;
  op_block_job j = {f, m, tr, s, op, calloc((size_t)units + 1, sizeof(com_err)), lut};
  if (!j.errs || (use_lut && !lut)) {
    free(j.errs), free(lut);
    return com_err_oom(e);
  }
  for (uint32_t c = 0; lut && c < (1u << f->elem_bits); c++) lut[c] = (float)ops_block_elem_value(f, c);
  op_gather(m, tr, m->values, op, s->threads); /* rows of K values, quantized in place */
  gold_parallel_for(units, s->threads, op_block_unit, &j);
  for (uint64_t u = 0; u < units; u++)
    if (j.errs[u].kind) {
      if (e) *e = j.errs[u];
      free(j.errs), free(lut);
      return -1;
    }
  free(j.errs), free(lut);
  if (f->block_kind == OPS_BLOCK_MX || f->block_kind == OPS_BLOCK_BFP) {
    op->pow2 = true;
    op->quantum = f->int_elems ? ldexp(1.0, 2 - (int)f->elem_bits) : ops_fmt_float_min_subnormal(&f->fp);
    op->vmax = f->int_elems ? 2.0 : ops_fmt_float_max(&f->fp);
  } else if (f->block_kind == OPS_BLOCK_NVFP4) {
    op->quantum = 0.5, op->vmax = 6;
  } else {
    op->quantum = ldexp(1.0, -149), op->vmax = f->block_kind == OPS_BLOCK_OLIVE ? 1e30 : 1.0;
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
  else if (f->cls == OPS_FMT_INT) rc = op_int(f, m, transpose, s, op, e);
  else rc = op_block(f, m, transpose, s, op, e);
  if (rc) {
    gold_operand_free(op);
    return -1;
  }
  op->finite = true; /* integer codes always are */
  for (uint64_t i = 0; f->cls != OPS_FMT_INT && i < n && op->finite; i++) op->finite = isfinite(op->v[i]);
  for (uint64_t i = 0; blocked && i < op->rows * op->nblk && op->finite; i++)
    op->finite = isfinite(op->scale[i]);
  return 0;
}
