/* run_report — text, JSON and mapping-file forms of a run (see run_report.h). */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "reports/fuse_report.h"
#include "reports/run_report.h"
#include "reports/sim_report.h"

/* Per op, per storage level name (in arch order, array register files after): counts and
 * energies summed over the op's einsums and tensors. */
typedef struct rr_level {
  const char *name;
  uint64_t reads, fills, updates;
  double bytes, energy_pj, read_pj, write_pj;
} rr_level;

static int rr_levels(const map_op_run *op, rr_level *out, int cap) {
  int n = 0;
  for (int i = 0; i < op->n; i++) {
    const map_einsum_run *x = &op->es[i];
    for (int j = 0; j < x->t.nlevels; j++) {
      int k = 0;
      while (k < n && strcmp(out[k].name, x->t.lv[j].name) != 0) k++;
      if (k == n) {
        if (n == cap) continue;
        memset(&out[n], 0, sizeof out[n]);
        out[n++].name = x->t.lv[j].name;
      }
      const map_lresult *l = &x->r.lv[j];
      for (int s = 0; s < MAP_NT; s++) {
        if (!x->t.tensor[s]) continue;
        out[k].reads += l->reads[s];
        out[k].fills += l->fills[s];
        out[k].updates += l->updates[s];
        out[k].read_pj += (double)l->reads[s] * x->t.lv[j].rd_pj[s];
        out[k].write_pj += (double)(l->fills[s] + l->updates[s]) * x->t.lv[j].wr_pj[s];
      }
      out[k].bytes += l->read_bytes + l->write_bytes;
      out[k].energy_pj += l->energy_pj;
    }
  }
  return n;
}

/* The op's compute energy: its einsums' (a fused op has none: the fused evaluator's). */
static double rr_compute_pj(const map_op_run *op) {
  if (op->fused) return op->fuse.e_compute_pj;
  double c = 0;
  for (int i = 0; i < op->n; i++) c += op->es[i].r.compute_pj;
  return c;
}

static void rr_einsum_text(FILE *f, const map_einsum_run *x, bool stats) {
  const map_result *r = &x->r;
  const arch_array *ar = x->t.array;
  fprintf(f, "  einsum %s: %s\n", x->t.es->name, x->t.es->expr);
  fprintf(f, "    on %s (%s, %llu PEs%s%s%s%s), mapping %s", ar->name, arch_array_kind_name(ar->kind),
          (unsigned long long)ar->pes, ar->kind == ARCH_ARRAY_2D ? ", dataflow " : "",
          ar->kind == ARCH_ARRAY_2D ? arch_dataflow_name(r->dataflow) : "",
          x->t.unit ? ", unit " : "", x->t.unit ? x->t.unit->name : "",
          x->searched ? "searched" : "from the mapping file");
  if (x->searched && stats)
    fprintf(f, ": mapspace %.3g, %llu tilings, %llu evaluated, %llu valid, %.3f s on %d threads, %s",
            x->st.mapspace, (unsigned long long)x->st.tilings, (unsigned long long)x->st.evaluated,
            (unsigned long long)x->st.valid, x->st.seconds, x->st.threads,
            x->st.exhausted ? "exhausted" : "time limit reached (not exhausted)");
  fprintf(f, "\n");
  if (x->has_ilp) {
    fprintf(f, "    exact mode (CoSA-style MIP on GLPK, %d binaries): %s", x->ilp.vars,
            ilp_status_name(x->ilp.status));
    if (x->ilp.status == ILP_FEASIBLE && x->ilp.gap >= 0) fprintf(f, ", gap %.3g", x->ilp.gap);
    if (x->ilp.status != ILP_OPTIMAL) fprintf(f, " (not proved optimal within the time limit)");
    fprintf(f, " in %.3f s (%s); %s\n", x->ilp.seconds,
            x->ilp.warm_used ? "warm-started with the search's mapping"
                             : "the search's mapping breaks its capacity shares: no warm start",
            !x->ilp.fits ? "its mapping was not used (no fitting solution)"
            : x->ilp.chosen ? "its mapping beats the search's and is used"
                            : "the search's mapping is as good or better and is kept");
  }
  map_mapping_write(f, &x->t, &x->m, "      ");
  fprintf(f, "    cycles %llu (compute %llu, fill/drain %llu, bound by %s), energy %.6g pJ, "
          "utilization %.1f%% (spatial %.1f%%), DRAM %llu B\n",
          (unsigned long long)r->cycles, (unsigned long long)r->compute_cycles,
          (unsigned long long)r->fill_drain,
          r->bound_level < 0 ? "compute" : x->t.lv[r->bound_level].name, r->energy_pj,
          100 * r->utilization, 100 * r->spatial_utilization, (unsigned long long)r->dram_bytes);
}

/* The arch unit behind one point of an einsum (the MAC unit, else the first unit used). */
static const arch_unit *rr_unit(const map_einsum_run *x) {
  const arch_unit *u = arch_array_unit_for(x->t.array, ARCH_OP_MAC);
  if (ops_einsum_is_mac(x->t.es) && u) return u;
  return x->t.array->nunits ? &x->t.array->units[0] : NULL;
}

/* Where every per-access energy used by the op comes from (once per level and array). */
static void rr_sources_text(FILE *f, const map_op_run *op) {
  fprintf(f, "  energy sources (pJ per access):\n");
  for (int i = 0; i < op->n; i++) {
    const map_einsum_run *x = &op->es[i];
    for (int j = 0; j < x->t.nlevels; j++) {
      bool seen = false;
      for (int p = 0; p < i && !seen; p++)
        for (int q = 0; q < op->es[p].t.nlevels; q++)
          seen |= op->es[p].t.lv[q].lv == x->t.lv[j].lv;
      for (int q = 0; q < j; q++) seen |= x->t.lv[q].lv == x->t.lv[j].lv;
      if (seen) continue;
      const arch_level *l = x->t.lv[j].lv;
      if (l->read_energy_pj.v == l->write_energy_pj.v &&
          strcmp(l->read_energy_pj.source, l->write_energy_pj.source) == 0)
        fprintf(f, "    %-18s read/write %.6g per %llu bits (%s)\n", x->t.lv[j].name,
                l->read_energy_pj.v, (unsigned long long)l->width_bits, l->read_energy_pj.source);
      else
        fprintf(f, "    %-18s read %.6g (%s), write %.6g (%s) per %llu bits\n", x->t.lv[j].name,
                l->read_energy_pj.v, l->read_energy_pj.source, l->write_energy_pj.v,
                l->write_energy_pj.source, (unsigned long long)l->width_bits);
    }
    bool seen = false;
    for (int p = 0; p < i; p++) seen |= op->es[p].t.array == x->t.array && op->es[p].t.op_pj == x->t.op_pj;
    const arch_unit *u = rr_unit(x);
    if (!seen)
      fprintf(f, "    %-18s %.6g pJ per point of %s (unit %s: %s)\n", x->t.array->name, x->t.op_pj,
              x->t.es->name, u ? u->name : "?",
              u ? u->energy_pj[ops_einsum_is_mac(x->t.es) ? ARCH_OP_MAC : 0].source : "");
  }
}

void rep_run_text(FILE *f, const rep_run *rr, bool stats) {
  uint64_t cycles = 0, dram = 0, macs = 0;
  double energy = 0, lat = 0;
  fprintf(f, "accel-sim: workload %s on arch %s (%s, %.0f MHz), analytical model%s\n\n",
          rr->workload, rr->arch->name, rr->arch_file, rr->arch->clock_mhz,
          !rr->sim ? "" : rr->sim_ideal ? " and cycle simulator (ideal memory)" : " and cycle simulator");
  for (int i = 0, base = 0; i < rr->nops; base += rr->ops[i++].n) {
    const map_op_run *op = &rr->ops[i];
    fprintf(f, "op %s (%s): %d einsum%s, %llu MACs, %llu other ops\n", op->op->name,
            ops_kind_name(op->op->kind), op->op->neinsums, op->op->neinsums == 1 ? "" : "s",
            (unsigned long long)op->op->macs, (unsigned long long)op->op->other_ops);
    if (op->fused) rep_fuse_text(f, op);
    else if (op->n > 1)
      fprintf(f, "  note: the cascade is evaluated einsum by einsum, unfused: every intermediate "
                 "goes through DRAM\n");
    for (int k = 0; k < op->n; k++) {
      rr_einsum_text(f, &op->es[k], stats);
      if (rr->sim && rr->sim[base + k]) rep_sim_text(f, "    ", "simulated", rr->sim[base + k]);
      if (rr->einsum_text) rr->einsum_text(f, base + k, op->es[k].t.es->name, rr->einsum_ctx);
    }
    fprintf(f, "  total: %llu cycles, %.6g s, %.6g pJ, utilization %.1f%%\n",
            (unsigned long long)op->cycles, op->latency_s, op->energy_pj, 100 * op->utilization);
    sim_result sum;
    if (rr->sim && op->fused && rr->fused_sim) rep_sim_text(f, "  ", "total simulated (fused)", &rr->fused_sim[i]);
    else if (rr->sim && rep_sim_sum(rr->sim + base, op->n, &sum)) rep_sim_text(f, "  ", "total simulated", &sum);
    else if (rr->sim) fprintf(f, "  not simulated\n");
    rr_level lv[MAP_MAX_LEVELS * 2];
    int n = rr_levels(op, lv, MAP_MAX_LEVELS * 2);
    if (!op->fused) {
      fprintf(f, "  %-18s %14s %14s %14s %16s %14s %14s\n", "energy by level", "reads", "fills",
              "updates", "bytes", "read pJ", "write pJ");
      for (int k = 0; k < n; k++)
        fprintf(f, "  %-18s %14llu %14llu %14llu %16.0f %14.6g %14.6g\n", lv[k].name,
                (unsigned long long)lv[k].reads, (unsigned long long)lv[k].fills,
                (unsigned long long)lv[k].updates, lv[k].bytes, lv[k].read_pj, lv[k].write_pj);
      fprintf(f, "  %-18s %14s %14s %14s %16s %14.6g (compute)\n", "compute", "", "", "", "",
              rr_compute_pj(op));
      rr_sources_text(f, op);
    }
    const map_bound *b = &op->bound;
    fprintf(f, "  DRAM traffic %llu B; lower bound %.0f B (compulsory %.0f B, I/O bound %.0f B "
               "[%s, S = %.0f elements]); ratio %.2f\n\n",
            (unsigned long long)op->dram_bytes, b->lower_bytes, b->compulsory_bytes, b->io_bytes,
            b->form, b->onchip_elems, b->lower_bytes > 0 ? (double)op->dram_bytes / b->lower_bytes : 0);
    cycles += op->cycles;
    dram += op->dram_bytes;
    macs += op->macs;
    energy += op->energy_pj;
    lat += op->latency_s;
  }
  if (rr->net) map_network_text(f, rr->net, dram);
  if (rr->sim_stats)
    fprintf(f, "simulated: %llu cycles in %.3f s, %.3g simulated cycles/s (quantum %llu cycles)\n",
            (unsigned long long)rr->sim_stats->cycles, rr->sim_stats->wall_s,
            rr->sim_stats->cycles_per_s, (unsigned long long)rr->sim_stats->quantum);
  if (rr->arch->target == ARCH_TARGET_FPGA) {
    arch_fpga_resources r;
    arch_fpga_totals(rr->arch, &r);
    fprintf(f, "total: %llu cycles, %.6g s, %.6g pJ, FPGA %.0f LUTs %.0f FFs %.0f DSPs %llu BRAM36, "
               "%llu MACs, DRAM %llu B\n",
            (unsigned long long)cycles, lat, energy, r.luts, r.ffs, r.dsps,
            (unsigned long long)r.brams, (unsigned long long)macs, (unsigned long long)dram);
    return;
  }
  fprintf(f, "total: %llu cycles, %.6g s, %.6g pJ, area %.6g um^2, %llu MACs, DRAM %llu B\n",
          (unsigned long long)cycles, lat, energy, arch_total_area_um2(rr->arch),
          (unsigned long long)macs, (unsigned long long)dram);
}

void rep_run_mapfile(FILE *f, const rep_run *rr) {
  fprintf(f, "# accel-sim map: best mappings of %s on %s\nmappings:\n", rr->workload, rr->arch->name);
  for (int i = 0; i < rr->nops; i++)
    for (int k = 0; k < rr->ops[i].n; k++) {
      const map_einsum_run *x = &rr->ops[i].es[k];
      fprintf(f, "  # %s/%s: %llu cycles, %.6g pJ, DRAM %llu B", rr->ops[i].op->name,
              x->t.es->name, (unsigned long long)x->r.cycles, x->r.energy_pj,
              (unsigned long long)x->r.dram_bytes);
      if (x->searched)
        fprintf(f, "; mapspace %.3g, tilings %llu, evaluated %llu, valid %llu, %.3f s, %s",
                x->st.mapspace, (unsigned long long)x->st.tilings,
                (unsigned long long)x->st.evaluated, (unsigned long long)x->st.valid,
                x->st.seconds, x->st.exhausted ? "exhausted" : "time limit reached");
      fprintf(f, "\n  - op: %s\n    einsum: %s\n    mapping:\n", rr->ops[i].op->name, x->t.es->name);
      map_mapping_write(f, &x->t, &x->m, "      ");
    }
}

static void rr_json_mapping(com_json *j, const map_einsum_run *x) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (m) {
    map_mapping_write(m, &x->t, &x->m, "");
    fclose(m);
  }
  com_json_str(j, "yaml", buf ? buf : "");
  free(buf);
}

static void rr_json_einsum(com_json *j, const map_einsum_run *x, const rep_run *rr, int idx) {
  const map_result *r = &x->r;
  com_json_obj_begin(j, NULL);
  com_json_str(j, "einsum", x->t.es->name);
  com_json_str(j, "expr", x->t.es->expr);
  com_json_str(j, "array", x->t.array->name);
  if (x->t.array->kind == ARCH_ARRAY_2D) com_json_str(j, "dataflow", arch_dataflow_name(r->dataflow));
  if (x->t.unit) com_json_str(j, "unit", x->t.unit->name);
  com_json_u64(j, "cycles", r->cycles);
  com_json_u64(j, "compute_cycles", r->compute_cycles);
  com_json_u64(j, "fill_drain_cycles", r->fill_drain);
  com_json_str(j, "bound_by", r->bound_level < 0 ? "compute" : x->t.lv[r->bound_level].name);
  com_json_f64(j, "energy_pj", r->energy_pj);
  com_json_f64(j, "compute_energy_pj", r->compute_pj);
  com_json_u64(j, "dram_bytes", r->dram_bytes);
  com_json_f64(j, "utilization", r->utilization);
  com_json_f64(j, "spatial_utilization", r->spatial_utilization);
  com_json_bool(j, "searched", x->searched);
  if (x->searched) {
    com_json_obj_begin(j, "search");
    com_json_f64(j, "mapspace", x->st.mapspace);
    com_json_u64(j, "tilings", x->st.tilings);
    com_json_u64(j, "evaluated", x->st.evaluated);
    com_json_u64(j, "valid", x->st.valid);
    com_json_f64(j, "seconds", x->st.seconds);
    com_json_bool(j, "exhausted", x->st.exhausted);
    com_json_obj_end(j);
  }
  if (x->has_ilp) {
    com_json_obj_begin(j, "ilp");
    com_json_str(j, "status", ilp_status_name(x->ilp.status));
    com_json_f64(j, "gap", x->ilp.gap);
    com_json_f64(j, "seconds", x->ilp.seconds);
    com_json_f64(j, "mip_objective", x->ilp.objective);
    com_json_bool(j, "fits", x->ilp.fits);
    com_json_f64(j, "model_cost", x->ilp.cost);
    com_json_bool(j, "chosen", x->ilp.chosen);
    com_json_bool(j, "warm_start", x->ilp.warm_used);
    com_json_obj_end(j);
  }
  rr_json_mapping(j, x);
  if (rr->sim && rr->sim[idx]) rep_sim_json(j, "sim", rr->sim[idx], &x->t);
  else if (rr->sim) com_json_null(j, "sim");
  if (rr->einsum_json) rr->einsum_json(j, idx, rr->einsum_ctx);
  com_json_arr_begin(j, "levels");
  for (int k = 0; k < x->t.nlevels; k++) {
    const map_lresult *l = &r->lv[k];
    com_json_obj_begin(j, NULL);
    com_json_str(j, "name", x->t.lv[k].name);
    com_json_u64(j, "instances", x->t.lv[k].instances);
    com_json_u64(j, "utilized_instances", l->instances);
    com_json_u64(j, "capacity_bytes", x->t.lv[k].lv->size_bytes);
    com_json_f64(j, "utilized_bytes", l->used_bytes);
    com_json_f64(j, "read_bytes", l->read_bytes);
    com_json_f64(j, "write_bytes", l->write_bytes);
    com_json_f64(j, "transfer_cycles", l->cycles);
    com_json_f64(j, "bandwidth_demand_bytes_per_cycle",
                 r->cycles ? (l->read_bytes + l->write_bytes) / (double)l->instances / (double)r->cycles : 0);
    com_json_f64(j, "energy_pj", l->energy_pj);
    com_json_f64(j, "read_pj_per_access", x->t.lv[k].lv->read_energy_pj.v);
    com_json_str(j, "read_energy_source", x->t.lv[k].lv->read_energy_pj.source);
    com_json_f64(j, "write_pj_per_access", x->t.lv[k].lv->write_energy_pj.v);
    com_json_str(j, "write_energy_source", x->t.lv[k].lv->write_energy_pj.source);
    com_json_u64(j, "access_bits", x->t.lv[k].lv->width_bits);
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
  const arch_unit *u = rr_unit(x);
  com_json_f64(j, "pj_per_point", x->t.op_pj);
  com_json_u64(j, "cycles_per_point", x->t.op_ii);
  com_json_str(j, "compute_energy_source",
               u ? u->energy_pj[ops_einsum_is_mac(x->t.es) ? ARCH_OP_MAC : 0].source : "");
  com_json_arr_begin(j, "tensors");
  for (int s = 0; s < MAP_NT; s++) {
    if (!x->t.tensor[s]) continue;
    com_json_obj_begin(j, NULL);
    com_json_str(j, "name", x->t.tensor[s]->name);
    com_json_f64(j, "energy_pj", r->energy_slot[s]);
    com_json_arr_begin(j, "levels");
    for (int k = 0; k < x->t.nlevels; k++) {
      const map_lresult *l = &r->lv[k];
      com_json_obj_begin(j, NULL);
      com_json_str(j, "name", x->t.lv[k].name);
      com_json_bool(j, "kept", k == 0 || (x->m.lv[k].keep & (1u << s)));
      com_json_u64(j, "tile_elems", l->tile[s]);
      com_json_u64(j, "reads", l->reads[s]);
      com_json_u64(j, "fills", l->fills[s]);
      com_json_u64(j, "updates", l->updates[s]);
      com_json_f64(j, "energy_pj", l->energy[s]);
      com_json_obj_end(j);
    }
    com_json_arr_end(j);
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
  com_json_obj_end(j);
}

static void rr_json_op(com_json *j, const map_op_run *op, const rep_run *rr, int i, int base) {
  com_json_obj_begin(j, NULL);
  com_json_str(j, "name", op->op->name);
  com_json_str(j, "kind", ops_kind_name(op->op->kind));
  com_json_u64(j, "cycles", op->cycles);
  com_json_f64(j, "latency_s", op->latency_s);
  com_json_f64(j, "energy_pj", op->energy_pj);
  com_json_u64(j, "macs", op->macs);
  com_json_u64(j, "dram_bytes", op->dram_bytes);
  com_json_f64(j, "lower_bound_bytes", op->bound.lower_bytes);
  com_json_f64(j, "compulsory_bytes", op->bound.compulsory_bytes);
  com_json_f64(j, "io_bound_bytes", op->bound.io_bytes);
  com_json_str(j, "io_bound_form", op->bound.form);
  com_json_f64(j, "dram_to_bound_ratio",
               op->bound.lower_bytes > 0 ? (double)op->dram_bytes / op->bound.lower_bytes : 0);
  com_json_f64(j, "utilization", op->utilization);
  com_json_bool(j, "fused", op->fused);
  if (op->fused) rep_fuse_json(j, op);
  com_json_arr_begin(j, "mapping");
  for (int k = 0; k < op->n; k++) rr_json_einsum(j, &op->es[k], rr, base + k);
  com_json_arr_end(j);
  sim_result sum;
  if (rr->sim && op->fused && rr->fused_sim) rep_sim_json(j, "sim", &rr->fused_sim[i], NULL);
  else if (rr->sim && rep_sim_sum(rr->sim + base, op->n, &sum)) rep_sim_json(j, "sim", &sum, NULL);
  else if (rr->sim) com_json_null(j, "sim");
  rr_level lv[MAP_MAX_LEVELS * 2];
  int n = rr_levels(op, lv, MAP_MAX_LEVELS * 2);
  com_json_arr_begin(j, "levels");
  for (int k = 0; k < n; k++) {
    com_json_obj_begin(j, NULL);
    com_json_str(j, "name", lv[k].name);
    com_json_u64(j, "reads", lv[k].reads);
    com_json_u64(j, "fills", lv[k].fills);
    com_json_u64(j, "updates", lv[k].updates);
    com_json_f64(j, "bytes", lv[k].bytes);
    com_json_f64(j, "energy_pj", lv[k].energy_pj);
    com_json_f64(j, "read_energy_pj", lv[k].read_pj);
    com_json_f64(j, "write_energy_pj", lv[k].write_pj);
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
  com_json_f64(j, "compute_energy_pj", rr_compute_pj(op));
  com_json_obj_end(j);
}

void rep_run_json(FILE *f, const rep_run *rr) {
  com_json j;
  com_json_init(&j, f);
  com_json_obj_begin(&j, NULL);
  com_json_u64(&j, "version", REP_RUN_VERSION);
  com_json_str(&j, "workload", rr->workload);
  com_json_str(&j, "workload_file", rr->workload_file);
  com_json_str(&j, "arch", rr->arch->name);
  com_json_str(&j, "arch_file", rr->arch_file);
  com_json_str(&j, "engine", rr->sim ? "cycle" : "analytical");
  uint64_t cycles = 0, dram = 0, macs = 0;
  double energy = 0, lat = 0;
  for (int i = 0; i < rr->nops; i++) {
    cycles += rr->ops[i].cycles;
    dram += rr->ops[i].dram_bytes;
    macs += rr->ops[i].macs;
    energy += rr->ops[i].energy_pj;
    lat += rr->ops[i].latency_s;
  }
  com_json_obj_begin(&j, "total");
  com_json_u64(&j, "cycles", cycles);
  com_json_f64(&j, "latency_s", lat);
  com_json_f64(&j, "energy_pj", energy);
  if (rr->arch->target == ARCH_TARGET_FPGA) {
    arch_fpga_resources r;
    arch_fpga_totals(rr->arch, &r);
    com_json_null(&j, "area_um2"); /* an FPGA design is measured in resources, not um^2 */
    com_json_obj_begin(&j, "fpga");
    com_json_f64(&j, "luts", r.luts);
    com_json_f64(&j, "ffs", r.ffs);
    com_json_f64(&j, "dsps", r.dsps);
    com_json_u64(&j, "brams", r.brams);
    com_json_obj_end(&j);
  } else {
    com_json_f64(&j, "area_um2", arch_total_area_um2(rr->arch));
  }
  com_json_u64(&j, "macs", macs);
  com_json_u64(&j, "dram_bytes", dram);
  if (rr->net && rr->net->outcome == MAP_NET_PLANNED)
    com_json_u64(&j, "dram_bytes_with_spills", dram + rr->net->noncompulsory_bytes);
  else if (rr->net) com_json_null(&j, "dram_bytes_with_spills");
  if (rr->sim_stats) com_json_u64(&j, "simulated_cycles", rr->sim_stats->cycles);
  com_json_obj_end(&j);
  if (rr->net) map_network_json(&j, "network", rr->net);
  if (rr->sim_stats) rep_sim_stats_json(&j, "simulation", rr->sim_stats, rr->sim_ideal);
  com_json_arr_begin(&j, "ops");
  for (int i = 0, base = 0; i < rr->nops; base += rr->ops[i++].n) rr_json_op(&j, &rr->ops[i], rr, i, base);
  com_json_arr_end(&j);
  com_json_obj_end(&j);
  com_json_finish(&j);
}
