/* test_cascade — cascades: the pass counts of the built-in attention cascades (3, 2, 1) and of
 * user cascades with known answers, what must be kept between passes, and the dependency
 * errors (undefined tensors, cycles, recurrences without initial values). */
#include <stdlib.h>

#include "ops/cascade.h"
#include "unit.h"

static int passes_over(const ops_cascade *c, const ops_cascade_analysis *a, const char *rank) {
  for (int r = 0; r < a->nranks; r++)
    if (strcmp(c->base[a->ranks[r].rank].name, rank) == 0) return a->ranks[r].passes;
  return -1;
}

static const ops_cascade_rank_passes *rank_passes(const ops_cascade *c, const ops_cascade_analysis *a,
                                                  const char *rank) {
  for (int r = 0; r < a->nranks; r++)
    if (strcmp(c->base[a->ranks[r].rank].name, rank) == 0) return &a->ranks[r];
  return NULL;
}

/* Loads YAML text as a cascade; returns NULL and fills e on error. */
static ops_cascade *load(const char *text, com_err *e) {
  com_ydoc *doc = NULL;
  ops_cascade *c = NULL;
  if (com_ydoc_load_buffer("c.yaml", text, strlen(text), &doc, e) == 0)
    ops_cascade_from_node(doc->root, NULL, 0, &c, e);
  com_ydoc_free(doc);
  return c;
}

static void expect_error(const char *text, const char *msg) {
  com_err e = {0};
  ops_cascade *c = load(text, &e);
  CHECK(c == NULL);
  CHECK_STR(e.msg, msg);
  ops_cascade_free(c);
}

#define HEAD "version: 1\nname: t\nranks: {m: 8, p: 4}\ninputs: [X]\n"

int main(void) {
  ops_cascade_analysis *a = malloc(sizeof *a);
  com_err e = {0};
  const struct { const char *name; int passes; int kept_growing; } builtins[] = {
      {"attention-3-pass", 3, 2}, {"attention-2-pass", 2, 1}, {"attention-1-pass", 1, 0},
      {"layernorm-3-pass", 3, 1}, {"layernorm-2-pass", 2, 0},
  };
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
    ops_cascade *c = NULL;
    CHECK(ops_cascade_builtin(builtins[i].name, NULL, 0, &c, &e) == 0);
    if (!c) continue;
    ops_cascade_passes(c, a);
    CHECK_U64(a->passes, builtins[i].passes);
    const char *rank = strncmp(builtins[i].name, "attention", 9) == 0 ? "m" : "n";
    CHECK_U64(passes_over(c, a, rank), builtins[i].passes);
    const ops_cascade_rank_passes *rp = rank_passes(c, a, rank);
    int growing = 0;
    for (int k = 0; rp && k < rp->nbuffers; k++) growing += rp->buffers[k].grows;
    CHECK_U64(growing, builtins[i].kept_growing);
    ops_cascade_free(c);
  }

  /* rank sizes override the declared ones; 1-pass attention over p, e, f: one pass each */
  ops_rank_decl sizes[] = {{"m1", 16, {0}}, {"m0", 256, {0}}, {"p", 4096, {0}}};
  ops_cascade *fm = NULL;
  CHECK(ops_cascade_builtin("attention-1-pass", sizes, 3, &fm, &e) == 0);
  if (fm) {
    ops_cascade_passes(fm, a);
    CHECK_U64(fm->base[0].size, 4096); /* m = m1 x m0 */
    CHECK_U64(passes_over(fm, a, "p"), 1);
    CHECK_U64(passes_over(fm, a, "e"), 1);
    const ops_cascade_rank_passes *rp = rank_passes(fm, a, "m");
    CHECK(rp && rp->nbuffers == 0);
    CHECK(rp && rp->einsum_pass[fm->neinsums - 1] == 0); /* the deferred division is outside m */
    ops_cascade_free(fm);
  }

  /* 3-pass: QK kept from pass 1 to 2 grows with m; GM does not */
  ops_cascade *three = NULL;
  CHECK(ops_cascade_builtin("attention-3-pass", NULL, 0, &three, &e) == 0);
  if (three) {
    ops_cascade_passes(three, a);
    const ops_cascade_rank_passes *rp = rank_passes(three, a, "m");
    CHECK(rp && rp->nbuffers == 4);
    if (rp && rp->nbuffers == 4) {
      CHECK_STR(rp->buffers[0].tensor, "QK");
      CHECK(rp->buffers[0].grows && rp->buffers[0].from_pass == 1 && rp->buffers[0].to_pass == 2);
      CHECK_STR(rp->buffers[1].tensor, "GM");
      CHECK(!rp->buffers[1].grows);
    }
    ops_cascade_free(three);
  }

  /* user cascades with known answers */
  ops_cascade *c = load(HEAD "einsums:\n  - \"S[p] += X[m,p]\"\n  - \"Y[m,p] = X[m,p] / S[p]\"\n", &e);
  CHECK(c != NULL);
  if (c) {
    ops_cascade_passes(c, a);
    CHECK_U64(passes_over(c, a, "m"), 2); /* normalize by a sum: two passes */
    CHECK_U64(passes_over(c, a, "p"), 1);
    ops_cascade_free(c);
  }
  c = load(HEAD "einsums:\n  - \"S[p] += X[m,p]\"\n  - \"T[p] = exp(S[p])\"\n  - \"U[p] = T[p] * S[p]\"\n", &e);
  CHECK(c != NULL);
  if (c) {
    ops_cascade_passes(c, a);
    CHECK_U64(passes_over(c, a, "m"), 1); /* nothing iterates m after the sum */
    ops_cascade_free(c);
  }
  c = load("version: 1\nname: t\nranks: {m1: 4, m0: 2, p: 3}\nsplit: {m: [m1, m0]}\ninputs: [X]\n"
           "init: {R: 0}\neinsums:\n  - \"L[m1,p] += X[m1,m0,p]\"\n  - \"R[m1+1,p] = R[m1,p] + L[m1,p]\"\n"
           "  - \"Y[p] = R[M1,p]\"\n",
           &e);
  CHECK(c != NULL);
  if (c) {
    ops_cascade_passes(c, a);
    CHECK_U64(passes_over(c, a, "m"), 1); /* a running sum over tiles is one pass */
    CHECK_U64(c->einsums[1].out.extent[0], 5);
    ops_cascade_free(c);
  }

  expect_error(HEAD "einsums:\n  - \"S[p] += Z[m,p]\"\n",
               "c.yaml:6:6: error: undefined tensor 'Z': it is not in 'inputs' and no einsum produces it");
  expect_error(HEAD "einsums:\n  - \"S[p] += T[m,p]\"\n  - \"T[m,p] = X[m,p] * X[m,p]\"\n",
               "c.yaml:6:6: error: cyclic dependency: 'T' is read here before the einsum at line 7 produces it");
  expect_error(HEAD "einsums:\n  - \"S[p] += X[m,p]\"\n  - \"S[p] += X[m,p]\"\n",
               "c.yaml:7:6: error: tensor 'S' is produced twice (first at line 6)");
  expect_error(HEAD "einsums:\n  - \"R[m+1,p] = R[m,p] + X[m,p]\"\n",
               "c.yaml:6:6: error: recurrence 'R' is read before its first update and has no initial value (add init: {R: VALUE})");
  expect_error(HEAD "init: {S: 0}\neinsums:\n  - \"S[p] += X[m,p]\"\n",
               "c.yaml:5:8: error: 'init' gives a value for 'S', which is not a recurrence");
  expect_error(HEAD "einsums:\n  - \"X[p] += Y[m,p]\"\n",
               "c.yaml:6:6: error: 'X' is listed in 'inputs' but produced by an einsum");
  expect_error("version: 1\nname: t\nranks: {m: 8}\nsplit: {m: [m1, m0]}\ninputs: [X]\neinsums: [\"Y[m] = X[m]\"]\n",
               "c.yaml:4:9: error: 'm' is split, so it is not a rank itself: declare only its parts");
  expect_error("version: 1\nname: t\nranks: {m1: 8}\nsplit: {m: [m1, m0]}\ninputs: [X]\neinsums: [\"Y[m1] = X[m1]\"]\n",
               "c.yaml:4:17: error: split part 'm0' is not declared in 'ranks'");
  expect_error(HEAD "einsums: []\n", "c.yaml:5:10: error: 'einsums' is empty");
  CHECK(ops_cascade_builtin("attention-4-pass", NULL, 0, &c, &e) == -1);
  CHECK_STR(e.msg, "error: no built-in cascade 'attention-4-pass', did you mean 'attention-1-pass'?");
  free(a);
  UNIT_DONE();
}
