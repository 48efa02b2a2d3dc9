/*
 * test_mapping — mapping files: a written mapping reads back identical; Timeloop directives
 * (inner-to-outer permutations, split, bypass) mean what Timeloop means; bad files get exact
 * located errors.
 */
#include "mapper/search.h"
#include "mk.h"
#include "unit.h"

static const ops_rank_decl ranks[] = {{"m", 64, {0}}, {"n", 48, {0}}, {"k", 32, {0}}};

static int read_text(const map_target *t, const char *text, map_mapping *m, com_err *e) {
  com_ydoc *doc = NULL;
  if (com_ydoc_load_buffer("map.yaml", text, strlen(text), &doc, e)) return -1;
  int st = map_mapping_read(t, doc->root, m, e);
  com_ydoc_free(doc);
  return st;
}

static void bad(const map_target *t, const char *text, const char *msg) {
  map_mapping m;
  com_err e = {0};
  CHECK(read_text(t, text, &m, &e) == -1);
  CHECK_STR(e.msg, msg);
  CHECK(e.kind == COM_EINPUT);
}

int main(void) {
  arch_spec *a = mk_arch(1000);
  mk_level(a, "DRAM", 0, 64, 100, 100, 16, ARCH_KEEP_ALL, 1, 1);
  mk_level(a, "GLB", 4096, 64, 6, 6, 32, (1u << OPS_ROLE_INPUT) | (1u << OPS_ROLE_OUTPUT), 4, 4);
  mk_level(a, "RF", 64, 8, 0.5, 0.5, 4, ARCH_KEEP_ALL, 1, 1);
  mk_array(a, 4, 4, 2, 1, 1, 1);
  ops_einsum es;
  CHECK(mk_einsum(&es, "Z[m,n] += A[m,k] * B[k,n]", ranks, 3, "int8") == 0);
  map_target t;
  com_err e = {0};
  CHECK(map_target_init(a, &es, &t, &e) == 0);
  int M = ops_einsum_rank(&es, "m"), N = ops_einsum_rank(&es, "n"), K = ops_einsum_rank(&es, "k");

  /* Timeloop meaning: permutation inner to outer, split = number of ranks on X, DRAM takes
   * the rest, bypass lists. */
  map_mapping m;
  CHECK(read_text(&t,
                  "- {target: GLB, type: temporal, factors: \"M=4 K=2\", permutation: \"KMN\"}\n"
                  "- {target: GLB, type: spatial, factors: \"M=4 N=4\", permutation: \"NMK\", split: 1}\n"
                  "- {target: GLB, type: bypass, keep: [A], bypass: [Z]}\n"
                  "- {target: RF, type: temporal, factors: \"k=16\"}\n",
                  &m, &e) == 0);
  CHECK_U64(m.lv[1].t[M], 4);
  CHECK_U64(m.lv[1].t[K], 2);
  CHECK_U64(m.lv[1].sx[N], 4);
  CHECK_U64(m.lv[1].sy[M], 4);
  CHECK_U64(m.lv[2].t[K], 16);
  CHECK_U64(m.lv[0].t[M], 4);
  CHECK_U64(m.lv[0].t[N], 12);
  CHECK_U64(m.lv[0].t[K], 1);
  CHECK(m.lv[1].perm[0] == K && m.lv[1].perm[1] == M && m.lv[1].perm[2] == N);
  CHECK(m.lv[1].keep == 1u); /* A only: Z bypassed, B not allowed at GLB */

  /* Round trip of a searched mapping. */
  map_options o = {.objective = MAP_OBJ_EDP, .time_limit_s = 60, .threads = 1, .seed = 1};
  map_best b;
  CHECK(map_search_einsum(&t, &o, 2, &b, &e) == 0);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  map_mapping_write(f, &t, &b.m, "");
  fclose(f);
  map_mapping back;
  CHECK(read_text(&t, buf, &back, &e) == 0);
  map_result r1, r2;
  map_model_eval(&t, &b.m, &r1);
  map_model_eval(&t, &back, &r2);
  CHECK_U64(r1.cycles, r2.cycles);
  CHECK(r1.energy_pj == r2.energy_pj);
  CHECK_U64(r1.dram_bytes, r2.dram_bytes);
  for (int j = 0; j < t.nlevels; j++)
    for (int r = 0; r < 3; r++) {
      CHECK_U64(back.lv[j].t[r], b.m.lv[j].t[r]);
      CHECK_U64(back.lv[j].sx[r], b.m.lv[j].sx[r]);
      CHECK_U64(back.lv[j].sy[r], b.m.lv[j].sy[r]);
    }
  free(buf);

  bad(&t, "- {target: GLB, type: temporal, factors: \"X=4\"}\n",
      "map.yaml:1:42: error: 'X' is not a rank of einsum Z (its ranks: m, n, k)");
  bad(&t, "- {target: L9, type: temporal, factors: \"M=4\"}\n",
      "map.yaml:1:12: error: 'L9' is not a storage level einsum Z uses on this arch");
  bad(&t, "- {target: GLB, type: temporal, factors: \"M=5\"}\n",
      "map.yaml:1:1: error: the factors of rank m multiply to 5, which does not divide its size 64");
  bad(&t, "- {target: GLB, type: spatial, factors: \"M=8\"}\n",
      "map.yaml:1:1: error: level GLB: the spatial factors need 8x1 or more instances, the fan-out "
      "is 4x4");
  bad(&t, "- {target: GLB, type: bypass, keep: [B]}\n",
      "map.yaml:1:1: error: level GLB cannot keep tensor B: the arch lets it hold only its `keep` "
      "classes");
  bad(&t, "- {target: GLB, type: temporal, factors: \"M=0\"}\n",
      "map.yaml:1:42: error: factor of rank m is not a positive integer (got '0')");
  bad(&t, "- {target: GLB, type: temporal, permutation: \"MMK\"}\n",
      "map.yaml:1:46: error: rank m appears twice in the permutation");
  bad(&t, "- {target: GLB, type: loop}\n",
      "map.yaml:1:23: error: unknown type 'loop' (expected one of: temporal, spatial, bypass)");
  free(a);
  UNIT_DONE();
}
