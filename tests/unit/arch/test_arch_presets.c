/*
 * test_arch_presets — every arch/presets/NAME.yaml loads (run from the repo root, as CTest does),
 * renders as text and JSON, and carries the published numbers it claims (FuseMax/FLAT cloud,
 * TPU v1, Eyeriss spads). Set ARCH_PRINT=1 to see the text reports.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "reports/arch_report.h"
#include "unit.h"

static arch_spec *load(const char *path) {
  arch_spec *a = NULL;
  com_err e = {0};
  if (arch_load_file(path, &a, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return NULL;
  }
  return a;
}

static void check_all_presets(void) {
  DIR *d = opendir("arch/presets");
  CHECK(d != NULL);
  if (!d) return;
  int count = 0;
  struct dirent *ent;
  while ((ent = readdir(d))) {
    size_t n = strlen(ent->d_name);
    if (n < 6 || strcmp(ent->d_name + n - 5, ".yaml") != 0) continue;
    char path[512];
    snprintf(path, sizeof path, "arch/presets/%s", ent->d_name);
    arch_spec *a = load(path);
    CHECK(a != NULL);
    if (!a) continue;
    count++;
    CHECK(a->nlevels >= 2 && a->levels[0].kind == ARCH_LEVEL_DRAM);
    CHECK(arch_total_pes(a) > 0);
    CHECK(arch_total_area_um2(a) > 0);
    FILE *sink = getenv("ARCH_PRINT") ? stdout : fopen("/dev/null", "w");
    rep_arch_text(a, sink);
    com_json j;
    com_json_init(&j, sink);
    rep_arch_json(a, &j);
    com_json_finish(&j);
    if (sink != stdout) fclose(sink);
    arch_free(a);
  }
  closedir(d);
  CHECK(count >= 7);
}

static void check_fusemax_flat(void) {
  arch_spec *f = load("arch/presets/fusemax-cloud.yaml");
  arch_spec *l = load("arch/presets/flat-cloud.yaml");
  CHECK(f && l);
  if (!f || !l) { arch_free(f); arch_free(l); return; }
  CHECK_NEAR(f->clock_mhz, 940, 0);
  CHECK_NEAR(l->clock_mhz, 940, 0); /* inherited through base */
  const arch_level *gf = arch_level_find(f, "global_buffer"), *gl = arch_level_find(l, "global_buffer");
  CHECK(gf && gl);
  if (gf && gl) {
    CHECK_U64(gf->size_bytes, 16u << 20);
    CHECK_U64(gl->size_bytes, 32u << 20);
    CHECK_U64(gf->banks, 32);
    CHECK_U64(gf->width_bits, 4096);
  }
  /* 400 GiB/s at 940 MHz */
  CHECK_NEAR(f->levels[0].read_bw, 400.0 * 1073741824.0 / 940e6, 1e-9);
  const arch_array *a2 = arch_array_find(f, "pe2d"), *a1 = arch_array_find(f, "pe1d");
  CHECK(a2 && a1);
  if (a2 && a1) {
    CHECK_U64(a2->pes, 65536);
    CHECK_U64(a1->pes, 256);
    CHECK_U64(a1->local.size_bytes, 8192 * 2);
    CHECK_U64(a2->exp_cost[ARCH_OP_MAC], 6);
    CHECK_U64(a2->exp_cost[ARCH_OP_ADD], 1);
    double mac = 0, add = 0, ex = 0;
    CHECK(arch_array_op_energy(a2, ARCH_OP_MAC, &mac) && arch_array_op_energy(a2, ARCH_OP_ADD, &add));
    CHECK(arch_array_op_energy(a2, ARCH_OP_EXP, &ex));
    CHECK_NEAR(ex, 6 * mac + add, 1e-12);
    uint64_t ii = 0;
    CHECK(arch_array_op_interval(a2, ARCH_OP_EXP, &ii));
    CHECK_U64(ii, 7);
    CHECK(!arch_array_op_energy(a2, ARCH_OP_DIV, &mac));
  }
  const arch_array *flat1 = arch_array_find(l, "pe1d");
  CHECK(flat1 && arch_array_unit_for(flat1, ARCH_OP_EXP) != NULL);
  CHECK(flat1 && !flat1->has_exp_cost);
  arch_free(f);
  arch_free(l);
}

static void check_tpu_eyeriss(void) {
  arch_spec *t = load("arch/presets/tpu-v1-like.yaml");
  CHECK(t != NULL);
  if (t) {
    CHECK_U64(arch_total_pes(t), 65536);
    CHECK_U64(arch_level_find(t, "unified_buffer")->size_bytes, 24u << 20);
    CHECK_U64(arch_level_find(t, "accumulators")->size_bytes, 4u << 20);
    CHECK_NEAR(t->levels[0].read_bw, 30e9 / 700e6, 1e-9);
    CHECK(t->levels[0].dram_kind == ARCH_DRAM_DDR3);
    arch_free(t);
  }
  arch_spec *y = load("arch/presets/eyeriss-like.yaml");
  CHECK(y != NULL);
  if (y) {
    CHECK_U64(arch_total_pes(y), 168);
    CHECK_U64(arch_level_find(y, "weights_spad")->size_bytes, 224);
    CHECK_U64(arch_level_find(y, "ifmap_spad")->size_bytes, 24);
    CHECK_U64(arch_level_find(y, "psum_spad")->size_bytes, 48);
    CHECK_U64(arch_level_find(y, "psum_spad")->instances, 168);
    CHECK_U64(arch_level_find(y, "shared_glb")->size_bytes, 108 * 1024);
    CHECK(!(arch_level_find(y, "shared_glb")->keep & (1u << OPS_ROLE_WEIGHT)));
    arch_free(y);
  }
  arch_spec *p = load("arch/presets/fpga-minifloat.yaml");
  CHECK(p != NULL);
  if (p) {
    CHECK(p->target == ARCH_TARGET_FPGA);
    CHECK(p->levels[1].brams > 0);
    const arch_array *ar = &p->arrays[0];
    CHECK(ar->nunits == 2);
    CHECK(ar->units[0].luts.v > ar->units[1].luts.v); /* fp8 MAC costs more LUTs than int8 */
    arch_free(p);
  }
}

int main(void) {
  check_all_presets();
  check_fusemax_flat();
  check_tpu_eyeriss();
  UNIT_DONE();
}
