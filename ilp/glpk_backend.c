/* glpk_backend — the GLPK back end of ilp.h: solve (presolve, tm_lim, mip_gap, a warm start
 * through GLP_IHEUR) and CPLEX-LP / MPS export.
 *
 * Safety: the model is validated first; during every GLPK call an error hook longjmps back
 * here, so a GLPK internal error becomes an error return (and glp_free_env cleans up) instead
 * of abort(). Terminal output is off. ilp_glpk_lock serializes all GLPK use in the process: it
 * is the module's only global mutable state (GLPK itself is not thread-safe). */
#include <glpk.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ilp/ilp.h"

static pthread_mutex_t ilp_glpk_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct ilp_cb {
  const ilp_model *m;
  const double *warm;
  bool warm_used;
  double gap; /* last relative gap seen while an incumbent existed; -1 none */
} ilp_cb;

static void ilp_hook(void *info) { longjmp(*(jmp_buf *)info, 1); }

/* GLPK prints its internal errors even with terminal output off; the text is kept (under the
 * lock) for the error message instead of reaching the user's terminal. */
static char ilp_glpk_text[160];

static int ilp_term(void *info, const char *s) {
  (void)info;
  size_t n = strlen(ilp_glpk_text);
  for (; *s && n + 1 < sizeof ilp_glpk_text; s++) ilp_glpk_text[n++] = *s == '\n' ? ' ' : *s;
  ilp_glpk_text[n] = 0;
  return 1; /* handled: GLPK writes nothing */
}

static void ilp_callback(glp_tree *t, void *info) {
  ilp_cb *cb = info;
  if (glp_ios_reason(t) == GLP_IHEUR && cb->warm) {
    double *v = malloc(((size_t)cb->m->ncols + 1) * sizeof *v);
    if (v) {
      v[0] = 0;
      memcpy(v + 1, cb->warm, (size_t)cb->m->ncols * sizeof *v);
      cb->warm_used = glp_ios_heur_sol(t, v) == 0;
      free(v);
    }
    cb->warm = NULL; /* once */
  }
  glp_prob *p = glp_ios_get_prob(t);
  if (glp_mip_status(p) == GLP_FEAS && glp_ios_best_node(t) != 0) cb->gap = glp_ios_mip_gap(t);
}

/* Builds the GLPK problem (inside the error hook). NULL only when out of memory. const_col:
 * carry the objective offset as a column fixed at 1 (the CPLEX LP format has no constant term:
 * GLPK writes it as a comment that readers drop). */
static glp_prob *ilp_build(const ilp_model *m, bool const_col) {
  glp_prob *p = glp_create_prob();
  glp_set_prob_name(p, "accel_sim");
  glp_set_obj_dir(p, GLP_MIN);
  glp_set_obj_name(p, "obj");
  if (const_col && m->offset != 0) {
    int j = glp_add_cols(p, 1);
    glp_set_col_name(p, j, "objective_constant");
    glp_set_col_bnds(p, j, GLP_FX, 1, 1);
    glp_set_obj_coef(p, j, m->offset);
  } else {
    glp_set_obj_coef(p, 0, m->offset);
  }
  int base = glp_get_num_cols(p);
  if (m->ncols) glp_add_cols(p, m->ncols);
  for (int j = 0; j < m->ncols; j++) {
    const ilp_colv *c = &m->cols[j];
    bool flo = isfinite(c->lo), fhi = isfinite(c->hi);
    int type = flo && fhi ? (c->lo == c->hi ? GLP_FX : GLP_DB) : flo ? GLP_LO : fhi ? GLP_UP : GLP_FR;
    glp_set_col_name(p, base + j + 1, c->name);
    glp_set_col_bnds(p, base + j + 1, type, flo ? c->lo : 0, fhi ? c->hi : 0);
    glp_set_col_kind(p, base + j + 1, c->integer ? GLP_IV : GLP_CV);
    glp_set_obj_coef(p, base + j + 1, c->cost);
  }
  if (m->nrows) glp_add_rows(p, m->nrows);
  int maxn = 0;
  for (int i = 0; i < m->nrows; i++) if (m->rows[i].n > maxn) maxn = m->rows[i].n;
  int *ind = malloc(((size_t)maxn + 1) * sizeof *ind);
  double *val = malloc(((size_t)maxn + 1) * sizeof *val);
  if (!ind || !val) {
    free(ind);
    free(val);
    glp_delete_prob(p);
    return NULL;
  }
  for (int i = 0; i < m->nrows; i++) {
    const ilp_rowv *r = &m->rows[i];
    glp_set_row_name(p, i + 1, r->name);
    int type = r->sense == 'L' ? GLP_UP : r->sense == 'G' ? GLP_LO : GLP_FX;
    glp_set_row_bnds(p, i + 1, type, r->rhs, r->rhs);
    for (int k = 0; k < r->n; k++) {
      ind[k + 1] = base + m->idx[r->first + (size_t)k] + 1;
      val[k + 1] = m->coef[r->first + (size_t)k];
    }
    glp_set_mat_row(p, i + 1, r->n, ind, val);
  }
  free(ind);
  free(val);
  return p;
}

static double ilp_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Runs GLPK on p with the parameters (inside the hook); fills r and m->x. A second attempt
 * (robust) scales the problem and solves the relaxation by the dual simplex first. */
static void ilp_run(ilp_model *m, glp_prob *p, const ilp_params *prm, bool robust, ilp_cb *cb, ilp_result *r) {
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  double ms = prm->time_limit_s * 1000.0;
  parm.tm_lim = ms >= 2e9 ? 2000000000 : ms < 1 ? 1 : (int)ms;
  parm.mip_gap = prm->mip_gap;
  parm.cb_func = ilp_callback;
  parm.cb_info = cb;
  /* GLPK hands the callback the presolved problem when its MIP presolver is on, where a warm
   * start in the original columns would be wrong: with a warm start, solve the LP relaxation
   * with the LP presolver first and run branch-and-cut on the original problem. */
  parm.presolve = prm->presolve && !prm->warm && !robust ? GLP_ON : GLP_OFF;
  int rc = 0;
  if (robust) glp_scale_prob(p, GLP_SF_AUTO);
  if (parm.presolve == GLP_OFF) {
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = prm->presolve && !robust ? GLP_ON : GLP_OFF;
    if (robust) sm.meth = GLP_DUALP;
    sm.tm_lim = parm.tm_lim;
    rc = glp_simplex(p, &sm);
    if (rc == GLP_ENOPFS || glp_get_status(p) == GLP_NOFEAS) { r->status = ILP_INFEASIBLE; return; }
    if (rc == GLP_ENODFS || glp_get_status(p) == GLP_UNBND) { r->status = ILP_UNBOUNDED; return; }
    if (rc != 0 || glp_get_status(p) != GLP_OPT) { r->status = ILP_NO_SOLUTION; return; }
  }
  rc = glp_intopt(p, &parm);
  int st = glp_mip_status(p);
  if (rc == GLP_ENOPFS || st == GLP_NOFEAS) r->status = ILP_INFEASIBLE;
  else if (rc == GLP_ENODFS) r->status = ILP_UNBOUNDED;
  else if ((st == GLP_OPT && rc == 0) || (st == GLP_FEAS && rc == GLP_EMIPGAP)) r->status = ILP_OPTIMAL;
  else if (st == GLP_OPT || st == GLP_FEAS) r->status = ILP_FEASIBLE;
  else r->status = ILP_NO_SOLUTION;
  if (r->status == ILP_OPTIMAL || r->status == ILP_FEASIBLE) {
    r->objective = glp_mip_obj_val(p);
    for (int j = 0; j < m->ncols; j++) m->x[j] = glp_mip_col_val(p, j + 1);
    r->gap = st == GLP_OPT ? 0 : cb->gap; /* within mip_gap when stopped by it */
  }
}

int ilp_solve_params(ilp_model *m, const ilp_params *prm, ilp_result *r, com_err *e) {
  memset(r, 0, sizeof *r);
  r->gap = -1;
  if (ilp_validate(m, e)) return -1;
  if (!(prm->time_limit_s > 0) || !(prm->mip_gap >= 0))
    return com_err_plain(e, COM_EFAIL, "ilp: the time limit must be > 0 and the gap >= 0");
  if (prm->warm) {
    char why[256];
    if (!ilp_check(m, prm->warm, 1e-6, why, sizeof why))
      return com_err_plain(e, COM_EFAIL, "ilp: the warm start is not feasible: %s", why);
  }
  free(m->x);
  if (!(m->x = calloc((size_t)m->ncols + 1, sizeof *m->x))) return com_err_oom(e);
  double t0 = ilp_now();
  /* GLPK 5.0's simplex can fail an internal assertion on some valid models (e.g. "teta_lim >=
   * 0.0" in the primal ratio test on byte-sized coefficients): try once more, scaled, by the
   * dual simplex, before reporting the failure. */
  for (int attempt = 0;; attempt++) {
    ilp_cb cb = {m, prm->warm, false, -1};
    memset(r, 0, sizeof *r);
    r->gap = -1;
    pthread_mutex_lock(&ilp_glpk_lock);
    jmp_buf jb;
    glp_prob *volatile p = NULL;
    if (setjmp(jb)) {
      glp_free_env();
      char text[sizeof ilp_glpk_text];
      memcpy(text, ilp_glpk_text, sizeof text);
      pthread_mutex_unlock(&ilp_glpk_lock);
      if (attempt == 0) continue;
      return com_err_plain(e, COM_EFAIL, "ilp: GLPK failed on the model (internal error: %s), also scaled with the dual simplex",
                           text[0] ? text : "no message");
    }
    ilp_glpk_text[0] = 0;
    glp_term_hook(ilp_term, NULL);
    glp_error_hook(ilp_hook, &jb);
    glp_term_out(GLP_OFF);
    p = ilp_build(m, false);
    if (p) ilp_run(m, p, prm, attempt > 0, &cb, r);
    if (p) glp_delete_prob(p);
    glp_error_hook(NULL, NULL);
    glp_free_env();
    pthread_mutex_unlock(&ilp_glpk_lock);
    if (!p) return com_err_oom(e);
    r->warm_used = cb.warm_used;
    r->x = m->x;
    r->seconds = ilp_now() - t0;
    return 0;
  }
}

int ilp_solve(ilp_model *m, double time_limit_s, double gap, const double *warm, ilp_result *r,
              com_err *e) {
  ilp_params p = {time_limit_s, gap, true, warm};
  return ilp_solve_params(m, &p, r, e);
}

/* Builds the problem and writes it with GLPK's writer (lp: CPLEX LP, else free MPS). */
static int ilp_write(const ilp_model *m, const char *path, bool lp, com_err *e) {
  if (ilp_validate(m, e)) return -1;
  pthread_mutex_lock(&ilp_glpk_lock);
  jmp_buf jb;
  glp_prob *volatile p = NULL;
  volatile int rc = 0;
  if (setjmp(jb)) {
    glp_free_env();
    pthread_mutex_unlock(&ilp_glpk_lock);
    return com_err_file(e, path, "GLPK failed while writing the model");
  }
  glp_error_hook(ilp_hook, &jb);
  glp_term_hook(ilp_term, NULL);
  glp_term_out(GLP_OFF);
  p = ilp_build(m, true);
  if (p) rc = lp ? glp_write_lp(p, NULL, path) : glp_write_mps(p, GLP_MPS_FILE, NULL, path);
  if (p) glp_delete_prob(p);
  glp_error_hook(NULL, NULL);
  glp_free_env();
  pthread_mutex_unlock(&ilp_glpk_lock);
  if (!p) return com_err_oom(e);
  if (rc) return com_err_file(e, path, "cannot write the %s file", lp ? "LP" : "MPS");
  return 0;
}

int ilp_write_lp(const ilp_model *m, const char *path, com_err *e) { return ilp_write(m, path, true, e); }
int ilp_write_mps(const ilp_model *m, const char *path, com_err *e) { return ilp_write(m, path, false, e); }
