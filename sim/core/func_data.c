/* func_data — the functional mode's tensors: which einsums it runs, the input data (.npy or
 * the seeded generator), the im2col view as batched GEMMs and quantization into the unit's
 * input formats. See func_int.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "golden/tensor.h"
#include "sim/core/func_int.h"

static unsigned sf_ranks_of(const ops_tensor *x) {
  unsigned m = 0;
  for (int d = 0; d < x->ndims; d++)
    for (int k = 0; k < x->dims[d].nterms; k++) m |= 1u << x->dims[d].rank[k];
  return m;
}

int sf_classify(const ops_einsum *es, sf_data *d, com_err *e) {
  memset(d, 0, sizeof *d);
  d->es = es;
  if (es->ninputs != 2 || es->binop != OPS_BIN_MUL || es->reduce != OPS_RED_SUM || es->unop != OPS_UN_NONE)
    return com_err_plain(e, COM_EINPUT,
                         "einsum %s (%s): the functional mode runs multiply-accumulate einsums of two "
                         "inputs (Z[...] += A[...] * B[...]) only", es->name, es->expr);
  for (int dd = 0; dd < es->out.ndims; dd++) {
    const ops_affine *a = &es->out.dims[dd];
    if (a->nterms != 1 || a->coef[0] != 1 || a->offset != 0)
      return com_err_plain(e, COM_EINPUT,
                           "einsum %s (%s): output dimension %d is an affine index; the functional "
                           "mode needs one rank per output dimension", es->name, es->expr, dd + 1);
  }
  unsigned in0 = sf_ranks_of(&es->in[0]), in1 = sf_ranks_of(&es->in[1]), out = sf_ranks_of(&es->out);
  for (int c = 0; c < 4; c++) d->ext[c] = 1;
  for (int r = 0; r < es->nranks; r++) {
    unsigned bit = 1u << r;
    int c;
    if (!(bit & out)) c = SF_K;
    else if ((bit & in0) && (bit & in1)) c = SF_B;
    else if (bit & in0) c = SF_M;
    else if (bit & in1) c = SF_N;
    else
      return com_err_plain(e, COM_EINPUT, "einsum %s (%s): rank %s indexes only the output (a broadcast); "
                           "the functional mode does not run it", es->name, es->expr, es->rank_name[r]);
    if (c == SF_K && !((bit & in0) || (bit & in1)))
      return com_err_plain(e, COM_EINPUT, "einsum %s (%s): rank %s indexes no tensor", es->name, es->expr,
                           es->rank_name[r]);
    d->rk[c][d->nr[c]++] = r;
    d->ext[c] *= es->rank_size[r]; /* products of rank sizes were checked when the IR was built */
  }
  return 0;
}

/* Sets the ranks of class c from the row-major linear index lin (last rank fastest). */
static void sf_decode(const sf_data *d, int c, uint64_t lin, uint64_t *v) {
  for (int i = d->nr[c] - 1; i >= 0; i--) {
    int r = d->rk[c][i];
    v[r] = lin % d->es->rank_size[r];
    lin /= d->es->rank_size[r];
  }
}

/* Row-major element offset of tensor x at rank values v (the IR's extents cover every index). */
static uint64_t sf_offset(const ops_tensor *x, const uint64_t *v) {
  uint64_t off = 0;
  for (int dd = 0; dd < x->ndims; dd++) {
    const ops_affine *a = &x->dims[dd];
    uint64_t idx = a->offset;
    for (int k = 0; k < a->nterms; k++) idx += a->coef[k] * v[a->rank[k]];
    off = off * x->extent[dd] + idx;
  }
  return off;
}

void sf_gather(const sf_data *d, int i, uint64_t b, float *vals, int64_t *codes) {
  uint64_t v[OPS_MAX_RANKS] = {0};
  const ops_tensor *x = &d->es->in[i];
  int oc = i ? SF_N : SF_M;
  uint64_t K = d->ext[SF_K], O = d->ext[oc];
  sf_decode(d, SF_B, b, v);
  for (uint64_t o = 0; o < O; o++) {
    sf_decode(d, oc, o, v);
    for (uint64_t k = 0; k < K; k++) {
      sf_decode(d, SF_K, k, v);
      uint64_t src = sf_offset(x, v), dst = i ? k * O + o : o * K + k;
      if (d->val[i]) vals[dst] = d->val[i][src];
      else codes[dst] = d->code[i][src];
    }
  }
}

uint64_t sf_out_offset(const sf_data *d, uint64_t b, uint64_t i, uint64_t j) {
  uint64_t v[OPS_MAX_RANKS] = {0};
  sf_decode(d, SF_B, b, v);
  sf_decode(d, SF_M, i, v);
  sf_decode(d, SF_N, j, v);
  return sf_offset(&d->es->out, v);
}

/* The code range of an integer format, capped at 2^24 (the golden kernel's limit for codes). */
static int64_t sf_int_max(const ops_format *f) {
  unsigned b = f->elem_bits > 25 ? 25 : f->elem_bits;
  return ((int64_t)1 << (b - 1)) - 1;
}

int sf_quantize(const sf_data *d, int i, const float *vals, const int64_t *codes, uint64_t n,
                float *q, com_err *e) {
  const ops_format *f = d->fmt[i];
  if (f->cls == OPS_FMT_FLOAT) {
    ops_fmt_opts o = ops_fmt_opts_default();
    for (uint64_t k = 0; k < n; k++) q[k] = ops_fmt_decode(&f->fp, ops_fmt_encode(&f->fp, vals[k], &o, k));
    return 0;
  }
  int64_t hi = sf_int_max(f), lo = f->elem_bits > 24 ? -hi : -hi - 1;
  for (uint64_t k = 0; k < n; k++) {
    if (codes[k] < lo || codes[k] > hi)
      return com_err_plain(e, COM_EINPUT, "input %s: code %lld is outside %s's range [%lld, %lld]",
                           d->es->in[i].name, (long long)codes[k], f->name, (long long)lo, (long long)hi);
    q[k] = (float)codes[k];
  }
  return 0;
}

/* One draw of the generator: element k of input i, in the format's domain. */
static double sf_draw(const sim_func_opts *o, int i, uint64_t k, double scale) {
  uint64_t seed = o->seed * 2 + (uint64_t)i;
  double u1 = ((double)ops_fmt_random32(seed, 2 * k) + 0.5) / 4294967296.0;
  if (o->dist == SIM_FUNC_DIST_UNIFORM) return (2 * u1 - 1) * scale;
  double u2 = ((double)ops_fmt_random32(seed, 2 * k + 1) + 0.5) / 4294967296.0;
  return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2) * scale;
}

static int sf_generate(const sim_func_opts *o, sf_data *d, int i, com_err *e) {
  const ops_tensor *x = &d->es->in[i];
  if (d->fmt[i]->cls == OPS_FMT_FLOAT) {
    if (!(d->val[i] = malloc(x->elems * sizeof(float) + 1))) return com_err_oom(e);
    for (uint64_t k = 0; k < x->elems; k++) d->val[i][k] = (float)sf_draw(o, i, k, 1.0);
    return 0;
  }
  if (!(d->code[i] = malloc(x->elems * sizeof(int64_t) + 1))) return com_err_oom(e);
  int64_t hi = sf_int_max(d->fmt[i]);
  for (uint64_t k = 0; k < x->elems; k++) { /* uniform: each of -hi..hi equally likely */
    double c = o->dist == SIM_FUNC_DIST_UNIFORM ? floor((sf_draw(o, i, k, 1.0) + 1) / 2 * (double)(2 * hi + 1)) - (double)hi
                                                : floor(sf_draw(o, i, k, (double)hi / 3));
    d->code[i][k] = c > (double)hi ? hi : c < (double)-hi ? -hi : (int64_t)c;
  }
  return 0;
}

static int sf_load(const char *path, sf_data *d, int i, com_err *e) {
  const ops_tensor *x = &d->es->in[i];
  com_npy a;
  memset(&a, 0, sizeof a);
  if (com_npy_read(path, &a, e)) return -1;
  int rc = -1;
  bool same = a.ndim == x->ndims;
  for (int k = 0; same && k < a.ndim; k++) same = a.shape[k] == x->extent[k];
  bool want_int = d->fmt[i]->cls == OPS_FMT_INT;
  if (!same) {
    char shp[160] = "";
    for (int k = 0; k < x->ndims; k++)
      snprintf(shp + strlen(shp), sizeof shp - strlen(shp), "%s%llu", k ? ", " : "",
               (unsigned long long)x->extent[k]);
    com_err_file(e, path, "input %s must have shape (%s) for einsum %s", x->name, shp, d->es->name);
  } else if (want_int != gold_npy_is_int(&a)) {
    com_err_file(e, path, "input %s is quantized to %s, which needs %s data (dtype %s)", x->name,
                 d->fmt[i]->name, want_int ? "integer code" : "floating-point", com_npy_dtype_name(a.dtype));
  } else {
    rc = want_int ? gold_npy_to_codes(&a, &d->code[i], e) : gold_npy_to_f32(&a, &d->val[i], e);
  }
  com_npy_free(&a);
  return rc;
}

int sf_formats(const map_target *t, sf_data *d, com_err *e) {
  d->fmt[0] = t->unit->inputs[0];
  d->fmt[1] = t->unit->ninputs > 1 ? t->unit->inputs[1] : t->unit->inputs[0];
  for (int i = 0; i < 2; i++) {
    const ops_format *f = d->fmt[i];
    if (f->cls == OPS_FMT_BLOCK)
      return com_err_plain(e, COM_EINPUT, "einsum %s: input %s runs in the block format %s, which the "
                           "functional mode does not support (element formats: minifloats, integers)",
                           d->es->name, d->es->in[i].name, f->name);
    if (f->cls == OPS_FMT_FLOAT && (f->fp.is_unsigned || f->fp.no_subnormals))
      return com_err_plain(e, COM_EINPUT, "einsum %s: input format %s is unsigned or has no subnormals; "
                           "the functional mode needs a signed element format", d->es->name, f->name);
  }
  const ops_format *of = d->es->out.format;
  if (of->cls == OPS_FMT_BLOCK || (of->cls == OPS_FMT_FLOAT && (of->fp.mbits > 23 || of->fp.is_unsigned)))
    return com_err_plain(e, COM_EINPUT, "einsum %s: output format %s: the functional mode rounds outputs to "
                         "signed minifloats up to fp32 or keeps integer accumulators", d->es->name, of->name);
  return 0;
}

int sf_inputs(const sim_func_opts *o, sf_data *d, com_err *e) {
  for (int i = 0; i < 2; i++) {
    const char *path = NULL;
    for (int k = 0; k < o->nfiles; k++)
      if (!strcmp(o->files[k].tensor, d->es->in[i].name)) path = o->files[k].path;
    if ((path ? sf_load(path, d, i, e) : sf_generate(o, d, i, e))) return -1;
  }
  return 0;
}

void sf_data_free(sf_data *d) {
  for (int i = 0; i < 2; i++) {
    free(d->val[i]);
    free(d->code[i]);
    d->val[i] = NULL;
    d->code[i] = NULL;
  }
}
