/*
 * test_lower — lowering mappings to tile programs: tile and generation counts (closed forms
 * against a full walk), partial-sum reloads, double buffering, the tokens each tile carries,
 * the deadlock check, the fold geometry per dataflow, a tile larger than its buffer, and a
 * program of 2^36 tiles that streams without being materialized.
 */
#include "unit.h"

#include "sim/core/lower.h"
#include "sk.h"

typedef struct lw_env {
  arch_spec *a;
  ops_einsum es;
  map_target t;
  map_mapping m;
} lw_env;

static int lw_setup(lw_env *v, uint64_t sram, uint64_t M, uint64_t N, uint64_t K) {
  com_err e = {0};
  v->a = sk_arch(16, 1, sram, 64, 8, 8, 8);
  if (sk_gemm(&v->es, M, N, K) || map_target_init(v->a, &v->es, &v->t, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return -1;
  }
  sk_map(&v->t, &v->m);
  return 0;
}

/* Walks the program and counts fresh generations, reloads and stores. */
static void lw_walk(const sim_prog *p, uint64_t *tiles, uint64_t *fresh, uint64_t *reloads,
                    uint64_t *stores) {
  sim_iter it;
  sim_tile tl;
  sim_iter_init(&it, p);
  *tiles = *reloads = *stores = 0;
  for (int s = 0; s < MAP_NT; s++) fresh[s] = 0;
  while (sim_lower_next(&it, &tl)) {
    (*tiles)++;
    for (int s = 0; s < MAP_NT; s++) fresh[s] += tl.fresh[s];
    *reloads += tl.reload;
    *stores += tl.last[2];
  }
}

static void test_counts(void) {
  lw_env v;
  if (lw_setup(&v, 1 << 20, 64, 64, 64)) { CHECK(0); return; }
  /* DRAM: m2 k2 (k innermost); SRAM: 8x8 spatial m/n, temporal m4 n8 k32 */
  v.m.lv[0].t[SK_M] = 2; v.m.lv[0].t[SK_N] = 1; v.m.lv[0].t[SK_K] = 2;
  sk_perm(&v.m, 0, SK_K, SK_M, SK_N);
  v.m.lv[1].t[SK_M] = 4; v.m.lv[1].t[SK_N] = 8; v.m.lv[1].t[SK_K] = 32;
  v.m.lv[1].sy[SK_M] = 8; v.m.lv[1].sx[SK_N] = 8;
  sk_perm(&v.m, 1, SK_K, SK_N, SK_M);
  com_err e = {0};
  CHECK(map_mapping_check(&v.t, &v.m, &e) == 0);
  sim_prog p;
  CHECK(sim_lower(&v.t, &v.m, false, &p, &e) == 0);
  CHECK_U64(p.tiles, 4);
  CHECK_U64(p.gens[0], 4); /* A[m,k]: k changes every tile */
  CHECK_U64(p.gens[1], 4); /* B[k,n]: likewise */
  CHECK_U64(p.gens[2], 2); /* Z[m,n]: k innermost reuses it */
  CHECK_U64(p.reloads, 0);
  CHECK_U64(p.tile_bytes[0], 32 * 32);
  CHECK_U64(p.nbuf[0], 2);
  uint64_t tiles, fresh[MAP_NT], rel, st;
  lw_walk(&p, &tiles, fresh, &rel, &st);
  CHECK_U64(tiles, 4);
  CHECK_U64(fresh[0], 4);
  CHECK_U64(fresh[2], 2);
  CHECK_U64(st, 2);
  CHECK(sim_lower_check(&p, 64, &e) == 0);
  sim_prog broken = p; /* a slot without a buffer can never be loaded: reported, not hung */
  broken.nbuf[0] = 0;
  CHECK(sim_lower_check(&broken, 64, &e) == -1);
  CHECK(strstr(e.msg, "einsum Z") != NULL);
  /* geometry: os (k innermost at sram), 8 x 8, L = 32, folds = 4 * 8 */
  CHECK(p.is2d);
  CHECK_U64(p.a2d.df, ARCH_DF_OS);
  CHECK_U64(p.a2d.stream, 32);
  CHECK_U64(p.a2d.folds, 32);
  CHECK_U64(p.load_bytes, 4 * 1024 + 4 * 32 * 64);
  CHECK_U64(p.store_bytes, 2 * 32 * 64);

  /* m innermost at DRAM: Z changes every tile and comes back after k ticks: 2 reloads */
  sk_perm(&v.m, 0, SK_M, SK_K, SK_N);
  CHECK(sim_lower(&v.t, &v.m, false, &p, &e) == 0);
  CHECK_U64(p.gens[2], 4);
  CHECK_U64(p.reloads, 2);
  CHECK_U64(p.gens[1], 2); /* B[k,n] now reused across m */
  lw_walk(&p, &tiles, fresh, &rel, &st);
  CHECK_U64(rel, 2);
  CHECK_U64(st, 4);
  CHECK_U64(fresh[1], 2);
  CHECK(sim_lower_check(&p, 64, &e) == 0);
  sim_iter it;
  sim_tile tl;
  sim_iter_init(&it, &p);
  CHECK(sim_lower_next(&it, &tl) && !tl.reload && !tl.acc_in && tl.last[2] && !tl.last[1]);
  CHECK(sim_lower_next(&it, &tl) && !tl.reload && tl.last[1]);
  CHECK(sim_lower_next(&it, &tl) && tl.reload && tl.acc_in && tl.gen[2] == 2);
  free(v.a);
}

static void test_buffers(void) {
  lw_env v;
  /* 64^3 int8 all in the SRAM: 3 x 4 KiB tiles = 12 KiB */
  if (lw_setup(&v, 12 * 1024, 64, 64, 64)) { CHECK(0); return; }
  v.m.lv[0].t[SK_M] = v.m.lv[0].t[SK_N] = v.m.lv[0].t[SK_K] = 1;
  v.m.lv[1].t[SK_M] = 8; v.m.lv[1].t[SK_N] = 8; v.m.lv[1].t[SK_K] = 64;
  v.m.lv[1].sy[SK_M] = 8; v.m.lv[1].sx[SK_N] = 8;
  com_err e = {0};
  sim_prog p;
  CHECK(sim_lower(&v.t, &v.m, false, &p, &e) == 0);
  CHECK_U64(p.nbuf[0], 1); /* two copies do not fit: single buffered */
  CHECK_U64(p.tiles, 1);
  free(v.a);
  /* a tile that does not fit at all: the model rejects the mapping, named */
  if (lw_setup(&v, 8 * 1024, 64, 64, 64)) { CHECK(0); return; }
  v.m.lv[0].t[SK_M] = v.m.lv[0].t[SK_N] = v.m.lv[0].t[SK_K] = 1;
  v.m.lv[1].t[SK_M] = 8; v.m.lv[1].t[SK_N] = 8; v.m.lv[1].t[SK_K] = 64;
  v.m.lv[1].sy[SK_M] = 8; v.m.lv[1].sx[SK_N] = 8;
  CHECK(sim_lower(&v.t, &v.m, false, &p, &e) == -1);
  CHECK(strstr(e.msg, "einsum Z") != NULL);
  CHECK(strstr(e.msg, "sram") != NULL);
  free(v.a);
}

static void test_dataflows(void) {
  lw_env v;
  if (lw_setup(&v, 1 << 20, 64, 8, 8)) { CHECK(0); return; }
  /* ws: k on rows, n on cols, m streamed innermost */
  v.m.lv[0].t[SK_M] = 1; v.m.lv[0].t[SK_N] = 1; v.m.lv[0].t[SK_K] = 1;
  v.m.lv[1].t[SK_M] = 64;
  v.m.lv[1].sy[SK_K] = 8; v.m.lv[1].sx[SK_N] = 8;
  sk_perm(&v.m, 1, SK_M, SK_N, SK_K);
  com_err e = {0};
  sim_prog p;
  CHECK(sim_lower(&v.t, &v.m, false, &p, &e) == 0);
  CHECK_U64(p.a2d.df, ARCH_DF_WS);
  CHECK_U64(p.a2d.stream, 64);
  CHECK_U64(p.a2d.folds, 1);
  CHECK_U64(p.a2d.rows, 8);
  free(v.a);
}

static void test_huge(void) {
  lw_env v;
  /* 2^20 x 2^20 x 2^16: 2^17 x 2^17 x 4 tiles above the SRAM, k innermost */
  if (lw_setup(&v, 1 << 20, (uint64_t)1 << 20, (uint64_t)1 << 20, (uint64_t)1 << 16)) { CHECK(0); return; }
  v.m.lv[0].t[SK_M] = (uint64_t)1 << 17; v.m.lv[0].t[SK_N] = (uint64_t)1 << 17;
  v.m.lv[0].t[SK_K] = (uint64_t)1 << 2;
  sk_perm(&v.m, 0, SK_K, SK_M, SK_N);
  v.m.lv[1].t[SK_K] = (uint64_t)1 << 14;
  v.m.lv[1].sy[SK_M] = 8; v.m.lv[1].sx[SK_N] = 8;
  com_err e = {0};
  sim_prog p;
  CHECK(sim_lower(&v.t, &v.m, false, &p, &e) == 0);
  CHECK_U64(p.tiles, (uint64_t)1 << 36);
  CHECK_U64(p.gens[2], (uint64_t)1 << 34);
  sim_iter it;
  sim_tile tl;
  sim_iter_init(&it, &p);
  uint64_t n = 0;
  while (n < 1000 && sim_lower_next(&it, &tl)) n++;
  CHECK_U64(n, 1000);
  CHECK(sim_lower_check(&p, 1u << 30, &e) == 0); /* bounded to a prefix */
  FILE *f = tmpfile();
  sim_lower_print(f, &p, 3);
  long sz = ftell(f);
  CHECK(sz > 0 && sz < 4096);
  fclose(f);
  free(v.a);
}

int main(void) {
  test_counts();
  test_buffers();
  test_dataflows();
  test_huge();
  UNIT_DONE();
}
