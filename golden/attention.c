/* attention — golden attention: exact (fp64), 3-pass and 1-pass (FlashAttention-2 order) in
 * fp32 with per-tensor formats, and the naive low-precision reference; see golden.h and
 * docs/golden.md. Rows are independent; threads split query row tiles (results never depend on
 * the thread count). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "golden/att_row.h"
#include "golden/golden.h"
#include "golden/par.h"

#define LOG2E 1.4426950408889634

gold_att_spec gold_att_spec_default(void) {
  gold_att_spec s;
  memset(&s, 0, sizeof s);
  s.cascade = GOLD_ATT_1PASS;
  s.tile_q = 64, s.tile_k = 64;
  s.threads = 1;
  return s;
}

/* f as a gold_mf (the rounding shared with the GPU); false for unsigned or no-subnormal formats
 * (E8M0), which attention does not take. NULL = fp32: *has = 0. */
static bool att_mf(const ops_fmt_float *f, gold_mf *out, int *has) {
  *has = f != NULL;
  if (!f) return true;
  *out = (gold_mf){(int)f->ebits, (int)f->mbits, f->bias, f->specials == OPS_SPECIALS_IEEE ? 0
                                                       : f->specials == OPS_SPECIALS_FN ? 1 : 2};
  return !f->is_unsigned && !f->no_subnormals;
}

typedef struct att_job {
  const gold_att_spec *s;
  const float *q, *k, *v; /* already rounded to their formats */
  uint64_t sq, sk, d, dv;
  float *o;
  float *work;            /* per thread: sk + dv floats (3-pass S/P row, 1-pass tile) */
  double scale;
  gold_att_row_cfg rc;    /* the shared row arithmetic's parameters */
} att_job;

static void att_exact_row(const att_job *j, uint64_t i, double *sd) {
  uint64_t lim = gold_att_limit(&j->rc, i);
  double m = -INFINITY, l = 0;
  for (uint64_t c = 0; c < lim; c++) {
    double acc = 0;
    for (uint64_t x = 0; x < j->d; x++) acc += (double)j->q[i * j->d + x] * j->k[c * j->d + x];
    sd[c] = acc * j->scale;
    if (sd[c] > m) m = sd[c];
  }
  for (uint64_t c = 0; c < lim; c++) l += (sd[c] = exp(sd[c] - m));
  for (uint64_t x = 0; x < j->dv; x++) {
    double acc = 0;
    for (uint64_t c = 0; c < lim; c++) acc += sd[c] * j->v[c * j->dv + x];
    j->o[i * j->dv + x] = gold_mf_round(j->rc.has_o ? &j->rc.o : NULL, lim ? acc / l : 0.0);
  }
}

static void att_3pass_row(const att_job *j, uint64_t i, float *p) {
  uint64_t lim = gold_att_limit(&j->rc, i);
  float c = (float)(j->scale * LOG2E), m = -INFINITY, l = 0.0f;
  for (uint64_t k = 0; k < lim; k++) { /* pass 1: S and its row max */
    p[k] = gold_att_dot(j->q + i * j->d, j->k + k * j->d, j->d);
    if (p[k] > m) m = p[k];
  }
  for (uint64_t k = 0; k < lim; k++) { /* pass 2: P = exp2(S c - m c), l = sum P */
    p[k] = gold_exp2f(p[k] * c - m * c);
    l = l + p[k];
  }
  float inv = 1.0f / l;
  for (uint64_t k = 0; k < lim; k++) p[k] = gold_mf_round(j->rc.has_p ? &j->rc.p : NULL, p[k]);
  for (uint64_t x = 0; x < j->dv; x++) { /* pass 3: O = P V, times 1/l */
    float acc = 0.0f;
    for (uint64_t k = 0; k < lim; k++) acc = fmaf(p[k], j->v[k * j->dv + x], acc);
    j->o[i * j->dv + x] = gold_mf_round(j->rc.has_o ? &j->rc.o : NULL, lim ? acc * inv : 0.0f);
  }
}

static void att_unit(void *ctx, uint64_t u, unsigned tid) {
  att_job *j = ctx;
  uint64_t r0 = u * j->s->tile_q, r1 = r0 + j->s->tile_q < j->sq ? r0 + j->s->tile_q : j->sq;
  float *w = j->work + (uint64_t)tid * (j->sk + j->dv + j->s->tile_k) * 2;
  for (uint64_t i = r0; i < r1; i++) {
    if (j->s->cascade == GOLD_ATT_EXACT) att_exact_row(j, i, (double *)w);
    else if (j->s->cascade == GOLD_ATT_3PASS) att_3pass_row(j, i, w);
    else gold_att_1pass_row(&j->rc, i, j->q + i * j->d, j->k, j->v, w, w + j->s->tile_k, j->o + i * j->dv);
  }
}

/* Copies x (n values) rounded into f (NULL: fp32). */
static float *att_inputs(const gold_mf *f, const float *x, uint64_t n) {
  float *y = malloc((size_t)n * sizeof *y + 1);
  for (uint64_t i = 0; y && i < n; i++) y[i] = gold_mf_round(f, x[i]);
  return y;
}

int gold_att_row_setup(const gold_att_spec *s, uint64_t sq, uint64_t sk, uint64_t d, uint64_t dv,
                       gold_att_row_cfg *rc, gold_mf in[3], int has_in[3], com_err *e) {
  const ops_fmt_float *fmts[5] = {s->q_fmt, s->k_fmt, s->v_fmt, s->p_fmt, s->o_fmt};
  double scale = s->scale ? s->scale : 1.0 / sqrt((double)d);
  *rc = (gold_att_row_cfg){sq, sk, d, dv, s->tile_k, s->causal, (float)(scale * LOG2E), {0, 0, 0, 0},
                           {0, 0, 0, 0}, 0, 0};
  for (int f = 0; f < 5; f++) {
    gold_mf *mf = f < 3 ? &in[f] : f == 3 ? &rc->p : &rc->o;
    int *has = f < 3 ? &has_in[f] : f == 3 ? &rc->has_p : &rc->has_o;
    if (!att_mf(fmts[f], mf, has))
      return com_err_plain(e, COM_EINPUT, "attention formats must be signed with subnormals (not E8M0-like)");
  }
  return 0;
}

int gold_attention(const gold_att_spec *s, const float *q, const float *k, const float *v,
                   uint64_t sq, uint64_t sk, uint64_t d, uint64_t dv, float *o, com_err *e) {
  if (s->tile_q < 1 || s->tile_k < 1 || s->tile_k > (1u << 20) || s->tile_q > (1u << 20))
    return com_err_plain(e, COM_EINPUT, "attention tile sizes must be in 1..1048576 (got %u and %u)",
                         s->tile_q, s->tile_k);
  uint64_t nq, nk, nv, per;
  unsigned nt = s->threads < 1 ? 1 : s->threads > GOLD_PAR_MAX_THREADS ? GOLD_PAR_MAX_THREADS : s->threads;
  if (!d || !dv || !com_mul_u64(sq, d, &nq) || !com_mul_u64(sk, d, &nk) || !com_mul_u64(sk, dv, &nv) ||
      !com_mul_u64(sk + dv + (uint64_t)s->tile_k, 2 * (uint64_t)nt, &per) || per > SIZE_MAX / 8)
    return com_err_plain(e, COM_EINPUT, "attention shapes are empty or too large");
  att_job j = {s, NULL, NULL, NULL, sq, sk, d, dv, o, NULL, s->scale ? s->scale : 1.0 / sqrt((double)d), {0}};
  gold_mf in[3];
  int has_in[3];
  if (gold_att_row_setup(s, sq, sk, d, dv, &j.rc, in, has_in, e)) return -1;
  float *qq = att_inputs(has_in[0] ? &in[0] : NULL, q, nq), *kk = att_inputs(has_in[1] ? &in[1] : NULL, k, nk),
        *vv = att_inputs(has_in[2] ? &in[2] : NULL, v, nv);
  j.q = qq, j.k = kk, j.v = vv;
  j.work = malloc((size_t)per * sizeof(float) + 8);
  int rc = 0;
  if (!qq || !kk || !vv || !j.work) rc = com_err_oom(e);
  if (!rc) gold_parallel_for((sq + s->tile_q - 1) / s->tile_q, nt, att_unit, &j);
  free(qq), free(kk), free(vv), free(j.work);
  return rc;
}
