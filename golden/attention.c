/* attention — golden attention: exact (fp64), 3-pass and 1-pass (FlashAttention-2 order) in
 * fp32 with per-tensor formats, and the naive low-precision reference; see golden.h and
 * docs/golden.md. Rows are independent; threads split query row tiles (results never depend on
 * the thread count). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "golden/arith.h"
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

/* x rounded (RNE, non-saturating) into f; NULL = fp32. */
static float att_round(const ops_fmt_float *f, double x) {
  static const ops_fmt_opts o = {OPS_ROUND_RNE, false, false, OPS_NAN_TO_ZERO, 0};
  if (!f) return (float)x;
  return ops_fmt_decode(f, ops_fmt_encode_f64(f, x, &o, 0));
}

typedef struct att_job {
  const gold_att_spec *s;
  const float *q, *k, *v; /* already rounded to their formats */
  uint64_t sq, sk, d, dv;
  float *o;
  float *work;            /* per thread: sk + dv floats (3-pass S/P row, 1-pass tile) */
  double scale;
} att_job;

/* Keys visible to query i: j < limit (bottom-right aligned causal mask). */
static uint64_t att_limit(const att_job *j, uint64_t i) {
  if (!j->s->causal) return j->sk;
  int64_t lim = (int64_t)i + 1 + (int64_t)j->sk - (int64_t)j->sq;
  return lim < 0 ? 0 : (uint64_t)lim > j->sk ? j->sk : (uint64_t)lim;
}

static float att_dot(const float *a, const float *b, uint64_t n) {
  float acc = 0.0f;
  for (uint64_t x = 0; x < n; x++) acc = fmaf(a[x], b[x], acc);
  return acc;
}

static void att_exact_row(const att_job *j, uint64_t i, double *sd) {
  uint64_t lim = att_limit(j, i);
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
    j->o[i * j->dv + x] = att_round(j->s->o_fmt, lim ? acc / l : 0.0);
  }
}

static void att_3pass_row(const att_job *j, uint64_t i, float *p) {
  uint64_t lim = att_limit(j, i);
  float c = (float)(j->scale * LOG2E), m = -INFINITY, l = 0.0f;
  for (uint64_t k = 0; k < lim; k++) { /* pass 1: S and its row max */
    p[k] = att_dot(j->q + i * j->d, j->k + k * j->d, j->d);
    if (p[k] > m) m = p[k];
  }
  for (uint64_t k = 0; k < lim; k++) { /* pass 2: P = exp2(S c - m c), l = sum P */
    p[k] = gold_exp2f(p[k] * c - m * c);
    l = l + p[k];
  }
  float inv = 1.0f / l;
  for (uint64_t k = 0; k < lim; k++) p[k] = att_round(j->s->p_fmt, p[k]);
  for (uint64_t x = 0; x < j->dv; x++) { /* pass 3: O = P V, times 1/l */
    float acc = 0.0f;
    for (uint64_t k = 0; k < lim; k++) acc = fmaf(p[k], j->v[k * j->dv + x], acc);
    j->o[i * j->dv + x] = att_round(j->s->o_fmt, lim ? acc * inv : 0.0f);
  }
}

/* One query row in the FlashAttention-2 order over key tiles of tile_k. */
static void att_1pass_row(const att_job *j, uint64_t i, float *w) {
  uint64_t lim = att_limit(j, i), tk = j->s->tile_k;
  float c = (float)(j->scale * LOG2E), m = -INFINITY, l = 0.0f;
  float *s = w, *o = w + tk;
  for (uint64_t x = 0; x < j->dv; x++) o[x] = 0.0f;
  for (uint64_t k0 = 0; k0 < lim; k0 += tk) {
    uint64_t n = lim - k0 < tk ? lim - k0 : tk;
    float mt = m;
    for (uint64_t t = 0; t < n; t++) {
      s[t] = att_dot(j->q + i * j->d, j->k + (k0 + t) * j->d, j->d);
      if (s[t] > mt) mt = s[t];
    }
    float alpha = gold_exp2f(m * c - mt * c), rs = 0.0f; /* m = -Inf first: alpha = 0 */
    for (uint64_t t = 0; t < n; t++) {
      s[t] = gold_exp2f(s[t] * c - mt * c);
      rs = rs + s[t];
      s[t] = att_round(j->s->p_fmt, s[t]);
    }
    l = alpha * l + rs;
    for (uint64_t x = 0; x < j->dv; x++) {
      float pv = 0.0f;
      for (uint64_t t = 0; t < n; t++) pv = fmaf(s[t], j->v[(k0 + t) * j->dv + x], pv);
      o[x] = alpha * o[x] + pv;
    }
    m = mt;
  }
  float inv = 1.0f / l;
  for (uint64_t x = 0; x < j->dv; x++)
    j->o[i * j->dv + x] = att_round(j->s->o_fmt, lim ? o[x] * inv : 0.0f);
}

static void att_unit(void *ctx, uint64_t u, unsigned tid) {
  att_job *j = ctx;
  uint64_t r0 = u * j->s->tile_q, r1 = r0 + j->s->tile_q < j->sq ? r0 + j->s->tile_q : j->sq;
  float *w = j->work + (uint64_t)tid * (j->sk + j->dv + j->s->tile_k) * 2;
  for (uint64_t i = r0; i < r1; i++) {
    if (j->s->cascade == GOLD_ATT_EXACT) att_exact_row(j, i, (double *)w);
    else if (j->s->cascade == GOLD_ATT_3PASS) att_3pass_row(j, i, w);
    else att_1pass_row(j, i, w);
  }
}

/* Copies x (n values) rounded into f. */
static float *att_inputs(const ops_fmt_float *f, const float *x, uint64_t n) {
  float *y = malloc((size_t)n * sizeof *y + 1);
  for (uint64_t i = 0; y && i < n; i++) y[i] = att_round(f, x[i]);
  return y;
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
  att_job j = {s, NULL, NULL, NULL, sq, sk, d, dv, o, NULL, s->scale ? s->scale : 1.0 / sqrt((double)d)};
  float *qq = att_inputs(s->q_fmt, q, nq), *kk = att_inputs(s->k_fmt, k, nk), *vv = att_inputs(s->v_fmt, v, nv);
  j.q = qq, j.k = kk, j.v = vv;
  j.work = malloc((size_t)per * sizeof(float) + 8);
  int rc = 0;
  if (!qq || !kk || !vv || !j.work) rc = com_err_oom(e);
  if (!rc) gold_parallel_for((sq + s->tile_q - 1) / s->tile_q, nt, att_unit, &j);
  free(qq), free(kk), free(vv), free(j.work);
  return rc;
}
