/*
 * test_agree — the analytical model against the simulator on workload files (mapper-chosen
 * mappings, one elaboration for all). Usage: test_agree ideal|real WORKLOAD.yaml...
 *   ideal  DRAM ideal: every einsum satisfies
 *            sim - bubbles - bank stalls >= the model's compute cycles (without its fill/drain)
 *          and, where the model's assumptions hold (no bubbles, no bank stalls, fill/drain
 *          under 1% of the total), |sim / (model compute + fill/drain) - 1| <= 2%.
 *          At least 4 einsums must be in that second class.
 *   real   DRAM with its bandwidth and latency: sim >= the model's cycles less its fill/drain
 *          (the model is a lower bound: perfect overlap, bandwidth only).
 * The breakdown, and each engine's busy / stalled / idle cycles, must add up to the total in
 * both modes. Where the simulated DRAM traffic equals
 * the model's, so must every level's simulated action counts and the energy priced from them;
 * the traffic is never below the model's compulsory reuse.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "cli/load.h"
#include "sim/sim.h"

#define AG_MAX 16

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  bool ideal = strcmp(argv[1], "ideal") == 0;
  int nw = argc - 2;
  if (nw > AG_MAX) nw = AG_MAX;
  static cli_session ss[AG_MAX];
  static map_op_run *runs[AG_MAX];
  static sim_job jobs[256];
  static const char *names[256];
  static const map_einsum_run *runs_of[256];
  int nj = 0;
  com_err e = {0};
  for (int w = 0; w < nw; w++) {
    if (cli_session_load(argv[w + 2], NULL, &ss[w], &e)) {
      fprintf(stderr, "%s\n", e.msg);
      return 1;
    }
    const ops_workload *wl = ss[w].workload;
    runs[w] = calloc((size_t)wl->nops, sizeof *runs[w]);
    for (int i = 0; i < wl->nops; i++) {
      if (map_run_op(&wl->ops[i], ss[w].arch, &ss[w].map, 2, NULL, &runs[w][i], &e)) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
      }
      for (int k = 0; k < runs[w][i].n && nj < 256; k++, nj++) {
        jobs[nj] = (sim_job){&runs[w][i].es[k].t, &runs[w][i].es[k].m, NULL};
        runs_of[nj] = &runs[w][i].es[k];
        names[nj] = wl->ops[i].name;
      }
    }
  }
  sim_config cfg;
  sim_config_default(&cfg);
  cfg.ideal_memory = ideal;
  static sim_result r[256];
  sim_stats st;
  if (sim_run(jobs, nj, &cfg, r, &st, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return 1;
  }
  int agreed = 0, same_traffic = 0;
  for (int j = 0; j < nj; j++) {
    const sim_result *x = &r[j];
    double ana = (double)(ideal ? x->analytical_compute : x->analytical_cycles);
    printf("%-12s %-4s ana %12llu sim %12llu ratio %.4f bubbles %llu bank %llu bursts %llu "
           "DRAM %llu B (model %llu B)\n",
           names[j], jobs[j].t->es->name, (unsigned long long)ana, (unsigned long long)x->cycles,
           (double)x->cycles / ana, (unsigned long long)x->bubble, (unsigned long long)x->bank,
           (unsigned long long)x->bursts,
           (unsigned long long)(x->dram_read_bytes + x->dram_write_bytes),
           (unsigned long long)x->analytical_dram_bytes);
    CHECK_U64(x->compute + x->bank + x->bubble + x->fill_drain + x->dma_stall, x->cycles);
    for (int k = 0; k < SIM_ENG_COUNT; k++) /* busy, stalls and idle never overlap */
      CHECK_U64(x->eng[k].busy + x->eng[k].stall_in + x->eng[k].stall_out + x->eng[k].idle, x->cycles);
    uint64_t dram = x->dram_read_bytes + x->dram_write_bytes;
    if (dram == x->analytical_dram_bytes) {
      CHECK_NEAR(x->energy_pj / x->analytical_energy_pj, 1.0, 1e-9);
      /* the energy comes from the simulated counts: every level's counts are the model's */
      const map_result *a = &runs_of[j]->r;
      for (int l = 0; l < x->nlevels; l++)
        for (int s = 0; s < MAP_NT; s++) {
          CHECK_U64(x->lv[l].reads[s], a->lv[l].reads[s]);
          CHECK_U64(x->lv[l].fills[s], a->lv[l].fills[s]);
          CHECK_U64(x->lv[l].updates[s], a->lv[l].updates[s]);
        }
      CHECK_U64(x->points, a->points);
      same_traffic++;
    }
    if (ideal) CHECK(x->cycles - x->bubble - x->bank >= x->analytical_compute - x->analytical_fill_drain);
    else CHECK(x->cycles >= x->analytical_cycles - x->analytical_fill_drain);
    if (ideal && !x->bubble && !x->bank && x->fill_drain * 100 <= x->cycles) {
      CHECK_NEAR((double)x->cycles / ana, 1.0, 0.02);
      agreed++;
    }
  }
  if (ideal) CHECK(agreed >= 4);
  CHECK(same_traffic >= 5); /* the energy check above must cover several einsums */
  printf("%d einsums agree within 2%%, %d with the model's DRAM traffic\n", agreed, same_traffic);
  printf("%llu simulated cycles in %.3f s (%.3g cycles/s)\n", (unsigned long long)st.cycles,
         st.wall_s, st.cycles_per_s);
  for (int w = 0; w < nw; w++) {
    for (int i = 0; i < ss[w].workload->nops; i++) map_run_free(&runs[w][i]);
    free(runs[w]);
    cli_session_free(&ss[w]);
  }
  UNIT_DONE();
}
