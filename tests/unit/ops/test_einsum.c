/* test_einsum — the einsum parser: canonical forms, affine extents, reductions, errors. */
#include "ops/einsum.h"
#include "unit.h"

static const com_loc here = {"w.yaml", 5, 11};

static int parse(const char *expr, const ops_rank_decl *r, int n, ops_einsum *es, com_err *e) {
  return ops_einsum_parse(expr, here, r, n, OPS_EINSUM_STRICT, es, e);
}

static void expect_error(const char *expr, const ops_rank_decl *r, int n, const char *msg) {
  ops_einsum es;
  com_err e = {0};
  CHECK(parse(expr, r, n, &es, &e) == -1);
  CHECK_STR(e.msg, msg);
}

int main(void) {
  ops_einsum es;
  com_err e = {0};
  ops_rank_decl mnk[] = {{"m", 128, here}, {"n", 64, here}, {"k", 32, here}};
  CHECK(parse("Z[m,n]+=A[m,k]*B[k,n]", mnk, 3, &es, &e) == 0);
  CHECK_STR(es.expr, "Z[m,n] += A[m,k] * B[k,n]");
  CHECK(ops_einsum_is_mac(&es));
  CHECK_U64(es.points, 128 * 64 * 32);
  CHECK_U64(es.in[0].elems, 128 * 32);
  CHECK_U64(es.in[1].elems, 32 * 64);
  CHECK_U64(es.out.elems, 128 * 64);
  CHECK(es.in[0].role == OPS_ROLE_INPUT && es.in[1].role == OPS_ROLE_WEIGHT && es.out.role == OPS_ROLE_OUTPUT);

  /* conv with stride 2 and dilation 3: extent = 2*(p-1) + 3*(r-1) + 1 */
  ops_rank_decl conv[] = {{"p", 10, here}, {"r", 3, here}};
  CHECK(parse("O[p] += I[p*2 + 3*r] * W[r]", conv, 2, &es, &e) == 0);
  CHECK_STR(es.expr, "O[p] += I[p*2+r*3] * W[r]");
  CHECK_U64(es.in[0].extent[0], 2 * 9 + 3 * 2 + 1);
  CHECK_U64(es.in[0].dims[0].nterms, 2);
  ops_rank_decl off[] = {{"p", 4, here}};
  CHECK(parse("O[p] = I[p + 2]", off, 1, &es, &e) == 0);
  CHECK_U64(es.in[0].extent[0], 6);

  /* the attention cascade's forms */
  ops_rank_decl mp[] = {{"m", 16, here}, {"p", 8, here}};
  CHECK(parse("GM[p] max= QK[m,p]", mp, 2, &es, &e) == 0);
  CHECK(es.reduce == OPS_RED_MAX && es.ninputs == 1 && !ops_einsum_is_mac(&es));
  CHECK(parse("SN[m,p] = exp(QK[m,p] - GM[p])", mp, 2, &es, &e) == 0);
  CHECK(es.unop == OPS_UN_EXP && es.binop == OPS_BIN_SUB && es.ninputs == 2);
  CHECK_STR(es.expr, "SN[m,p] = exp(QK[m,p] - GM[p])");
  CHECK(parse("RM[m,p] = max(A[m,p], B[p])", mp, 2, &es, &e) == 0);
  CHECK(es.binop == OPS_BIN_MAX);
  CHECK_STR(es.expr, "RM[m,p] = max(A[m,p], B[p])");
  CHECK(parse("S[p] += X[m,p]", mp, 2, &es, &e) == 0);
  CHECK(es.reduce == OPS_RED_SUM && es.binop == OPS_BIN_NONE);

  /* recurrences: the output at m1+1, the input at m1; FINAL (M1) is the constant rank size */
  ops_rank_decl rec[] = {{"m1", 4, here}, {"p", 8, here}};
  CHECK(parse("RM[m1+1,p] = max(RM[m1,p], LM[m1,p])", rec, 2, &es, &e) == 0);
  CHECK(ops_tensor_is_recurrence(&es.out));
  CHECK_U64(es.out.extent[0], 5);
  CHECK_STR(es.expr, "RM[m1+1,p] = max(RM[m1,p], LM[m1,p])");
  ops_rank_decl fin[] = {{"m1", 4, here}, {"f", 2, here}, {"p", 8, here}};
  CHECK(ops_einsum_parse("AV[f,p] = RNV[M1,f,p] / RD[M1,p]", here, fin, 3, OPS_EINSUM_DROP_UNUSED, &es, &e) == 0);
  CHECK_U64(es.nranks, 2); /* m1 is not iterated: only read at its final index */
  CHECK_U64(es.in[0].dims[0].nterms, 0);
  CHECK_U64(es.in[0].dims[0].offset, 4);
  CHECK_STR(es.expr, "AV[f,p] = RNV[4,f,p] / RD[4,p]");
  CHECK(parse("Y[p] = X[3,p]", off, 1, &es, &e) == 0);
  CHECK_U64(es.in[0].extent[0], 4);

  /* builders may share one rank list */
  CHECK(ops_einsum_parse("Z[m] += A[m,k]", here, mnk, 3, OPS_EINSUM_DROP_UNUSED, &es, &e) == 0);
  CHECK_U64(es.nranks, 2);
  CHECK_STR(es.rank_name[1], "k");
  CHECK_U64(es.in[0].extent[1], 32);

  /* 64-bit limits */
  ops_rank_decl huge[] = {{"a", 1ull << 40, here}, {"b", 1ull << 30, here}};
  expect_error("Z[a,b] = A[a,b]", huge, 2, "w.yaml:5:11: error: the einsum's iteration space overflows 64 bits");

  expect_error("Z[m,n] += A[m,k] * B[k,n]", mnk, 2, "w.yaml:5:25: error: rank 'k' is not declared in 'ranks'");
  expect_error("Z[m,n] = A[m,k] * B[k,n]", mnk, 3,
               "w.yaml:5:11: error: ranks missing from the output 'Z' are reduced: write '+=' or 'max='");
  expect_error("Z[m,n] += A[m,k] ^ B[k,n]", mnk, 3, "w.yaml:5:28: error: einsum: unexpected '^ B[k,n]' at the end");
  expect_error("Z[m,n] += A[m,k", mnk, 3, "w.yaml:5:26: error: einsum ends early: expected ',' or ']'");
  expect_error("Z[m,m] += A[m,n] * B[n,k]", mnk, 3, "w.yaml:5:11: error: rank 'm' indexes the output 'Z' twice");
  expect_error("Z[m] += A[m,n]", mnk, 3, "w.yaml:5:11: error: rank 'k' is declared but not used in the einsum");
  expect_error("Z[m] = sqrt(A[m])", mnk, 1, "w.yaml:5:18: error: einsum: unknown function 'sqrt' (use exp or max)");
  expect_error("Z[m] = A[m*0]", mnk, 1, "w.yaml:5:20: error: a rank coefficient must be at least 1");
  expect_error("Z[m] Z= A[m]", mnk, 1, "w.yaml:5:16: error: einsum: expected '=', '+=' or 'max=' after the output tensor, found 'Z'");
  expect_error("Z[m] += Z[m]", mnk, 1, "w.yaml:5:11: error: 'Z' is both read and written; name the output differently (a recurrence "
               "writes rank+1, e.g. R[m1+1] = max(R[m1], X[m1]))");
  expect_error("Z[m] = A[m*99999999]", mnk, 1, "w.yaml:5:22: error: index constant is too large (at most 1048576)");
  expect_error("Z[m] = A[m+m]", mnk, 1, "w.yaml:5:22: error: rank 'm' appears twice in one index");
  expect_error("Z[m] =", mnk, 1, "w.yaml:5:17: error: einsum ends early: expected a tensor name");
  UNIT_DONE();
}
