/*
 * sim_report — text and JSON writers of simulator results (see sim_report.h).
 */
#include "sim/sim_report.h"

#include <inttypes.h>

void sim_result_json(com_json *j, const char *key, const sim_result *r) {
  static const char *const eng[] = {"dma_load", "dma_store", "array"};
  com_json_obj_begin(j, key);
  com_json_u64(j, "analytical_cycles", r->analytical_cycles);
  com_json_u64(j, "analytical_compute_cycles", r->analytical_compute);
  com_json_u64(j, "cycles", r->cycles);
  com_json_u64(j, "compute", r->compute);
  com_json_u64(j, "bank_conflicts", r->bank);
  com_json_u64(j, "pipeline_bubbles", r->bubble);
  com_json_u64(j, "fill_drain", r->fill_drain);
  com_json_u64(j, "dma_stall", r->dma_stall);
  com_json_u64(j, "tiles", r->tiles);
  com_json_u64(j, "bursts", r->bursts);
  com_json_u64(j, "dram_read_bytes", r->dram_read_bytes);
  com_json_u64(j, "dram_write_bytes", r->dram_write_bytes);
  com_json_u64(j, "dram_requests", r->dram_requests);
  com_json_u64(j, "analytical_dram_bytes", r->analytical_dram_bytes);
  com_json_u64(j, "scratchpad_bytes", r->spad_bytes);
  com_json_f64(j, "dram_bw_bytes_per_cycle", r->dram_bw);
  com_json_f64(j, "dram_bw_peak_bytes_per_cycle", r->dram_bw_peak);
  com_json_f64(j, "scratchpad_bw_bytes_per_cycle", r->spad_bw);
  com_json_f64(j, "array_utilization", r->utilization);
  com_json_f64(j, "energy_pj", r->energy_pj);
  com_json_f64(j, "dram_energy_pj", r->dram_energy_pj);
  com_json_f64(j, "analytical_energy_pj", r->analytical_energy_pj);
  com_json_f64(j, "wall_s", r->wall_s);
  com_json_obj_begin(j, "engines");
  for (int e = 0; e < SIM_ENG_COUNT; e++) {
    com_json_obj_begin(j, eng[e]);
    com_json_u64(j, "busy", r->eng[e].busy);
    com_json_u64(j, "stalled_on_input", r->eng[e].stall_in);
    com_json_u64(j, "stalled_on_output", r->eng[e].stall_out);
    com_json_u64(j, "idle", r->eng[e].idle);
    com_json_obj_end(j);
  }
  com_json_obj_end(j);
  com_json_obj_end(j);
}

void sim_report_text(FILE *f, const map_op_run *runs, int nops, const sim_result *res,
                     const sim_stats *st, bool ideal) {
  if (ideal) fprintf(f, "ideal memory: analytical = the model's compute cycles + fill/drain\n");
  fprintf(f, "%-12s %-10s %14s %14s %8s  %s\n", "op", "einsum", "analytical", "simulated",
          "sim/ana", "breakdown (compute / bank / bubble / fill-drain / dma stall), array util");
  int n = 0;
  for (int i = 0; i < nops; i++)
    for (int k = 0; k < runs[i].n; k++, n++) {
      const sim_result *r = &res[n];
      uint64_t ana = ideal ? r->analytical_compute : r->analytical_cycles;
      double ratio = ana ? (double)r->cycles / (double)ana : 0;
      fprintf(f, "%-12s %-10s %14" PRIu64 " %14" PRIu64 " %8.4f  %" PRIu64 " / %" PRIu64 " / %"
                 PRIu64 " / %" PRIu64 " / %" PRIu64 ", %.1f%%\n",
              runs[i].op->name, runs[i].es[k].t.es->name, ana, r->cycles, ratio, r->compute,
              r->bank, r->bubble, r->fill_drain, r->dma_stall, 100.0 * r->utilization);
    }
  fprintf(f, "simulated %" PRIu64 " cycles in %.3f s: %.3g simulated cycles/s (quantum %" PRIu64
             " cycles)\n", st->cycles, st->wall_s, st->cycles_per_s, st->quantum);
}

void sim_report_json(FILE *f, const char *workload, const map_op_run *runs, int nops,
                     const sim_result *res, const sim_stats *st, bool ideal) {
  com_json j;
  com_json_init(&j, f);
  com_json_obj_begin(&j, NULL);
  com_json_str(&j, "workload", workload);
  com_json_bool(&j, "ideal_memory", ideal);
  com_json_arr_begin(&j, "einsums");
  int n = 0;
  for (int i = 0; i < nops; i++)
    for (int k = 0; k < runs[i].n; k++, n++) {
      com_json_obj_begin(&j, NULL);
      com_json_str(&j, "op", runs[i].op->name);
      com_json_str(&j, "einsum", runs[i].es[k].t.es->name);
      sim_result_json(&j, "sim", &res[n]);
      com_json_obj_end(&j);
    }
  com_json_arr_end(&j);
  com_json_u64(&j, "simulated_cycles", st->cycles);
  com_json_f64(&j, "wall_s", st->wall_s);
  com_json_f64(&j, "simulated_cycles_per_s", st->cycles_per_s);
  com_json_u64(&j, "quantum_cycles", st->quantum);
  com_json_obj_end(&j);
  com_json_finish(&j);
}
