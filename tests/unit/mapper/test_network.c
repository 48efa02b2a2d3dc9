/*
 * test_network — the whole-network part of `accel-sim run` (mapper/network.h): spill traffic
 * known by hand on a GEMM graph with a skip connection, the budget rule and the figures of a
 * three-GEMM workload through `run --json` (text too), and a budget below the largest op's
 * working set reported as such while every op keeps its per-op figures.
 */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/commands.h"
#include "mapper/network.h"
#include "capture.h"
#include "unit.h"

/* Four GEMMs; G4 reads G1's output `a` again (a skip), so `a` must stay resident over G3
 * (working set b + w3 + c = 210 B) or be spilled and retrieved. */
static const char skip_gemms[] =
    "version: 1\nname: skip-gemms\ntensors:\n"
    "  - {name: x, bytes: 100}\n  - {name: w1, bytes: 10}\n  - {name: a, bytes: 100}\n"
    "  - {name: w2, bytes: 10}\n  - {name: b, bytes: 100}\n  - {name: w3, bytes: 10}\n"
    "  - {name: c, bytes: 100}\n  - {name: w4, bytes: 10}\n  - {name: d, bytes: 50}\n"
    "ops:\n"
    "  - {name: G1, inputs: [x, w1], outputs: [a]}\n"
    "  - {name: G2, inputs: [a, w2], outputs: [b]}\n"
    "  - {name: G3, inputs: [b, w3], outputs: [c]}\n"
    "  - {name: G4, inputs: [c, a, w4], outputs: [d]}\n";

static void test_hand_graph(void) {
  map_graph *g = NULL;
  com_err e = {0};
  CHECK(map_graph_load_buffer("skip.yaml", skip_gemms, sizeof skip_gemms - 1, &g, &e) == 0);
  if (!g) return;
  map_network n = {.budget_bytes = 300};
  /* M_R = G4's c + a + w4 + d = 260; at 300 B keeping `a` over G3 needs 310 B: `a` is spilled
   * once (100 B) and retrieved at G4 (100 B). Compulsory: x + w1..w4 in, d out = 190 B. */
  map_network_plan_graph(g, 10, &n);
  CHECK(n.outcome == MAP_NET_PLANNED);
  CHECK_STR(n.status, "optimal");
  CHECK_U64(n.m_r, 260);
  CHECK_STR(n.m_r_op, "G4");
  CHECK_U64(n.compulsory_bytes, 190);
  CHECK_U64(n.noncompulsory_bytes, 200);
  CHECK(!n.segmented && n.windows == 1);
  /* at 310 B everything stays: no non-compulsory traffic */
  map_network m = {.budget_bytes = 310};
  map_network_plan_graph(g, 10, &m);
  CHECK(m.outcome == MAP_NET_PLANNED);
  CHECK_U64(m.noncompulsory_bytes, 0);
  /* below M_R: no figure, the op and the smallest budget named */
  map_network s = {.budget_bytes = 259};
  map_network_plan_graph(g, 10, &s);
  CHECK(s.outcome == MAP_NET_BELOW_WS);
  CHECK_STR(s.status, "below-working-set");
  CHECK(strstr(s.msg, "'G4'") != NULL && strstr(s.msg, "M_R = 260") != NULL);
  map_graph_free(g);
}

/* Three int8 GEMMs of size `dim` chained on edge-32x32 (512 KiB SRAM, keeps everything). */
static void write_workload(const char *path, const char *arch, int dim) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  fprintf(f, "version: 1\nname: three-gemms\narch: %s\nworkload:\n"
             "  defaults: {format: int8, acc: int32}\n  ops:\n", arch);
  for (int i = 1; i <= 3; i++)
    fprintf(f, "    - {name: g%d, kind: gemm, shape: {m: %d, n: %d, k: %d}}\n", i, dim, dim, dim);
  fprintf(f, "mapper: {time_limit_s: 5}\n");
  fclose(f);
}

static void test_run(void) {
  char dir[] = "/tmp/accel-net-XXXXXX", arch[PATH_MAX], wl[PATH_MAX + 16], out[PATH_MAX + 16];
  CHECK(mkdtemp(dir) != NULL);
  CHECK(realpath("arch/presets/edge-32x32.yaml", arch) != NULL);
  snprintf(wl, sizeof wl, "%s/small.yaml", dir);
  snprintf(out, sizeof out, "%s/out.json", dir);
  write_workload(wl, arch, 64);
  char *a1[] = {"run", wl, "--json", "-j", "2"};
  CHECK(capture(cli_cmd_run, out, 5, a1) == 0);
  const char *j = slurp(out);
  /* budget: sram 512 KiB x 1; graph inputs g1.A + three weights of 64x64 int8 = 16384 B,
   * output g3's 4096 B; a chain consumes every intermediate at the next op: nothing to spill. */
  CHECK(strstr(j, "\"network\"") != NULL);
  CHECK(strstr(j, "\"status\":\"optimal\"") || strstr(j, "\"status\": \"optimal\""));
  CHECK(field(j, "\"network\"", "budget_bytes") == 524288);
  CHECK(field(j, "\"network\"", "compulsory_bytes") == 20480);
  CHECK(field(j, "\"network\"", "noncompulsory_bytes") == 0);
  CHECK(field(j, "\"network\"", "min_budget_bytes") == 12288);
  double dram = field(j, "\"total\"", "dram_bytes");
  CHECK(dram > 0 && field(j, "\"total\"", "dram_bytes_with_spills") == dram);
  char *a2[] = {"run", wl, "-j", "2"};
  CHECK(capture(cli_cmd_run, out, 4, a2) == 0);
  const char *t = slurp(out);
  CHECK(strstr(t, "network (whole workload") != NULL);
  CHECK(strstr(t, "assume each op reads its inputs from DRAM") != NULL);
  CHECK(strstr(t, "non-compulsory DRAM bytes (spills + retrievals + reloads): 0") != NULL);
  CHECK(strstr(t, "budget 524288 B = sram") != NULL);

  /* 1024^3 GEMMs: g1.A alone (1 MiB) exceeds the SRAM. Reported as such, no made-up figure;
   * every op keeps its per-op figures and total.dram_bytes is unchanged. */
  write_workload(wl, arch, 1024);
  CHECK(capture(cli_cmd_run, out, 5, a1) == 0);
  j = slurp(out);
  CHECK(strstr(j, "below-working-set") != NULL);
  CHECK(strstr(j, "\"noncompulsory_bytes\":null") || strstr(j, "\"noncompulsory_bytes\": null"));
  CHECK(strstr(j, "\"dram_bytes_with_spills\":null") || strstr(j, "\"dram_bytes_with_spills\": null"));
  CHECK(strstr(j, "smallest feasible budget is M_R") != NULL);
  CHECK(field(j, "\"ops\"", "dram_bytes") > 0);
  CHECK(field(j, "\"total\"", "dram_bytes") > 0);
  CHECK(capture(cli_cmd_run, out, 4, a2) == 0);
  CHECK(strstr(slurp(out), "status below-working-set") != NULL);
  unlink(wl);
  unlink(out);
  rmdir(dir);
}

int main(void) {
  test_hand_graph();
  test_run();
  UNIT_DONE();
}
