/*
 * test_search — the mapper's properties: the same best mapping for any thread count; DRAM
 * traffic never below the compulsory traffic nor the I/O bound; counts invariant under
 * equivalent loop orders; more buffer never increases the optimal DRAM traffic; an infeasible
 * arch names its obstacle.
 */
#include "mapper/bound.h"
#include "mapper/search.h"
#include "mk.h"
#include "unit.h"

static const ops_rank_decl ranks[] = {{"m", 64, {0}}, {"n", 48, {0}}, {"k", 32, {0}}};

static arch_spec *arch_with(uint64_t buf_bytes, uint64_t spad_bytes) {
  arch_spec *a = mk_arch(1000);
  mk_level(a, "DRAM", 0, 64, 100, 100, 16, ARCH_KEEP_ALL, 1, 1);
  mk_level(a, "buf", buf_bytes, 64, 6, 6, 32, ARCH_KEEP_ALL, 4, 4)->spatial_reduction = true;
  mk_level(a, "spad", spad_bytes, 8, 0.5, 0.5, 4, ARCH_KEEP_ALL, 1, 1);
  mk_array(a, 4, 4, 2, 1, 1, 1);
  return a;
}

static void same(const map_best *x, const map_best *y) {
  CHECK(x->found && y->found);
  CHECK(x->cost == y->cost);
  CHECK(memcmp(&x->m, &y->m, sizeof x->m) == 0);
  /* evaluation counts differ: the bound prunes against each thread's own best so far */
  CHECK(x->st.exhausted && y->st.exhausted);
}

/* Per tensor, the set of non-unit loops in the innermost run of loops that do not index it
 * (bit 15: the run covers the whole level): orders with equal keys must count the same. */
static uint64_t order_key(const map_target *t, const map_level *l) {
  uint64_t key = 0;
  for (int s = 0; s < MAP_NT; s++) {
    unsigned run = 0;
    int i = 0, n = 0;
    for (i = 0; i < t->nranks; i++) {
      int r = l->perm[i];
      if (l->t[r] == 1) continue;
      n++;
      if (t->relevant[s] & (1u << r)) break;
      run |= 1u << r;
    }
    if (i == t->nranks) run |= 1u << 15;
    key |= (uint64_t)run << (16 * s);
    (void)n;
  }
  return key;
}

/* Every order of every level of m: equal keys give equal counts, energy and cycles. */
static void check_equivalent_orders(const map_target *t, const map_mapping *m) {
  static const int8_t perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  for (int j = 0; j < m->nlevels; j++) {
    map_result res[6];
    uint64_t keys[6];
    map_mapping x = *m;
    for (int p = 0; p < 6; p++) {
      memcpy(x.lv[j].perm, perms[p], 3);
      keys[p] = order_key(t, &x.lv[j]);
      map_model_eval(t, &x, &res[p]);
    }
    for (int p = 0; p < 6; p++)
      for (int q = p + 1; q < 6; q++)
        if (keys[p] == keys[q]) {
          CHECK_U64(res[p].dram_bytes, res[q].dram_bytes);
          CHECK(res[p].energy_pj == res[q].energy_pj);
          CHECK_U64(res[p].cycles, res[q].cycles);
        }
  }
}

int main(void) {
  ops_einsum es;
  CHECK(mk_einsum(&es, "Z[m,n] += A[m,k] * B[k,n]", ranks, 3, "int8") == 0);
  ops_op op = {0};
  op.kind = OPS_KIND_GEMM;
  op.shape.gemm = (ops_gemm_shape){1, 64, 48, 32};
  op.neinsums = 1;
  op.einsums = &es;
  map_options o = {.objective = MAP_OBJ_EDP, .time_limit_s = 60, .threads = 1, .seed = 1};
  com_err e = {0};
  double prev_dram = 1e300;
  for (uint64_t buf = 256; buf <= 4096; buf *= 4) {
    arch_spec *a = arch_with(buf, 16);
    map_target t;
    CHECK(map_target_init(a, &es, &t, &e) == 0);
    map_best b1, b3;
    o.objective = MAP_OBJ_EDP;
    CHECK(map_search_einsum(&t, &o, 1, &b1, &e) == 0);
    CHECK(map_search_einsum(&t, &o, 3, &b3, &e) == 0);
    same(&b1, &b3);
    CHECK(b1.st.valid > 0 && b1.st.valid <= b1.st.evaluated);
    CHECK(b1.st.mapspace >= (double)b1.st.tilings);
    o.objective = MAP_OBJ_DRAM;
    map_best bd;
    CHECK(map_search_einsum(&t, &o, 2, &bd, &e) == 0);
    map_bound bound;
    map_bound_op(&op, a, &bound);
    CHECK((double)bd.r.dram_bytes >= bound.compulsory_bytes);
    CHECK((double)bd.r.dram_bytes >= bound.io_bytes);
    CHECK((double)b1.r.dram_bytes >= bound.lower_bytes);
    CHECK((double)bd.r.dram_bytes <= prev_dram); /* more buffer never hurts the optimum */
    prev_dram = (double)bd.r.dram_bytes;
    if (buf == 4096) CHECK((double)bd.r.dram_bytes == bound.compulsory_bytes); /* all fits */

    /* Equivalent loop orders: at a level whose only non-unit loops are m and n, swapping two
     * outer unit loops changes nothing; neither does reordering loops of a level all of whose
     * loops index every tensor the same way. */
    map_mapping m2 = b1.m;
    map_level *l = &m2.lv[0];
    int M = ops_einsum_rank(&es, "m"), N = ops_einsum_rank(&es, "n"), K = ops_einsum_rank(&es, "k");
    l->t[M] *= l->t[K] == 1 ? 1 : 1;
    map_result r1, r2;
    map_model_eval(&t, &b1.m, &r1);
    /* move every unit-factor loop of each level to another position */
    for (int j = 0; j < m2.nlevels; j++) {
      int8_t p[OPS_MAX_RANKS];
      int k = 0;
      for (int i = 0; i < 3; i++)
        if (m2.lv[j].t[m2.lv[j].perm[i]] > 1) p[k++] = m2.lv[j].perm[i];
      int nonunit = k;
      for (int i = 2; i >= 0; i--)
        if (m2.lv[j].t[m2.lv[j].perm[i]] == 1) p[k++] = m2.lv[j].perm[i];
      /* put unit loops innermost instead of outermost */
      int8_t q[OPS_MAX_RANKS];
      int w = 0;
      for (int i = nonunit; i < 3; i++) q[w++] = p[i];
      for (int i = 0; i < nonunit; i++) q[w++] = p[i];
      memcpy(m2.lv[j].perm, q, 3);
    }
    map_model_eval(&t, &m2, &r2);
    check_equivalent_orders(&t, &b1.m);
    check_equivalent_orders(&t, &bd.m);
    CHECK_U64(r1.dram_bytes, r2.dram_bytes);
    CHECK(r1.energy_pj == r2.energy_pj);
    CHECK_U64(r1.cycles, r2.cycles);
    (void)N;
    free(a);
  }

  /* A time limit far too short: the search says it did not exhaust the space. */
  {
    static const ops_rank_decl big[] = {{"m", 4096, {0}}, {"n", 4096, {0}}, {"k", 4096, {0}}};
    ops_einsum eb;
    CHECK(mk_einsum(&eb, "Z[m,n] += A[m,k] * B[k,n]", big, 3, "int8") == 0);
    arch_spec *a2 = arch_with(65536, 64);
    map_target t2;
    CHECK(map_target_init(a2, &eb, &t2, &e) == 0);
    map_options lim = o;
    lim.time_limit_s = 1e-6;
    map_best bl;
    int st = map_search_einsum(&t2, &lim, 2, &bl, &e);
    CHECK(!bl.st.exhausted);
    CHECK(st == 0 || e.kind == COM_EFAIL);
    free(a2);
  }

  /* Infeasible: a spad of 0 bytes... the arch requires >= 1, so a 1-byte spad with 16-bit data */
  ops_einsum es16;
  CHECK(mk_einsum(&es16, "Z[m,n] += A[m,k] * B[k,n]", ranks, 3, "fp16") == 0);
  arch_spec *a = arch_with(1024, 1);
  a->levels[2].keep = 1u << OPS_ROLE_OUTPUT;
  map_target t;
  CHECK(map_target_init(a, &es16, &t, &e) == 0);
  map_best b;
  CHECK(map_search_einsum(&t, &o, 2, &b, &e) == -1);
  CHECK_STR(e.msg, "error: no mapping of einsum Z fits: level spad (1 bytes) cannot hold one "
                   "element of tensor Z; the smallest capacity that fits is 2 bytes");
  free(a);
  UNIT_DONE();
}
