/*
 * test_model — the analytical model on cases whose counts are written down by hand: a 2-level
 * GEMM, conv2d with stride 2 (sliding-window tiles), a buffer overflow (exact message) and
 * spatial reduction with multicast.
 */
#include "mapper/model.h"
#include "mk.h"
#include "unit.h"

static const ops_rank_decl gemm_ranks[] = {{"m", 4, {0}}, {"n", 4, {0}}, {"k", 4, {0}}};

/* DRAM -> buf (64 B) -> one MAC. Mapping: DRAM t[m2]; buf t[m2 n4 k4] order (inner) k n m.
 *   buf tiles: A[m,k] 2x4 = 8, B[k,n] 4x4 = 16, Z[m,n] 2x4 = 8 (int8: 1 byte each)
 *   loops outside buf: m2. A, Z indexed by m -> 2 tiles; B not -> reused, 1 tile.
 *   buf fills: A 16, B 16, Z 0 (never read back: k is fully inside buf).   DRAM reads A 16, B 16;
 *   DRAM updates Z 16.
 *   PE: all loops m2 | m2 n4 k4 with k innermost: A, B change every MAC (64 reads each); Z is
 *   not indexed by k -> 4 MACs accumulate in the PE: 64/4 = 16 updates of buf, 0 reads back.
 *   Energy: buf (rd 1, wr 2 per 8-bit access) 128*1 + (32+16)*2 = 224; DRAM (rd 10, wr 20)
 *   32*10 + 16*20 = 640; MACs 64*0.5 = 32; total 896 pJ.
 *   Cycles: 64 MACs on 1 PE (II 1) = 64; DRAM 32 B read at 1 B/cycle = 32 < 64;
 *   fill/drain of a 1x1 array: X + Y - 2 + depth + Y = 0 + 1 + 1 = 2 -> 66. */
static void test_gemm_two_level(void) {
  arch_spec *a = mk_arch(1000);
  mk_level(a, "DRAM", 0, 8, 10, 20, 1, ARCH_KEEP_ALL, 1, 1);
  mk_level(a, "buf", 64, 8, 1, 2, 8, ARCH_KEEP_ALL, 1, 1);
  mk_array(a, 1, 1, 1, 0.5, 1, 1);
  ops_einsum es;
  CHECK(mk_einsum(&es, "Z[m,n] += A[m,k] * B[k,n]", gemm_ranks, 3, "int8") == 0);
  map_target t;
  com_err e = {0};
  CHECK(map_target_init(a, &es, &t, &e) == 0);
  CHECK(t.nlevels == 2);
  map_mapping m;
  map_mapping_init(&t, &m);
  int M = ops_einsum_rank(&es, "m"), N = ops_einsum_rank(&es, "n"), K = ops_einsum_rank(&es, "k");
  m.lv[0].t[M] = 2; m.lv[0].t[N] = 1; m.lv[0].t[K] = 1;
  m.lv[1].t[M] = 2; m.lv[1].t[N] = 4; m.lv[1].t[K] = 4;
  m.lv[1].perm[0] = (int8_t)K; m.lv[1].perm[1] = (int8_t)N; m.lv[1].perm[2] = (int8_t)M;
  CHECK(map_mapping_check(&t, &m, &e) == 0);
  map_result r;
  CHECK(map_model_eval(&t, &m, &r));
  CHECK_U64(r.lv[1].tile[0], 8);
  CHECK_U64(r.lv[1].tile[1], 16);
  CHECK_U64(r.lv[1].tile[2], 8);
  CHECK_U64(r.lv[1].fills[0], 16);
  CHECK_U64(r.lv[1].fills[1], 16);
  CHECK_U64(r.lv[1].fills[2], 0);
  CHECK_U64(r.lv[0].reads[0], 16);
  CHECK_U64(r.lv[0].reads[1], 16);
  CHECK_U64(r.lv[0].reads[2], 0);
  CHECK_U64(r.lv[0].updates[2], 16);
  CHECK_U64(r.lv[1].reads[0], 64);
  CHECK_U64(r.lv[1].reads[1], 64);
  CHECK_U64(r.lv[1].reads[2], 0);
  CHECK_U64(r.lv[1].updates[2], 16);
  CHECK_NEAR(r.lv[1].energy_pj, 224, 1e-9);
  CHECK_NEAR(r.lv[0].energy_pj, 640, 1e-9);
  CHECK_NEAR(r.compute_pj, 32, 1e-9);
  CHECK_NEAR(r.energy_pj, 896, 1e-9);
  CHECK_U64(r.compute_cycles, 64);
  CHECK_U64(r.cycles, 66);
  CHECK_U64(r.dram_bytes, 48);
  CHECK_NEAR(r.lv[1].used_bytes, 32, 0);

  /* Same mapping, n innermost at buf: Z changes every n step, so its partial sums go back to
   * buf after every MAC: 64 updates, 64 - 16 = 48 read back. */
  m.lv[1].perm[0] = (int8_t)N; m.lv[1].perm[1] = (int8_t)K;
  CHECK(map_model_eval(&t, &m, &r));
  CHECK_U64(r.lv[1].updates[2], 64);
  CHECK_U64(r.lv[1].reads[2], 48);
  CHECK_U64(r.lv[1].reads[1], 64);
  CHECK_U64(r.lv[1].reads[0], 16); /* A[m,k] is reused across the 4 inner n steps */

  /* Overflow: a 16-byte buffer cannot hold 32 bytes of tiles. */
  a->levels[1].size_bytes = 16;
  CHECK(!map_model_eval(&t, &m, &r));
  char msg[256];
  map_model_overflow_text(&t, &r, msg, sizeof msg);
  CHECK_STR(msg, "level buf needs 32 bytes per instance for its tiles, 16 bytes more than its "
                 "16 bytes (largest tile: tensor B, 16 bytes)");
  free(a);
}

/* conv2d, stride 2: O[p] += I[2p + r] * W[r], P = 4, R = 3: the input has 2*3 + 2 + 1 = 9
 * elements. A buf tile of p2 r3 spans 1 + 2*(2-1) + (3-1) = 5 input elements. */
static void test_conv_stride2(void) {
  static const ops_rank_decl ranks[] = {{"p", 4, {0}}, {"r", 3, {0}}};
  arch_spec *a = mk_arch(1000);
  mk_level(a, "DRAM", 0, 8, 10, 20, 1, ARCH_KEEP_ALL, 1, 1);
  mk_level(a, "buf", 1024, 8, 1, 2, 8, ARCH_KEEP_ALL, 1, 1);
  mk_array(a, 1, 1, 1, 0.5, 1, 1);
  ops_einsum es;
  CHECK(mk_einsum(&es, "O[p] += I[p*2+r] * W[r]", ranks, 2, "int8") == 0);
  CHECK_U64(es.in[0].elems, 9);
  map_target t;
  com_err e = {0};
  CHECK(map_target_init(a, &es, &t, &e) == 0);
  map_mapping m;
  map_mapping_init(&t, &m);
  int P = ops_einsum_rank(&es, "p"), R = ops_einsum_rank(&es, "r");
  m.lv[0].t[P] = 2; m.lv[0].t[R] = 1;
  m.lv[1].t[P] = 2; m.lv[1].t[R] = 3;
  CHECK(map_mapping_check(&t, &m, &e) == 0);
  map_result r;
  CHECK(map_model_eval(&t, &m, &r));
  CHECK_U64(r.lv[1].tile[0], 5);
  CHECK_U64(r.lv[1].tile[1], 3);
  CHECK_U64(r.lv[1].tile[2], 2);
  CHECK_U64(r.lv[1].fills[0], 10); /* two windows of 5 (the overlap is fetched again) */
  CHECK_U64(r.lv[1].fills[1], 3);  /* W is not indexed by p: fetched once */
  free(a);
}

/* Spatial reduction: DRAM -> buf (fan-out 4x1, multicast, spatial reduction) -> 4 PE spads.
 * GEMM m4 n4 k4, buf spatial k4 over X; everything else temporal at buf, the spad keeps Z only.
 * The 4 PEs each hold one k slice of A and B and produce partial Z; the reduction tree adds the
 * 4 partials on the way up: buf receives 64 / 4 = 16 updates of Z, not 64. */
static void test_spatial_reduction(void) {
  arch_spec *a = mk_arch(1000);
  mk_level(a, "DRAM", 0, 8, 10, 20, 1, ARCH_KEEP_ALL, 1, 1);
  arch_level *buf = mk_level(a, "buf", 1024, 8, 1, 2, 8, ARCH_KEEP_ALL, 4, 1);
  buf->spatial_reduction = true;
  mk_level(a, "spad", 16, 8, 0.1, 0.2, 8, 1u << OPS_ROLE_OUTPUT, 1, 1);
  mk_array(a, 1, 4, 2, 0.5, 1, 1);
  ops_einsum es;
  CHECK(mk_einsum(&es, "Z[m,n] += A[m,k] * B[k,n]", gemm_ranks, 3, "int8") == 0);
  map_target t;
  com_err e = {0};
  CHECK(map_target_init(a, &es, &t, &e) == 0);
  CHECK(t.nlevels == 3);
  CHECK_U64(t.lv[1].fx, 4);
  map_mapping m;
  map_mapping_init(&t, &m);
  int M = ops_einsum_rank(&es, "m"), N = ops_einsum_rank(&es, "n"), K = ops_einsum_rank(&es, "k");
  m.lv[0].t[M] = m.lv[0].t[N] = m.lv[0].t[K] = 1;
  m.lv[1].t[M] = 4; m.lv[1].t[N] = 4; m.lv[1].sx[K] = 4;
  CHECK(map_mapping_check(&t, &m, &e) == 0);
  map_result r;
  CHECK(map_model_eval(&t, &m, &r));
  CHECK_U64(r.pes_used, 4);
  CHECK_U64(r.lv[2].instances, 4);
  CHECK_U64(r.lv[2].tile[2], 1);
  CHECK_U64(r.lv[2].updates[2], 64);  /* each PE's MAC updates its spad */
  CHECK_U64(r.lv[1].updates[2], 16);  /* 64 spad deliveries reduced 4:1 */
  CHECK_U64(r.lv[1].reads[2], 0);
  CHECK_U64(r.lv[1].reads[0], 64);    /* A[m,k]: each PE needs its own k: no multicast */
  CHECK_U64(r.compute_cycles, 16);
  buf->spatial_reduction = false;     /* without the tree every partial is a separate update */
  CHECK(map_model_eval(&t, &m, &r));
  CHECK_U64(r.lv[1].updates[2], 64);
  CHECK_U64(r.lv[1].reads[2], 48);
  free(a);
}

int main(void) {
  test_gemm_two_level();
  test_conv_stride2();
  test_spatial_reduction();
  UNIT_DONE();
}
