/* gemm — the golden quantized GEMM driver: operands, path choice, threads, output rounding;
 * see golden.h and dot.h for the semantics. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "golden/dot.h"
#include "golden/gemm_int.h"
#include "golden/par.h"

#define GEMM_ROWS_PER_UNIT GOLD_FAST_ROWS /* rows per thread unit (gemm_int.h) */

gold_gemm_spec gold_gemm_spec_default(void) {
  gold_gemm_spec s;
  memset(&s, 0, sizeof s);
  s.a_fmt = s.b_fmt = ops_format_find("fp32");
  s.acc.kind = GOLD_ACC_FP32;
  s.order.kind = GOLD_ORDER_SEQ;
  s.in_opts = s.out_opts = ops_fmt_opts_default();
  s.block_opts = ops_block_opts_default();
  s.threads = 1;
  return s;
}

void gold_gemm_result_free(gold_gemm_result *r) {
  free(r->c);
  free(r->raw);
  memset(r, 0, sizeof *r);
}

typedef enum { PATH_SCALAR, PATH_FAST_ELEM, PATH_FAST_BLOCK } gemm_path;

typedef struct gemm_job {
  const gold_operand *a, *b;
  gold_packed pk;
  gold_dot_cfg cfg;
  gemm_path path;
  uint64_t m, n;
  float *cf;        /* fast paths: raw fp32 accumulator values */
  double *val;      /* scalar path: accumulator values */
  int64_t *raw;     /* scalar path, FIXED */
  uint64_t *ovf;    /* per unit */
  const gold_gemm_spec *s;
  const ops_fmt_float *of; /* output format */
  double ts;               /* product of the int tensor scales */
  bool same;               /* output rounding is the identity on finite fp32 values */
  float *c;                /* the result */
  int64_t *rraw;           /* the result's raw registers (FIXED) */
} gemm_job;

/* Output rounding of rows [r0, r1): the accumulator value (times the tensor scales) rounded once
 * to the output format; element i uses counter i (stochastic rounding). */
static void gemm_out(gemm_job *j, uint64_t r0, uint64_t r1) {
  for (uint64_t i = r0 * j->n; i < r1 * j->n; i++) {
    double v = j->val ? j->val[i] : (double)j->cf[i];
    if (j->cf && j->s->acc.kind == GOLD_ACC_FIXED)
      j->rraw[i] = (int64_t)(j->s->acc.frac ? ldexp(v, j->s->acc.frac) : v);
    if (j->cf && j->same && isfinite(j->cf[i])) { /* fp32 -> fp32, scale 1: exact, unchanged */
      j->c[i] = j->cf[i];
      continue;
    }
    if (j->ts != 1.0) v *= j->ts;
    j->c[i] = ops_fmt_decode(j->of, ops_fmt_encode_f64(j->of, v, &j->s->out_opts, i));
  }
}

static void gemm_unit(void *ctx, uint64_t u, unsigned tid) {
  gemm_job *j = ctx;
  uint64_t r0 = u * GEMM_ROWS_PER_UNIT, r1 = r0 + GEMM_ROWS_PER_UNIT < j->m ? r0 + GEMM_ROWS_PER_UNIT : j->m;
  uint64_t ovf = 0;
  (void)tid;
  if (j->path != PATH_SCALAR) {
    if (j->path == PATH_FAST_ELEM) gold_fast_elem(j->a, &j->pk, j->n, j->cf, r0, r1, j->s->fast_isa);
    else gold_fast_block(j->a, &j->pk, j->n, j->cf, r0, r1, j->s->fast_isa);
    gemm_out(j, r0, r1);
    return;
  }
  for (uint64_t r = r0; r < r1; r++)
    for (uint64_t c = 0; c < j->n; c++) {
      const double *sa = j->a->scale ? j->a->scale + r * j->a->nblk : NULL;
      const double *sb = j->b->scale ? j->b->scale + c * j->b->nblk : NULL;
      gold_dot_out o = gold_dot(&j->cfg, j->a->v + r * j->a->kp, j->b->v + c * j->b->kp, sa, sb);
      j->val[r * j->n + c] = o.value;
      if (j->raw) j->raw[r * j->n + c] = o.raw;
      ovf += o.ovf;
    }
  j->ovf[u] = ovf;
  gemm_out(j, r0, r1);
}

/* Picks the path. Fast paths are taken only where they give the scalar path's bits. */
static gemm_path gemm_choose(const gold_gemm_spec *s, const gold_operand *a, const gold_operand *b,
                             bool *exact_sum) {
  double qq = a->quantum * b->quantum;
  *exact_sum = !a->block && !b->block && a->finite && b->finite && qq >= ldexp(1.0, -149) &&
               gold_sum_bits(a, b, a->k ? a->k : 1) <= 24;
  if (s->no_fast) return PATH_SCALAR;
  if (*exact_sum) { /* every order gives the exact sum; FIXED needs whole quanta, no overflow */
    if (s->acc.kind != GOLD_ACC_FIXED) return PATH_FAST_ELEM;
    double bits = gold_sum_bits(a, b, a->k ? a->k : 1) + log2(qq) + s->acc.frac;
    if (log2(qq) + s->acc.frac >= 0 && bits < s->acc.width - 1) return PATH_FAST_ELEM;
    return PATH_SCALAR;
  }
  if (s->acc.kind != GOLD_ACC_FP32 || s->order.kind != GOLD_ORDER_SEQ) return PATH_SCALAR;
  if (!a->block && !b->block && a->finite && b->finite) return PATH_FAST_ELEM;
  if (a->block && a->block == b->block && 256 % a->block == 0 && a->pow2 && b->pow2 && a->finite && b->finite &&
      qq >= ldexp(1.0, -149) && gold_sum_bits(a, b, a->block) <= 24) {
    for (uint64_t i = 0; i < a->rows * a->nblk; i++)
      if (fabs(log2(a->scale[i])) > 63) return PATH_SCALAR;
    for (uint64_t i = 0; i < b->rows * b->nblk; i++)
      if (fabs(log2(b->scale[i])) > 63) return PATH_SCALAR;
    return PATH_FAST_BLOCK;
  }
  return PATH_SCALAR;
}

static int gemm_check(const gold_gemm_spec *s, const gold_matrix *a, const gold_matrix *b, com_err *e) {
  if (!s->a_fmt || !s->b_fmt) return com_err_plain(e, COM_EINPUT, "GEMM operand format missing");
  if (a->cols != b->rows)
    return com_err_plain(e, COM_EINPUT, "A is %llu x %llu but B is %llu x %llu: inner dimensions differ",
                         (unsigned long long)a->rows, (unsigned long long)a->cols,
                         (unsigned long long)b->rows, (unsigned long long)b->cols);
  if (s->out_fmt && s->out_fmt->cls != OPS_FMT_FLOAT)
    return com_err_plain(e, COM_EINPUT, "output format %s is not a minifloat (use fp32, fp16, bf16, fp8_*, ...)",
                         s->out_fmt->name);
  if (s->out_fmt && s->out_fmt->fp.mbits > 23)
    return com_err_plain(e, COM_EINPUT, "output format %s is wider than fp32", s->out_fmt->name);
  if (s->acc.kind == GOLD_ACC_FIXED && (s->acc.width < 2 || s->acc.width > 62))
    return com_err_plain(e, COM_EINPUT, "fixed accumulator width %d is outside 2..62", s->acc.width);
  if (s->order.kind == GOLD_ORDER_TILED && (s->order.tile < 1 || s->order.tile > GOLD_TILE_MAX))
    return com_err_plain(e, COM_EINPUT, "k-tiled tile %u is outside 1..%d", s->order.tile, GOLD_TILE_MAX);
  for (int i = 0; i < 2; i++) {
    const ops_format *f = i ? s->b_fmt : s->a_fmt;
    if (f->cls == OPS_FMT_BLOCK && i == 1 && s->a_fmt->cls == OPS_FMT_BLOCK &&
        s->a_fmt->block_kind != OPS_BLOCK_OLIVE && f->block_kind != OPS_BLOCK_OLIVE &&
        f->block != s->a_fmt->block)
      return com_err_plain(e, COM_EINPUT, "block formats %s and %s have different block lengths",
                           s->a_fmt->name, f->name);
  }
  bool ab = s->a_fmt->cls == OPS_FMT_BLOCK && s->a_fmt->block_kind != OPS_BLOCK_OLIVE;
  bool bb = s->b_fmt->cls == OPS_FMT_BLOCK && s->b_fmt->block_kind != OPS_BLOCK_OLIVE;
  if (ab != bb)
    return com_err_plain(e, COM_EINPUT, "%s x %s: a block format must be paired with a block format "
                         "of the same block length", s->a_fmt->name, s->b_fmt->name);
  return 0;
}

int gold_gemm(const gold_gemm_spec *s, const gold_matrix *a, const gold_matrix *b,
              gold_gemm_result *r, com_err *e) {
  memset(r, 0, sizeof *r);
  if (gemm_check(s, a, b, e)) return -1;
  gold_operand oa, ob;
  if (gold_operand_make(s->a_fmt, a, false, s, &oa, e)) return -1;
  if (gold_operand_make(s->b_fmt, b, true, s, &ob, e)) { gold_operand_free(&oa); return -1; }
  gemm_job *j = calloc(1, sizeof *j);
  uint64_t mn;
  int rc = -1;
  if (!j) { com_err_oom(e); goto done; }
  if (!com_mul_u64(a->rows, b->cols, &mn) || mn > SIZE_MAX / 16) {
    com_err_plain(e, COM_EINPUT, "output of %llu x %llu is too large", (unsigned long long)a->rows,
                  (unsigned long long)b->cols);
    goto done;
  }
  bool exact_sum;
  j->a = &oa, j->b = &ob, j->m = a->rows, j->n = b->cols;
  j->path = gemm_choose(s, &oa, &ob, &exact_sum);
  j->cfg = (gold_dot_cfg){(int)s->acc.kind, s->acc.width, s->acc.frac,
                          s->order.kind == GOLD_ORDER_TILED ? (int)s->order.tile : 0, a->cols, oa.block,
                          oa.block && gold_sum_bits(&oa, &ob, oa.block) <= 53 &&
                              oa.quantum * ob.quantum >= ldexp(1.0, -1074)};
  r->m = a->rows, r->n = b->cols, r->fast = j->path != PATH_SCALAR;
  r->c = malloc((size_t)mn * sizeof(float) + 1);
  j->cf = j->path != PATH_SCALAR ? calloc((size_t)mn + 1, sizeof(float)) : NULL;
  j->val = j->path == PATH_SCALAR ? calloc((size_t)mn + 1, sizeof(double)) : NULL;
  if (s->acc.kind == GOLD_ACC_FIXED) r->raw = j->raw = calloc((size_t)mn + 1, sizeof(int64_t));
  if (!r->c || (!j->cf && !j->val) || (s->acc.kind == GOLD_ACC_FIXED && !r->raw)) {
    com_err_oom(e);
    goto done;
  }
  bool ints = exact_sum && oa.quantum == 1 && ob.quantum == 1 && oa.vmax <= 128 && ob.vmax <= 128;
  if (j->path != PATH_SCALAR && gold_fast_pack(&ob, ints, s->threads, &j->pk)) {
    com_err_oom(e);
    goto done;
  }
  uint64_t units = (j->m + GEMM_ROWS_PER_UNIT - 1) / GEMM_ROWS_PER_UNIT;
  j->ovf = calloc((size_t)units + 1, sizeof *j->ovf);
  if (!j->ovf) {
    com_err_oom(e);
    goto done;
  }
  j->s = s, j->c = r->c, j->rraw = r->raw;
  j->of = s->out_fmt ? &s->out_fmt->fp : &OPS_FP32;
  j->ts = oa.tensor_scale * ob.tensor_scale;
  j->same = j->ts == 1.0 && j->of->ebits == 8 && j->of->mbits == 23 && j->of->bias == 127 &&
            j->of->specials == OPS_SPECIALS_IEEE && !j->of->is_unsigned && !j->of->no_subnormals &&
            !s->out_opts.flush_subnormals;
  gold_parallel_for(units, s->threads, gemm_unit, j);
  for (uint64_t u = 0; u < units; u++) r->overflows += j->ovf[u];
  rc = 0;
done:
  if (rc) gold_gemm_result_free(r);
  if (j) { free(j->cf); free(j->val); free(j->ovf); gold_packed_free(&j->pk); }
  free(j);
  gold_operand_free(&oa);
  gold_operand_free(&ob);
  return rc;
}
