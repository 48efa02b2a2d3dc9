/* func — the functional mode's driver: checks, the memory limit, the batched execution of the
 * datapath (func_order.c) next to the golden GEMM, and the comparison figures (func.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/num.h"
#include "sim/core/func_int.h"

sim_func_opts sim_func_opts_default(void) {
  sim_func_opts o;
  memset(&o, 0, sizeof o);
  o.seed = 1;
  o.dist = SIM_FUNC_DIST_NORMAL;
  o.tree = SIM_FUNC_TREE_PAIRWISE;
  return o;
}

const char *sim_func_tree_name(sim_func_tree t) { return t == SIM_FUNC_TREE_LINEAR ? "linear" : "pairwise"; }

int sim_func_tree_parse(const char *s, sim_func_tree *out, com_err *e) {
  if (!strcasecmp(s, "pairwise")) *out = SIM_FUNC_TREE_PAIRWISE;
  else if (!strcasecmp(s, "linear")) *out = SIM_FUNC_TREE_LINEAR;
  else return com_err_plain(e, COM_EINPUT, "spatial reduction '%s': expected pairwise or linear", s);
  return 0;
}

int sim_func_dist_parse(const char *s, sim_func_dist *out, com_err *e) {
  if (!strcasecmp(s, "normal")) *out = SIM_FUNC_DIST_NORMAL;
  else if (!strcasecmp(s, "uniform")) *out = SIM_FUNC_DIST_UNIFORM;
  else return com_err_plain(e, COM_EINPUT, "data distribution '%s': expected normal or uniform", s);
  return 0;
}

void sim_func_result_free(sim_func_result *r) {
  free(r->out);
  r->out = NULL;
}

/* The accumulator: the override, else the unit's accumulator format. */
static int sf_acc(const map_target *t, const sim_func_opts *o, gold_acc *acc, com_err *e) {
  if (o->has_acc) {
    *acc = o->acc;
    if (acc->kind == GOLD_ACC_FIXED && (acc->width < 2 || acc->width > 62))
      return com_err_plain(e, COM_EINPUT, "fixed accumulator width %d is outside 2..62", acc->width);
    return 0;
  }
  const ops_format *f = t->unit->acc ? t->unit->acc : t->unit->inputs[0];
  memset(acc, 0, sizeof *acc);
  if (f->cls == OPS_FMT_INT && f->elem_bits <= 62) {
    acc->kind = GOLD_ACC_FIXED;
    acc->width = (int)f->elem_bits;
    return 0;
  }
  if (f->cls == OPS_FMT_FLOAT && f->fp.ebits == 8 && f->fp.mbits == 23 && !f->fp.is_unsigned) {
    acc->kind = GOLD_ACC_FP32;
    return 0;
  }
  return com_err_plain(e, COM_EINPUT, "einsum %s: unit %s accumulates in %s, which the functional mode does "
                       "not model (fp32 or integer accumulators, or an explicit accumulator)",
                       t->es->name, t->unit->name, f->name);
}

/* Elements the run allocates: the inputs, the term order, per batch the raw and quantized panels
 * (and the golden kernel's decoded copy) and two golden GEMMs' outputs (value, register and
 * accumulator each), and four output-sized arrays; false on overflow. */
static bool sf_need(const sf_data *d, uint64_t *n) {
  uint64_t M = d->ext[SF_M], N = d->ext[SF_N], K = d->ext[SF_K], mk, kn, mn, out, s;
  if (!com_mul_u64(M, K, &mk) || !com_mul_u64(K, N, &kn) || !com_mul_u64(M, N, &mn) ||
      !com_mul_u64(mn, d->ext[SF_B], &out))
    return false;
  s = d->es->in[0].elems;
  bool ok = com_add_u64(s, d->es->in[1].elems, &s) && com_add_u64(s, K, &s);
  for (int i = 0; ok && i < 3; i++) ok = com_add_u64(s, mk, &s) && com_add_u64(s, kn, &s);
  for (int i = 0; ok && i < 6; i++) ok = com_add_u64(s, mn, &s);
  for (int i = 0; ok && i < 4; i++) ok = com_add_u64(s, out, &s);
  *n = s;
  return ok;
}

typedef struct sf_run_ctx {
  sf_data d;
  sf_plan pl;
  gold_gemm_spec gs, xs;          /* golden in the hardware's order, golden exact */
  const ops_fmt_float *of;        /* output rounding */
  bool raw_out;                   /* integer output of a fixed accumulator: the register value */
  float *av, *bv, *aq, *bq;
  int64_t *ac, *bc;
  double *gold, *exact, *ratio;
  sim_func_result *r;
} sf_run_ctx;

/* The per-element bound of |out - exact| for fp32/fp64 accumulators (func.h, docs). */
static double sf_bound(const sf_run_ctx *c, double sumabs, double exact) {
  double u = c->pl.cfg.acc == GOLD_ACC_FP32 ? ldexp(1.0, -24) : ldexp(1.0, -53);
  double tiny = c->pl.cfg.acc == GOLD_ACC_FP32 ? ldexp(1.0, -149) : ldexp(1.0, -1074);
  double n = (double)c->pl.rounds, g = n * u / (1 - n * u);
  if (n * u >= 0.5) return INFINITY;
  double uo = ldexp(1.0, -(int)c->of->mbits - 1), so = ops_fmt_float_min_subnormal(c->of) / 2;
  double delta = g * sumabs * (1 + 2 * ldexp(1.0, -50)) + n * tiny;
  double s = fabs(exact) * (1 + 2 * uo) + so;
  return delta * (1 + uo) + 2 * uo * s + 2 * so;
}

static int sf_batch(sf_run_ctx *c, uint64_t b, com_err *e) {
  const sf_data *d = &c->d;
  uint64_t M = d->ext[SF_M], N = d->ext[SF_N], K = d->ext[SF_K];
  sf_gather(d, 0, b, c->av, c->ac);
  sf_gather(d, 1, b, c->bv, c->bc);
  if (sf_quantize(d, 0, c->av, c->ac, M * K, c->aq, e) || sf_quantize(d, 1, c->bv, c->bc, K * N, c->bq, e))
    return -1;
  gold_matrix ma = {M, K, d->val[0] ? c->av : NULL, d->val[0] ? NULL : c->ac};
  gold_matrix mb = {K, N, d->val[1] ? c->bv : NULL, d->val[1] ? NULL : c->bc};
  gold_gemm_result g, x;
  if (gold_gemm(&c->gs, &ma, &mb, &g, e)) return -1;
  if (gold_gemm(&c->xs, &ma, &mb, &x, e)) { gold_gemm_result_free(&g); return -1; }
  ops_fmt_opts oo = ops_fmt_opts_default();
  bool flt = c->pl.cfg.acc == GOLD_ACC_FP32 || c->pl.cfg.acc == GOLD_ACC_FP64;
  for (uint64_t i = 0; i < M; i++)
    for (uint64_t j = 0; j < N; j++) {
      uint64_t off = sf_out_offset(d, b, i, j), gi = i * N + j;
      gold_dot_out o = sf_plan_element(&c->pl, c->aq + i * K, c->bq + j, N);
      c->r->overflows += o.ovf;
      double v = c->raw_out ? o.value : ops_fmt_decode_f64(c->of, ops_fmt_encode_f64(c->of, o.value, &oo, off));
      c->r->out[off] = v;
      c->gold[off] = c->raw_out ? ldexp((double)g.raw[gi], -c->gs.acc.frac) : g.c[gi];
      c->exact[off] = x.c[gi];
      if (!flt) continue;
      double sumabs = 0;
      for (uint64_t k = 0; k < K; k++) sumabs += fabs((double)c->aq[i * K + k] * (double)c->bq[k * N + j]);
      double err = fabs(v - x.c[gi]), bd = sf_bound(c, sumabs, x.c[gi]);
      if (!isfinite(v) || !isfinite(x.c[gi])) err = (v == x.c[gi] || (isnan(v) && isnan(x.c[gi]))) ? 0 : INFINITY;
      c->ratio[off] = err == 0 ? 0 : err / bd;
    }
  gold_gemm_result_free(&g);
  gold_gemm_result_free(&x);
  return 0;
}

/* The output rounding and the golden specs. */
static int sf_specs(sf_run_ctx *c, const gold_acc *acc, const char *order, com_err *e) {
  const ops_format *of = c->d.es->out.format;
  c->of = of->cls == OPS_FMT_FLOAT ? &of->fp : &OPS_FP32;
  c->raw_out = of->cls == OPS_FMT_INT && acc->kind == GOLD_ACC_FIXED;
  c->gs = gold_gemm_spec_default();
  c->gs.a_fmt = c->d.fmt[0];
  c->gs.b_fmt = c->d.fmt[1];
  c->gs.acc = *acc;
  c->gs.out_fmt = of->cls == OPS_FMT_FLOAT ? of : NULL;
  if (gold_order_parse(order, &c->gs.order, e)) return -1;
  c->xs = c->gs;
  c->xs.acc.kind = GOLD_ACC_EXACT;
  c->xs.order.kind = GOLD_ORDER_SEQ;
  return 0;
}

static void sf_figures(sf_run_ctx *c) {
  sim_func_result *r = c->r;
  uint64_t n = r->elems;
  gold_compare(r->out, c->gold, n, 0, 0, -1, &r->vs_golden);
  gold_compare(r->out, c->exact, n, 0, 0, -1, &r->vs_exact);
  r->bit_identical = true;
  for (uint64_t i = 0; i < n && r->bit_identical; i++)
    r->bit_identical = memcmp(&r->out[i], &c->gold[i], sizeof(double)) == 0 || (isnan(r->out[i]) && isnan(c->gold[i]));
  bool flt = c->pl.cfg.acc == GOLD_ACC_FP32 || c->pl.cfg.acc == GOLD_ACC_FP64;
  r->bound_ratio = 0;
  for (uint64_t i = 0; flt && i < n; i++)
    if (!(c->ratio[i] <= r->bound_ratio)) r->bound_ratio = c->ratio[i];
  r->within_bound = flt ? r->bound_ratio <= 1 : r->bit_identical;
  r->ok = r->must_match ? r->bit_identical : r->within_bound;
}

int sim_func_supported(const map_target *t, const sim_func_opts *o, com_err *e) {
  sf_data d;
  gold_acc acc;
  return sf_classify(t->es, &d, e) || sf_acc(t, o, &acc, e) || sf_formats(t, &d, e) ? -1 : 0;
}

int sim_func_run(const map_target *t, const map_mapping *m, const sim_func_opts *o,
                 sim_func_result *r, com_err *e) {
  memset(r, 0, sizeof *r);
  sf_run_ctx *c = calloc(1, sizeof *c);
  sim_prog *p = calloc(1, sizeof *p);
  gold_acc acc;
  int rc = -1;
  if (!c || !p) { com_err_oom(e); goto done; }
  c->r = r;
  if (sf_classify(t->es, &c->d, e) || sf_acc(t, o, &acc, e) || sf_formats(t, &c->d, e) ||
      map_mapping_check(t, m, e) || sim_lower(t, m, false, p, e))
    goto done;
  uint64_t need = 0, limit = o->max_elems ? o->max_elems : SIM_FUNC_MAX_ELEMS;
  if (!sf_need(&c->d, &need) || need > limit) {
    com_err_plain(e, COM_EINPUT, "einsum %s: the functional mode would allocate %s%llu tensor elements "
                  "(inputs, im2col panels, outputs), above its limit of %llu", t->es->name,
                  need > limit ? "" : "more than ", (unsigned long long)need, (unsigned long long)limit);
    goto done;
  }
  if (sf_plan_build(p, &c->d, o->tree, &acc, &c->pl, e)) goto done;
  r->order_golden = sf_plan_golden(&c->pl, r->order, sizeof r->order);
  if (sf_specs(c, &acc, r->order_golden ? r->order : "k-sequential", e)) goto done;
  if (!r->order_golden) snprintf(r->order, sizeof r->order, "mapping");
  if (sf_inputs(o, &c->d, e)) goto done;
  const sf_data *d = &c->d;
  uint64_t M = d->ext[SF_M], N = d->ext[SF_N], K = d->ext[SF_K], n = t->es->out.elems;
  r->elems = n, r->terms = K, r->batches = d->ext[SF_B], r->spatial_reductions = c->pl.nspatial;
  gold_acc_name(&acc, r->acc, sizeof r->acc);
  snprintf(r->in_fmt[0], sizeof r->in_fmt[0], "%s", d->fmt[0]->name);
  snprintf(r->in_fmt[1], sizeof r->in_fmt[1], "%s", d->fmt[1]->name);
  snprintf(r->out_fmt, sizeof r->out_fmt, "%s", t->es->out.format->name);
  r->must_match = acc.kind == GOLD_ACC_FIXED || acc.kind == GOLD_ACC_EXACT || r->order_golden;
  /* raw panels in the input's kind (values or codes), quantized panels, output-sized arrays */
  if (d->val[0]) c->av = malloc(M * K * sizeof(float) + 1);
  else c->ac = malloc(M * K * sizeof(int64_t) + 1);
  if (d->val[1]) c->bv = malloc(K * N * sizeof(float) + 1);
  else c->bc = malloc(K * N * sizeof(int64_t) + 1);
  c->aq = malloc(M * K * sizeof(float) + 1), c->bq = malloc(K * N * sizeof(float) + 1);
  r->out = calloc(n + 1, sizeof(double)), c->gold = calloc(n + 1, sizeof(double));
  c->exact = calloc(n + 1, sizeof(double)), c->ratio = calloc(n + 1, sizeof(double));
  if ((!c->av && !c->ac) || (!c->bv && !c->bc) || !c->aq || !c->bq || !r->out || !c->gold || !c->exact ||
      !c->ratio) {
    com_err_oom(e);
    goto done;
  }
  for (uint64_t b = 0; b < d->ext[SF_B]; b++)
    if (sf_batch(c, b, e)) goto done;
  sf_figures(c);
  rc = 0;
done:
  if (c) {
    sf_data_free(&c->d);
    sf_plan_free(&c->pl);
    free(c->av), free(c->aq), free(c->bv), free(c->bq), free(c->ac), free(c->bc);
    free(c->gold), free(c->exact), free(c->ratio);
  }
  if (rc) sim_func_result_free(r);
  free(c);
  free(p);
  return rc;
}
