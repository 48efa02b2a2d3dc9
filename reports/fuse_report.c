/* fuse_report — fused attention schedules in the run report (see fuse_report.h). */
#include "reports/fuse_report.h"

static const char *const fr_array_kind[MAP_FUSE_NARRAYS] = {"2D", "1D"};

void rep_fuse_text(FILE *f, const map_op_run *op) {
  const map_fuse_result *r = &op->fuse;
  const ops_attention_shape *s = &op->op->shape.attn;
  fprintf(f, "  schedule %s%s (docs/fusemax.md): %d-pass cascade, fused; analytical, latency = "
             "max(compute, memory)\n",
          ops_attn_schedule_name(r->schedule), s->schedule == OPS_SCHED_AUTO ? " (chosen by auto)" : "",
          r->passes);
  if (r->schedule == OPS_SCHED_FLASH)
    fprintf(f, "  tiling: FlashAttention blocks B_c %llu keys, B_r %llu queries, %llu query blocks\n",
            (unsigned long long)r->m0, (unsigned long long)r->p1, (unsigned long long)r->q_tiles);
  else if (r->m0)
    fprintf(f, "  tiling: m0 %llu keys (2D array width), query tile P1 %llu, %llu query tiles\n",
            (unsigned long long)r->m0, (unsigned long long)r->p1, (unsigned long long)r->q_tiles);
  else if (r->spill)
    fprintf(f, "  tiling: score rows spilled (QK and A through DRAM, %llu B), one row of %llu scores "
               "on chip at a time; query blocks of %llu, %llu blocks\n",
            (unsigned long long)r->dram_scores, (unsigned long long)s->seq_kv,
            (unsigned long long)r->p1, (unsigned long long)r->q_tiles);
  else
    fprintf(f, "  tiling: row blocks of %llu queries with their full rows of %llu scores, %llu blocks\n",
            (unsigned long long)r->p1, (unsigned long long)s->seq_kv, (unsigned long long)r->q_tiles);
  if (r->passes > 1)
    fprintf(f, "  between passes: %llu bytes on chip\n", (unsigned long long)r->between_pass_bytes);
  if (s->causal)
    fprintf(f, "  causal mask: tiles entirely above the diagonal skipped, partial ones computed whole\n");
  fprintf(f, "  buffer: %llu of %llu bytes\n", (unsigned long long)r->buffer_bytes,
          (unsigned long long)r->buffer_cap);
  for (int x = 0; x < MAP_FUSE_NARRAYS; x++)
    if (r->array_name[x] || r->schedule != OPS_SCHED_FLASH)
      fprintf(f, "  %s array %-10s %16llu actions, busy %14llu cycles, utilization %.1f%%\n",
              fr_array_kind[x], r->array_name[x] ? r->array_name[x] : "?",
              (unsigned long long)r->actions[x], (unsigned long long)r->busy[x], 100 * r->util[x]);
  fprintf(f, "  cycles %llu: compute %llu, memory %llu (%s-bound)\n", (unsigned long long)r->cycles,
          (unsigned long long)r->compute_cycles, (unsigned long long)r->memory_cycles,
          r->compute_cycles >= r->memory_cycles ? "compute" : "memory");
  fprintf(f, "  DRAM read %llu B (K and V %llu B), write %llu B; global buffer %llu words, register files %llu words\n",
          (unsigned long long)r->dram_read, (unsigned long long)r->dram_kv,
          (unsigned long long)r->dram_write,
          (unsigned long long)r->gb_words, (unsigned long long)r->rf_words);
  fprintf(f, "  MAC lower bound: %llu MACs, %llu cycles%s",
          (unsigned long long)r->bound_macs, (unsigned long long)r->bound_cycles,
          s->causal ? " with the causal mask" : "\n");
  if (s->causal)
    fprintf(f, " (without: %llu MACs, %llu cycles; the mask hides no K/V row from the last "
               "query, so the compulsory traffic is unchanged)\n",
            (unsigned long long)r->bound_macs_full, (unsigned long long)r->bound_cycles_full);
  fprintf(f, "  energy %.6g pJ: compute %.6g, DRAM %.6g, global buffer %.6g, register files %.6g\n",
          r->energy_pj, r->e_compute_pj, r->e_dram_pj, r->e_gb_pj, r->e_rf_pj);
}

void rep_fuse_json(com_json *j, const map_op_run *op) {
  const map_fuse_result *r = &op->fuse;
  com_json_obj_begin(j, "fuse");
  com_json_str(j, "schedule", ops_attn_schedule_name(r->schedule));
  com_json_u64(j, "m0", r->m0);
  com_json_u64(j, "p1", r->p1);
  com_json_u64(j, "query_tiles", r->q_tiles);
  com_json_u64(j, "passes", (uint64_t)r->passes);
  com_json_u64(j, "between_pass_bytes", r->between_pass_bytes);
  com_json_bool(j, "score_rows_spilled", r->spill);
  com_json_u64(j, "dram_score_bytes", r->dram_scores);
  com_json_u64(j, "bound_macs", r->bound_macs);
  com_json_u64(j, "bound_cycles", r->bound_cycles);
  com_json_u64(j, "bound_macs_unmasked", r->bound_macs_full);
  com_json_u64(j, "bound_cycles_unmasked", r->bound_cycles_full);
  com_json_u64(j, "buffer_bytes", r->buffer_bytes);
  com_json_u64(j, "buffer_capacity_bytes", r->buffer_cap);
  com_json_u64(j, "compute_cycles", r->compute_cycles);
  com_json_u64(j, "memory_cycles", r->memory_cycles);
  com_json_arr_begin(j, "arrays");
  for (int x = 0; x < MAP_FUSE_NARRAYS; x++) {
    com_json_obj_begin(j, NULL);
    com_json_str(j, "name", r->array_name[x] ? r->array_name[x] : "");
    com_json_str(j, "kind", fr_array_kind[x]);
    com_json_u64(j, "actions", r->actions[x]);
    com_json_u64(j, "busy_cycles", r->busy[x]);
    com_json_f64(j, "utilization", r->util[x]);
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
  com_json_u64(j, "dram_read_bytes", r->dram_read);
  com_json_u64(j, "dram_kv_read_bytes", r->dram_kv);
  com_json_bool(j, "causal", op->op->shape.attn.causal);
  com_json_u64(j, "dram_write_bytes", r->dram_write);
  com_json_u64(j, "buffer_words", r->gb_words);
  com_json_u64(j, "regfile_words", r->rf_words);
  com_json_f64(j, "compute_energy_pj", r->e_compute_pj);
  com_json_f64(j, "dram_energy_pj", r->e_dram_pj);
  com_json_f64(j, "buffer_energy_pj", r->e_gb_pj);
  com_json_f64(j, "regfile_energy_pj", r->e_rf_pj);
  com_json_obj_end(j);
}
