/*
 * bench_fusemax — the FuseMax reproduction tables (docs/fusemax.md). Attention: BERT, TrXL, T5
 * and XLM at batch 64 and sequence lengths 1K..1M; FLAT and the 1-pass cascade on flat-cloud,
 * the one-tile-at-a-time FuseMax architecture and full FuseMax on fusemax-cloud, all by the
 * fused analytical evaluator (mapper/fuse.h); per point FLAT's tiling (rows or spilled), the
 * speedup of each step over FLAT, FuseMax's energy relative to FLAT, the arrays' utilizations
 * and the 2-pass cascade's speedup on fusemax-cloud, then the means next to the published
 * 6.7x / 79%. End to end: every op of workloads/fusemax/MODEL-layer-{flat,fusemax}.yaml
 * mapped as `accel-sim run` does (linear layers searched, attention fused), summed per length;
 * speedup and energy ratio per point and their means next to the published 5.3x / 83%.
 * Usage: bench_fusemax [REPO_ROOT] (default "."). Exit 0, or 1 when an architecture or workload
 * does not load or a point fails (the error is printed).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch/arch.h"
#include "cli/load.h"
#include "mapper/fuse.h"

typedef struct bf_model { const char *name, *file; uint64_t heads, dim; } bf_model;
static const bf_model models[] = {{"BERT", "bert", 12, 64}, {"TrXL", "trxl", 16, 64},
                                  {"T5", "t5", 8, 64}, {"XLM", "xlm", 16, 128}};
static const char *const tags[] = {"1k", "4k", "16k", "64k", "256k", "1m"};
enum { BF_LENS = sizeof tags / sizeof *tags };

static double bf_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Maps every op of root/workloads/fusemax/FILE-layer-ARCH.yaml and sums cycles and energy per
 * length, by the op names' suffix (qkv-1k, attn-1k, ...); attention cycles separately. */
static int bf_layer(const char *root, const char *file, const char *arch, double cyc[BF_LENS],
                    double pj[BF_LENS], double attn[BF_LENS]) {
  char path[1024];
  snprintf(path, sizeof path, "%s/workloads/fusemax/%s-layer-%s.yaml", root, file, arch);
  cli_session ss;
  com_err e = {0};
  if (cli_session_load(path, NULL, &ss, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return -1;
  }
  map_op_run *runs = NULL;
  int done = 0, rc = cli_session_map(&ss, NULL, &runs, &done, &e);
  if (rc) fprintf(stderr, "%s\n", e.msg);
  for (int i = 0; i < done; i++) {
    const char *dash = strrchr(runs[i].op->name, '-');
    int li = -1;
    for (int k = 0; dash && k < BF_LENS; k++)
      if (strcmp(dash + 1, tags[k]) == 0) li = k;
    if (li < 0) {
      fprintf(stderr, "%s: op %s has no length suffix\n", path, runs[i].op->name);
      rc = -1;
    } else {
      cyc[li] += (double)runs[i].cycles;
      pj[li] += runs[i].energy_pj;
      if (runs[i].op->kind == OPS_KIND_ATTENTION) attn[li] += (double)runs[i].cycles;
    }
    map_run_free(&runs[i]);
  }
  free(runs);
  cli_session_free(&ss);
  return rc;
}

/* The end-to-end table: FLAT and FuseMax transformer layers per model and length. */
static int bf_end_to_end(const char *root) {
  double t0 = bf_now(), s_sum = 0, e_sum = 0;
  int n = 0, rc = 0;
  printf("\nend to end: one transformer layer (QKV, attention, output projection, FFN up and "
         "down), batch 64; FLAT layer on flat-cloud, FuseMax layer on fusemax-cloud\n");
  printf("%-5s %6s | %14s %14s | %7s %7s | %9s %9s\n", "model", "seq", "FLAT cycles",
         "FuseMax cycles", "speedup", "energy", "attn FL", "attn FM");
  for (size_t mi = 0; mi < sizeof models / sizeof *models; mi++) {
    double fc[BF_LENS] = {0}, fe[BF_LENS] = {0}, fa[BF_LENS] = {0};
    double mc[BF_LENS] = {0}, me[BF_LENS] = {0}, ma[BF_LENS] = {0};
    if (bf_layer(root, models[mi].file, "flat", fc, fe, fa) ||
        bf_layer(root, models[mi].file, "fusemax", mc, me, ma)) {
      rc = 1;
      continue;
    }
    for (int li = 0; li < BF_LENS; li++) {
      if (fc[li] <= 0 || mc[li] <= 0 || fe[li] <= 0) continue;
      double sp = fc[li] / mc[li], en = me[li] / fe[li];
      printf("%-5s %6s | %14.0f %14.0f | %6.2fx %6.1f%% | %8.1f%% %8.1f%%\n", models[mi].name,
             tags[li], fc[li], mc[li], sp, 100 * en, 100 * fa[li] / fc[li], 100 * ma[li] / mc[li]);
      s_sum += sp;
      e_sum += en;
      n++;
    }
  }
  if (n)
    printf("\nend to end, mean over %d points: speedup %.2fx, energy %.1f%%\n"
           "published (FuseMax, MICRO 2024, end to end): speedup 5.3x, energy 83%%\n",
           n, s_sum / n, 100 * e_sum / n);
  printf("end-to-end table computed in %.2f s (attn FL/FM: attention's share of the layer's "
         "cycles)\n", bf_now() - t0);
  return rc;
}

int main(int argc, char **argv) {
  const char *root = argc > 1 ? argv[1] : ".";
  static const uint64_t lens[] = {1024, 4096, 16384, 65536, 262144, 1048576};
  char path[2][1024];
  snprintf(path[0], sizeof path[0], "%s/arch/presets/flat-cloud.yaml", root);
  snprintf(path[1], sizeof path[1], "%s/arch/presets/fusemax-cloud.yaml", root);
  arch_spec *flat = NULL, *fm = NULL;
  com_err e = {0};
  if (arch_load_file(path[0], &flat, &e) || arch_load_file(path[1], &fm, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    arch_free(flat);
    return 1;
  }
  double t0 = bf_now();
  printf("FuseMax reproduction: batch 64, 16-bit, 940 MHz, DRAM 400 GiB/s; speedups over FLAT "
         "(flat-cloud), energy relative to FLAT\n");
  printf("%-5s %6s | %14s %-10s | %7s %7s %7s | %6s %6s | %6s %6s | %7s | %s\n", "model", "seq",
         "FLAT cycles", "bound", "+casc", "+arch", "fusemax", "energy", "(casc)", "2D FL", "2D FM",
         "2-pass", "FuseMax bound");
  double s_sum = 0, e_sum = 0, s_log = 0, e_log = 0;
  int n = 0, rc = 0;
  for (size_t mi = 0; mi < sizeof models / sizeof *models; mi++)
    for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
      ops_attention_shape s = {64, models[mi].heads, lens[li], lens[li], models[mi].dim, false,
                               OPS_CASCADE_1PASS, OPS_SCHED_FUSEMAX};
      ops_attention_shape s2 = s;
      s2.cascade = OPS_CASCADE_2PASS;
      map_fuse_result rf, rc1, ra, rm, r2;
      if (map_fuse_eval(&s, OPS_SCHED_FLAT, 2, flat, &rf, &e) ||
          map_fuse_eval(&s, OPS_SCHED_CASCADE, 2, flat, &rc1, &e) ||
          map_fuse_eval(&s, OPS_SCHED_ARCHITECTURE, 2, fm, &ra, &e) ||
          map_fuse_eval(&s, OPS_SCHED_FUSEMAX, 2, fm, &rm, &e) ||
          map_fuse_eval(&s2, OPS_SCHED_FUSEMAX, 2, fm, &r2, &e)) {
        printf("%-5s %6llu | %s\n", models[mi].name, (unsigned long long)lens[li], e.msg);
        rc = 1;
        continue;
      }
      double sp = (double)rf.cycles / (double)rm.cycles, en = rm.energy_pj / rf.energy_pj;
      printf("%-5s %5lluK | %14llu %-4s %-5s | %6.2fx %6.2fx %6.2fx | %5.1f%% %5.1f%% | %6.3f %6.3f "
             "| %6.2fx | %s\n",
             models[mi].name, (unsigned long long)(lens[li] / 1024), (unsigned long long)rf.cycles,
             rf.compute_cycles >= rf.memory_cycles ? "comp" : "mem", rf.spill ? "spill" : "rows",
             (double)rf.cycles / (double)rc1.cycles, (double)rf.cycles / (double)ra.cycles, sp,
             100 * en, 100 * rc1.energy_pj / rf.energy_pj, rf.util[MAP_FUSE_2D],
             rm.util[MAP_FUSE_2D], (double)rf.cycles / (double)r2.cycles,
             rm.compute_cycles >= rm.memory_cycles ? "compute" : "memory");
      s_sum += sp;
      e_sum += en;
      s_log += log(sp);
      e_log += log(en);
      n++;
    }
  if (n) {
    printf("\nmean over %d points: speedup %.2fx (geomean %.2fx), energy %.1f%% (geomean %.1f%%)\n", n,
           s_sum / n, exp(s_log / n), 100 * e_sum / n, 100 * exp(e_log / n));
    printf("published (FuseMax, MICRO 2024, 24 points): speedup 6.7x, energy 79%%\n");
  }
  printf("table computed in %.3f s\n", bf_now() - t0);
  arch_free(flat);
  arch_free(fm);
  return bf_end_to_end(root) ? 1 : rc;
}
