/*
 * sim_report — text and JSON writers of simulator results (see sim_report.h).
 */
#include "reports/sim_report.h"

#include <inttypes.h>
#include <string.h>

static const char *const eng_keys[SIM_ENG_COUNT] = {"dma_load", "dma_store", "array"};
static const char *const eng_names[SIM_ENG_COUNT] = {"DMA load", "DMA store", "array"};

bool rep_sim_sum(const sim_result *const *r, int n, sim_result *o) {
  memset(o, 0, sizeof *o);
  for (int i = 0; i < n; i++)
    if (!r[i]) return false;
  for (int i = 0; i < n; i++) {
    const sim_result *x = r[i];
    o->cycles += x->cycles;
    o->analytical_cycles += x->analytical_cycles;
    o->analytical_compute += x->analytical_compute;
    o->analytical_fill_drain += x->analytical_fill_drain;
    o->analytical_dram_bytes += x->analytical_dram_bytes;
    o->compute += x->compute;
    o->bank += x->bank;
    o->bubble += x->bubble;
    o->fill_drain += x->fill_drain;
    o->dma_stall += x->dma_stall;
    o->tiles += x->tiles;
    o->bursts += x->bursts;
    o->dram_read_bytes += x->dram_read_bytes;
    o->dram_write_bytes += x->dram_write_bytes;
    o->dram_requests += x->dram_requests;
    o->spad_bytes += x->spad_bytes;
    o->row_hits += x->row_hits;
    o->row_misses += x->row_misses;
    for (int e = 0; e < SIM_ENG_COUNT; e++) {
      o->eng[e].busy += x->eng[e].busy;
      o->eng[e].stall_in += x->eng[e].stall_in;
      o->eng[e].stall_out += x->eng[e].stall_out;
      o->eng[e].idle += x->eng[e].idle;
    }
    if (x->dram_bw_peak > o->dram_bw_peak) o->dram_bw_peak = x->dram_bw_peak;
    o->energy_pj += x->energy_pj;
    o->dram_energy_pj += x->dram_energy_pj;
    o->analytical_energy_pj += x->analytical_energy_pj;
    o->compute_pj += x->compute_pj;
    o->points += x->points;
    o->wall_s += x->wall_s;
  }
  double c = (double)o->cycles;
  o->dram_bw = c > 0 ? (double)(o->dram_read_bytes + o->dram_write_bytes) / c : 0;
  o->spad_bw = c > 0 ? (double)o->spad_bytes / c : 0;
  o->utilization = c > 0 ? (double)o->compute / c : 0;
  return n > 0;
}

/* One level's simulated counts: totals, then per tensor with bytes (elements x its bytes per
 * element) and energy. */
static void rs_level_json(com_json *j, const map_target *t, int k, const map_lresult *l) {
  uint64_t rd = 0, fi = 0, up = 0;
  double rb = 0, wb = 0;
  for (int s = 0; s < MAP_NT; s++) {
    rd += l->reads[s];
    fi += l->fills[s];
    up += l->updates[s];
    rb += (double)l->reads[s] * t->bytes_elem[s];
    wb += (double)(l->fills[s] + l->updates[s]) * t->bytes_elem[s];
  }
  com_json_obj_begin(j, NULL);
  com_json_str(j, "name", t->lv[k].name);
  com_json_u64(j, "reads", rd);
  com_json_u64(j, "fills", fi);
  com_json_u64(j, "updates", up);
  com_json_f64(j, "read_bytes", rb);
  com_json_f64(j, "write_bytes", wb);
  com_json_f64(j, "energy_pj", l->energy_pj);
  com_json_arr_begin(j, "tensors");
  for (int s = 0; s < MAP_NT; s++) {
    if (!t->tensor[s]) continue;
    com_json_obj_begin(j, NULL);
    com_json_str(j, "name", t->tensor[s]->name);
    com_json_u64(j, "reads", l->reads[s]);
    com_json_u64(j, "fills", l->fills[s]);
    com_json_u64(j, "updates", l->updates[s]);
    com_json_f64(j, "read_bytes", (double)l->reads[s] * t->bytes_elem[s]);
    com_json_f64(j, "write_bytes", (double)(l->fills[s] + l->updates[s]) * t->bytes_elem[s]);
    com_json_f64(j, "energy_pj", l->energy[s]);
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
  com_json_obj_end(j);
}

static void rs_engine_json(com_json *j, const char *key, const sim_engine_stats *e) {
  com_json_obj_begin(j, key);
  com_json_u64(j, "busy", e->busy);
  com_json_u64(j, "stalled_on_input", e->stall_in);
  com_json_u64(j, "stalled_on_output", e->stall_out);
  com_json_u64(j, "idle", e->idle);
  com_json_obj_end(j);
}

void rep_sim_json(com_json *j, const char *key, const sim_result *r, const map_target *t) {
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
  com_json_u64(j, "dram_row_hits", r->row_hits);
  com_json_u64(j, "dram_row_misses", r->row_misses);
  com_json_u64(j, "analytical_dram_bytes", r->analytical_dram_bytes);
  com_json_u64(j, "scratchpad_bytes", r->spad_bytes);
  com_json_f64(j, "dram_bw_bytes_per_cycle", r->dram_bw);
  com_json_f64(j, "dram_bw_peak_bytes_per_cycle", r->dram_bw_peak);
  com_json_f64(j, "scratchpad_bw_bytes_per_cycle", r->spad_bw);
  com_json_f64(j, "array_utilization", r->utilization);
  if (r->fused) {
    com_json_bool(j, "fused", true);
    com_json_f64(j, "array_1d_utilization", r->utilization_1d);
  }
  com_json_u64(j, "points", r->points);
  com_json_f64(j, "energy_pj", r->energy_pj);
  com_json_f64(j, "dram_energy_pj", r->dram_energy_pj);
  com_json_f64(j, "compute_energy_pj", r->compute_pj);
  com_json_f64(j, "analytical_energy_pj", r->analytical_energy_pj);
  com_json_f64(j, "wall_s", r->wall_s);
  com_json_obj_begin(j, "engines");
  for (int e = 0; e < SIM_ENG_COUNT; e++) rs_engine_json(j, eng_keys[e], &r->eng[e]);
  if (r->fused) rs_engine_json(j, "array_1d", &r->eng1d);
  com_json_obj_end(j);
  if (t && r->nlevels == t->nlevels) {
    com_json_arr_begin(j, "levels");
    for (int k = 0; k < r->nlevels; k++) rs_level_json(j, t, k, &r->lv[k]);
    com_json_arr_end(j);
  }
  com_json_obj_end(j);
}

void rep_sim_text(FILE *f, const char *in, const char *label, const sim_result *r) {
  uint64_t ana = r->analytical_cycles;
  fprintf(f, "%s%s: %" PRIu64 " cycles (analytical %" PRIu64 ", x%.4f): compute %" PRIu64
             ", bank conflicts %" PRIu64 ", bubbles %" PRIu64 ", fill/drain %" PRIu64
             ", DMA stall %" PRIu64 "; %" PRIu64 " tiles in %" PRIu64 " bursts, array %.1f%% busy\n",
          in, label, r->cycles, ana, ana ? (double)r->cycles / (double)ana : 0, r->compute, r->bank,
          r->bubble, r->fill_drain, r->dma_stall, r->tiles, r->bursts, 100 * r->utilization);
  fprintf(f, "%s  engines (busy / stalled on input / stalled on output / idle cycles):", in);
  for (int e = 0; e < SIM_ENG_COUNT; e++)
    fprintf(f, "%s %s %" PRIu64 " / %" PRIu64 " / %" PRIu64 " / %" PRIu64, e ? ";" : "",
            r->fused && e == SIM_ENG_ARRAY ? "2D array" : eng_names[e], r->eng[e].busy,
            r->eng[e].stall_in, r->eng[e].stall_out, r->eng[e].idle);
  if (r->fused)
    fprintf(f, "; 1D array %" PRIu64 " / %" PRIu64 " / %" PRIu64 " / %" PRIu64 " (2D %.1f%% busy, "
               "1D %.1f%% busy)", r->eng1d.busy, r->eng1d.stall_in, r->eng1d.stall_out,
            r->eng1d.idle, 100 * r->utilization, 100 * r->utilization_1d);
  fprintf(f, "\n%s  DRAM %" PRIu64 " B read + %" PRIu64 " B written in %" PRIu64
             " requests, %.3g of %.3g B/cycle", in, r->dram_read_bytes, r->dram_write_bytes,
          r->dram_requests, r->dram_bw, r->dram_bw_peak);
  if (r->row_hits + r->row_misses)
    fprintf(f, ", row hits %" PRIu64 " / misses %" PRIu64, r->row_hits, r->row_misses);
  fprintf(f, "; scratchpad %.3g B/cycle\n", r->spad_bw);
  fprintf(f, "%s  energy from simulated counts %.6g pJ (DRAM %.6g, compute %.6g; analytical "
             "%.6g pJ)\n", in, r->energy_pj, r->dram_energy_pj, r->compute_pj,
          r->analytical_energy_pj);
}

/* One row of the `accel-sim sim` table. */
static void rs_row(FILE *f, const char *op, const char *einsum, const sim_result *r, bool ideal) {
  uint64_t ana = ideal ? r->analytical_compute : r->analytical_cycles;
  double ratio = ana ? (double)r->cycles / (double)ana : 0;
  fprintf(f, "%-12s %-10s %14" PRIu64 " %14" PRIu64 " %8.4f  %" PRIu64 " / %" PRIu64 " / %" PRIu64
             " / %" PRIu64 " / %" PRIu64 ", %.1f%%",
          op, einsum, ana, r->cycles, ratio, r->compute, r->bank, r->bubble, r->fill_drain,
          r->dma_stall, 100.0 * r->utilization);
  if (r->fused) fprintf(f, " (2D), %.1f%% (1D)", 100.0 * r->utilization_1d);
  fputc('\n', f);
}

void rep_sim_table(FILE *f, const map_op_run *runs, int nops, const sim_result *res,
                   const sim_result *fres, const sim_stats *st, bool ideal) {
  if (ideal) fprintf(f, "ideal memory: analytical = the model's compute cycles + fill/drain\n");
  fprintf(f, "%-12s %-10s %14s %14s %8s  %s\n", "op", "einsum", "analytical", "simulated",
          "sim/ana", "breakdown (compute / bank / bubble / fill-drain / dma stall), array util");
  int n = 0;
  for (int i = 0; i < nops; i++) {
    if (runs[i].fused && fres)
      rs_row(f, runs[i].op->name, ops_attn_schedule_name(runs[i].fuse.schedule), &fres[i], ideal);
    for (int k = 0; k < runs[i].n; k++, n++)
      rs_row(f, runs[i].op->name, runs[i].es[k].t.es->name, &res[n], ideal);
  }
  fprintf(f, "simulated %" PRIu64 " cycles in %.3f s: %.3g simulated cycles/s (quantum %" PRIu64
             " cycles)\n", st->cycles, st->wall_s, st->cycles_per_s, st->quantum);
}

void rep_sim_stats_json(com_json *j, const char *key, const sim_stats *st, bool ideal) {
  com_json_obj_begin(j, key);
  com_json_bool(j, "ideal_memory", ideal);
  com_json_u64(j, "simulated_cycles", st->cycles);
  com_json_f64(j, "wall_s", st->wall_s);
  com_json_f64(j, "simulated_cycles_per_s", st->cycles_per_s);
  com_json_u64(j, "quantum_cycles", st->quantum);
  com_json_obj_end(j);
}

void rep_sim_doc(FILE *f, const char *workload, const map_op_run *runs, int nops,
                 const sim_result *res, const sim_result *fres, const sim_stats *st, bool ideal,
                 rep_einsum_json_hook *hook, void *ctx) {
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
      rep_sim_json(&j, "sim", &res[n], &runs[i].es[k].t);
      if (hook) hook(&j, n, ctx);
      com_json_obj_end(&j);
    }
  com_json_arr_end(&j);
  com_json_arr_begin(&j, "fused_ops");
  for (int i = 0; fres && i < nops; i++) {
    if (!runs[i].fused) continue;
    com_json_obj_begin(&j, NULL);
    com_json_str(&j, "op", runs[i].op->name);
    com_json_str(&j, "schedule", ops_attn_schedule_name(runs[i].fuse.schedule));
    rep_sim_json(&j, "sim", &fres[i], NULL);
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
