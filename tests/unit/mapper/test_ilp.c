/*
 * test_ilp — the exact mode: the CoSA-style MIP of a small GEMM is solved to optimality by
 * GLPK, warm-started with the search's best; its tiling is a valid mapping that fits; the run
 * keeps whichever mapping the model rates better and says which.
 */
#include "mapper/ilp_map.h"
#include "mapper/run.h"
#include "mk.h"
#include "unit.h"

static const ops_rank_decl ranks[] = {{"m", 64, {0}}, {"n", 48, {0}}, {"k", 32, {0}}};

int main(void) {
  arch_spec *a = mk_arch(1000);
  mk_level(a, "DRAM", 0, 64, 100, 100, 16, ARCH_KEEP_ALL, 1, 1);
  mk_level(a, "buf", 2048, 64, 6, 6, 32, ARCH_KEEP_ALL, 4, 4)->spatial_reduction = true;
  mk_level(a, "spad", 64, 8, 0.5, 0.5, 4, ARCH_KEEP_ALL, 1, 1);
  mk_array(a, 4, 4, 2, 1, 1, 1);
  ops_einsum es;
  CHECK(mk_einsum(&es, "Z[m,n] += A[m,k] * B[k,n]", ranks, 3, "int8") == 0);
  map_target t;
  com_err e = {0};
  CHECK(map_target_init(a, &es, &t, &e) == 0);
  map_options o = {.objective = MAP_OBJ_EDP, .search = MAP_SEARCH_ILP, .time_limit_s = 20,
                   .threads = 1, .seed = 1, .engine = MAP_ENGINE_ANALYTICAL};
  map_best b;
  CHECK(map_search_einsum(&t, &o, 2, &b, &e) == 0);
  map_mapping m;
  map_result r;
  map_ilp_info info;
  CHECK(map_ilp_einsum(&t, &o, &b, &m, &r, &info, &e) == 0);
  CHECK(info.status == ILP_OPTIMAL);
  CHECK(info.gap == 0);
  CHECK(info.vars > 0);
  CHECK(info.fits);
  if (info.fits) {
    CHECK(map_mapping_check(&t, &m, &e) == 0);
    CHECK(map_model_eval(&t, &m, &r));
    CHECK(info.cost == map_model_cost(&r, o.objective));
  }

  /* Through the op driver: the kept mapping is the better of the two. */
  ops_op op = {0};
  strcpy(op.name, "g");
  op.kind = OPS_KIND_GEMM;
  op.shape.gemm = (ops_gemm_shape){1, 64, 48, 32};
  op.neinsums = 1;
  op.einsums = &es;
  map_op_run run;
  CHECK(map_run_op(&op, a, &o, 2, NULL, &run, &e) == 0);
  CHECK(run.es[0].has_ilp);
  double kept = map_model_cost(&run.es[0].r, o.objective);
  CHECK(kept <= b.cost);
  CHECK(!info.fits || kept <= info.cost);
  CHECK(run.es[0].ilp.chosen == (info.fits && info.cost < b.cost));
  map_run_free(&run);
  free(a);
  UNIT_DONE();
}
