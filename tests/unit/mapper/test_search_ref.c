/*
 * test_search_ref — the search's pruning (search_bound.c) never changes the answer:
 *  1. for GEMMs and convolutions on four preset architectures (some with shrunk buffers, as a
 *     sweep makes them) and every objective, the best cost and mapping equal the results recorded
 *     from the search as it was before any bound pruning existed (commit f905e71, one thread:
 *     cost as a hex float, FNV-1a 64 of the mapping's directive text);
 *  2. the pruned search equals the unpruned reference search (map_sr_search with prune off) in
 *     cost, mapping and result, with 1 and 2 threads, and evaluates fewer mappings in total.
 * ACCEL_SEARCH_REF_PRINT=1 prints the table of part 1 from the current code instead of checking.
 */
#include <stdlib.h>

#include "arch/arch.h"
#include "mapper/search_priv.h"
#include "ops/workload.h"
#include "unit.h"

static const char *const workload_yaml =
    "version: 1\nname: ref\nworkload:\n  defaults: {format: int8, acc: int32}\n  ops:\n"
    "    - {name: g32, kind: gemm, shape: {m: 32, n: 32, k: 32}}\n"
    "    - {name: g_odd, kind: gemm, shape: {m: 96, n: 40, k: 24}}\n"
    "    - {name: g_tall, kind: gemm, shape: {m: 256, n: 16, k: 64}}\n"
    "    - {name: conv3, kind: conv2d, shape: {n: 1, c: 16, k: 32, h: 14, w: 14, r: 3, s: 3}, padding: 1}\n"
    "    - {name: conv1s2, kind: conv2d, shape: {n: 1, c: 32, k: 16, h: 16, w: 16, r: 1, s: 1}, stride: 2}\n";

typedef struct arch_case {
  const char *file;
  uint64_t sram_bytes; /* replaces level 1's size when non-zero */
} arch_case;

static const arch_case archs[] = {
    {"arch/presets/edge-32x32.yaml", 0},      {"arch/presets/edge-32x32.yaml", 16384},
    {"arch/presets/eyeriss-like.yaml", 0},    {"arch/presets/simba-like.yaml", 0},
    {"arch/presets/tpu-v1-like.yaml", 65536},
};
#define NARCHS (int)(sizeof archs / sizeof archs[0])
#define NOPS 5
#define NOBJ 4

typedef struct ref_row {
  const char *cost; /* %a of the best cost, or "none" when no mapping fits */
  uint64_t hash;
} ref_row;

/* Recorded from the unpruned search (see the top comment), in loop order arch, op, objective. */
static const ref_row ref[NARCHS * NOPS * NOBJ] = {
#include "search_ref.inc"
};

static uint64_t mapping_hash(const map_target *t, const map_mapping *m) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return 0;
  map_mapping_write(f, t, m, "");
  fclose(f);
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)buf[i]) * 1099511628211ull;
  free(buf);
  return h;
}

static void same_best(const map_best *x, const map_best *y) {
  CHECK(x->found == y->found);
  if (!x->found || !y->found) return;
  CHECK(x->cost == y->cost);
  CHECK(memcmp(&x->m, &y->m, sizeof x->m) == 0);
  CHECK_U64(x->r.cycles, y->r.cycles);
  CHECK(x->r.energy_pj == y->r.energy_pj);
  CHECK_U64(x->r.dram_bytes, y->r.dram_bytes);
}

int main(void) {
  bool print = getenv("ACCEL_SEARCH_REF_PRINT") != NULL;
  com_err e = {0};
  ops_workload *wl = NULL;
  if (ops_workload_load_buffer("ref.yaml", workload_yaml, strlen(workload_yaml), false, &wl, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return 1;
  }
  CHECK(wl->nops == NOPS);
  static const map_objective objs[NOBJ] = {MAP_OBJ_EDP, MAP_OBJ_ENERGY, MAP_OBJ_LATENCY, MAP_OBJ_DRAM};
  uint64_t eval_pruned = 0, eval_ref = 0;
  int row = 0, stale = 0;
  for (int a = 0; a < NARCHS; a++) {
    arch_spec *as = NULL;
    if (arch_load_file(archs[a].file, &as, &e)) {
      fprintf(stderr, "%s\n", e.msg);
      return 1;
    }
    if (archs[a].sram_bytes) as->levels[1].size_bytes = archs[a].sram_bytes;
    for (int i = 0; i < NOPS && i < wl->nops; i++) {
      map_target t;
      CHECK(map_target_init(as, &wl->ops[i].einsums[0], &t, &e) == 0);
      for (int k = 0; k < NOBJ; k++, row++) {
        map_options o = {.objective = objs[k], .time_limit_s = 600, .threads = 1};
        map_best b, r1, r2;
        com_err e1 = {0}, e2 = {0};
        int rc = map_search_einsum(&t, &o, 1, &b, &e1);
        char cost[64];
        snprintf(cost, sizeof cost, rc ? "none" : "%a", b.cost);
        uint64_t h = rc ? 0 : mapping_hash(&t, &b.m);
        if (print) {
          printf("    {\"%s\", 0x%016llxull}, /* %s %s %s */\n", cost, (unsigned long long)h,
                 archs[a].file + 13, wl->ops[i].name, map_objective_name(objs[k]));
          continue;
        }
        int before = unit_failed;
        CHECK_STR(cost, ref[row].cost);
        CHECK_U64(h, ref[row].hash);
        stale += unit_failed > before;
        CHECK(map_sr_search(&t, &o, 1, false, &r1, &e2) == rc);
        same_best(&b, &r1);
        eval_pruned += b.st.evaluated;
        eval_ref += r1.st.evaluated;
        if (rc == 0) {
          CHECK(map_search_einsum(&t, &o, 2, &r2, &e2) == 0);
          same_best(&b, &r2);
          CHECK(b.st.exhausted && r1.st.exhausted && r2.st.exhausted);
        }
      }
    }
    arch_free(as);
  }
  ops_workload_free(wl);
  if (print) return 0;
  printf("mappings evaluated: %llu pruned search, %llu reference\n", (unsigned long long)eval_pruned,
         (unsigned long long)eval_ref);
  CHECK(eval_pruned < eval_ref);
  if (stale)
    fprintf(stderr, "%d rows differ from the recorded results: if the pruned and unpruned searches "
            "agree above, the model, the loaders or the presets changed since the recording "
            "(search_ref.inc; re-record only from a search known to be unpruned)\n", stale);
  UNIT_DONE();
}
