/* tensor — .npy conversions for the golden kernels and RTL vector export; see tensor.h. */
#include "golden/tensor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool gold_npy_is_int(const com_npy *a) {
  return a->dtype != COM_NPY_F4 && a->dtype != COM_NPY_F8 && a->dtype != COM_NPY_F2;
}

static double tensor_get(const com_npy *a, uint64_t i) {
  double d;
  if (!com_npy_get_f64(a, i, &d)) d = ops_fmt_decode_f64(&OPS_FP16, (uint32_t)com_npy_get_bits(a, i));
  return d;
}

int gold_npy_to_f32(const com_npy *a, float **out, com_err *e) {
  *out = malloc((size_t)a->count * sizeof(float) + 1);
  if (!*out) return com_err_oom(e);
  for (uint64_t i = 0; i < a->count; i++) (*out)[i] = (float)tensor_get(a, i);
  return 0;
}

int gold_npy_to_f64(const com_npy *a, double **out, com_err *e) {
  *out = malloc((size_t)a->count * sizeof(double) + 1);
  if (!*out) return com_err_oom(e);
  for (uint64_t i = 0; i < a->count; i++) (*out)[i] = tensor_get(a, i);
  return 0;
}

int gold_npy_to_codes(const com_npy *a, int64_t **out, com_err *e) {
  *out = malloc((size_t)a->count * sizeof(int64_t) + 1);
  if (!*out) return com_err_oom(e);
  for (uint64_t i = 0; i < a->count; i++) {
    uint64_t b = com_npy_get_bits(a, i);
    switch (a->dtype) {
    case COM_NPY_I1: (*out)[i] = (int8_t)b; break;
    case COM_NPY_I2: (*out)[i] = (int16_t)b; break;
    case COM_NPY_I4: (*out)[i] = (int32_t)b; break;
    default: (*out)[i] = (int64_t)b; break;
    }
  }
  return 0;
}

int gold_npy_matrix(const char *path, gold_matrix *m, float **vals, int64_t **codes, com_err *e) {
  com_npy a;
  *vals = NULL, *codes = NULL;
  if (com_npy_read(path, &a, e)) return -1;
  int rc = 0;
  if (a.ndim != 2) {
    rc = com_err_file(e, path, "expected a 2-D array, got %d dimensions", a.ndim);
  } else {
    m->rows = a.shape[0], m->cols = a.shape[1];
    rc = gold_npy_is_int(&a) ? gold_npy_to_codes(&a, codes, e) : gold_npy_to_f32(&a, vals, e);
    m->values = *vals, m->codes = *codes;
  }
  com_npy_free(&a);
  return rc;
}

/* Codes of one operand, row-major in its own layout; block formats also give scale codes. */
static int vec_codes(const ops_format *f, const gold_matrix *m, bool is_b, const gold_gemm_spec *s,
                     FILE *out, FILE *sout, com_err *e) {
  unsigned bits = f->cls == OPS_FMT_FLOAT ? ops_fmt_float_bits(&f->fp) : f->elem_bits;
  int digits = (int)(bits + 3) / 4;
  uint64_t mask = bits >= 64 ? ~0ull : (1ull << bits) - 1, n = m->rows * m->cols;
  if (f->cls != OPS_FMT_BLOCK) {
    for (uint64_t i = 0; i < n; i++) {
      uint64_t c;
      if (m->codes) c = (uint64_t)m->codes[i];
      else if (f->cls == OPS_FMT_FLOAT) c = ops_fmt_encode(&f->fp, m->values[i], &s->in_opts, i);
      else return com_err_plain(e, COM_EINPUT, "vectors: integer format %s needs integer codes (an integer .npy)", f->name);
      fprintf(out, "%0*llx\n", digits, (unsigned long long)(c & mask));
    }
    return 0;
  }
  if (m->codes) return com_err_plain(e, COM_EINPUT, "block format %s takes values, not integer codes", f->name);
  /* blocks run along K: rows of A, columns of B */
  uint64_t lines = is_b ? m->cols : m->rows, k = is_b ? m->rows : m->cols;
  uint32_t *codes = malloc((size_t)(lines * k) * sizeof *codes + 4);
  float *row = malloc((size_t)k * sizeof *row + 4);
  int rc = 0;
  if (!codes || !row) rc = com_err_oom(e);
  for (uint64_t r = 0; !rc && r < lines; r++) {
    for (uint64_t kk = 0; kk < k; kk++) row[kk] = m->values[is_b ? kk * m->cols + r : r * m->cols + kk];
    for (uint64_t k0 = 0; !rc && k0 < k; k0 += f->block) {
      uint64_t nb = k - k0 < f->block ? k - k0 : f->block;
      uint32_t sc;
      rc = ops_block_quantize(f, row + k0, (size_t)nb, &s->block_opts, r * k + k0, &sc, codes + r * k + k0, e);
      fprintf(sout, "%0*x\n", f->scale_bits >= 32 ? 8 : (int)(f->scale_bits + 3) / 4, sc);
    }
  }
  for (uint64_t i = 0; !rc && i < m->rows * m->cols; i++) { /* back to row-major */
    uint64_t r = i / m->cols, c = i % m->cols;
    uint32_t code = is_b ? codes[c * k + r] : codes[r * k + c];
    fprintf(out, "%0*llx\n", digits, (unsigned long long)(code & mask));
  }
  free(codes), free(row);
  return rc;
}

static FILE *vec_open(const char *dir, const char *name, com_err *e) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f) com_err_plain(e, COM_EFAIL, "cannot write '%s'", path);
  return f;
}

int gold_vectors_write(const char *dir, const gold_gemm_spec *s, const gold_matrix *a,
                       const gold_matrix *b, const gold_gemm_result *c, com_err *e) {
  const char *names[6] = {"a.hex", "b.hex", "c.hex", "a_scale.hex", "b_scale.hex", "vectors.txt"};
  FILE *f[6] = {0};
  int rc = 0;
  for (int i = 0; i < 6 && !rc; i++)
    if (i < 3 || i == 5 || (i == 3 && s->a_fmt->cls == OPS_FMT_BLOCK) || (i == 4 && s->b_fmt->cls == OPS_FMT_BLOCK))
      if (!(f[i] = vec_open(dir, names[i], e))) rc = -1;
  if (!rc) rc = vec_codes(s->a_fmt, a, false, s, f[0], f[3], e);
  if (!rc) rc = vec_codes(s->b_fmt, b, true, s, f[1], f[4], e);
  const ops_fmt_float *of = s->out_fmt ? &s->out_fmt->fp : &OPS_FP32;
  unsigned obits = ops_fmt_float_bits(of);
  for (uint64_t i = 0; !rc && i < c->m * c->n; i++)
    fprintf(f[2], "%0*x\n", (int)(obits + 3) / 4, ops_fmt_encode(of, c->c[i], &s->out_opts, i));
  if (!rc) {
    char acc[32], ord[32];
    gold_acc_name(&s->acc, acc, sizeof acc);
    if (s->order.kind == GOLD_ORDER_SEQ) snprintf(ord, sizeof ord, "k-sequential");
    else snprintf(ord, sizeof ord, "k-tiled:%u", s->order.tile);
    fprintf(f[5], "# accel-sim RTL vectors ($readmemh, one code per line, row-major)\n"
            "m %llu\nk %llu\nn %llu\na_format %s\nb_format %s\nacc %s\norder %s\nout_format %s\n",
            (unsigned long long)a->rows, (unsigned long long)a->cols, (unsigned long long)b->cols,
            s->a_fmt->name, s->b_fmt->name, acc, ord, s->out_fmt ? s->out_fmt->name : "fp32");
  }
  for (int i = 0; i < 6; i++)
    if (f[i] && fclose(f[i]) != 0 && !rc) rc = com_err_plain(e, COM_EFAIL, "cannot write '%s/%s'", dir, names[i]);
  return rc;
}
