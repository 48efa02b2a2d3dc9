/*
 * eval — one design point on one workload: write the parameter values into copies of the base
 * trees, load the architecture with arch_load_node and the workload from emitted YAML with
 * ops_workload_load_buffer (both strict, so a bad value fails like a bad file would), map every
 * op with map_run_op on one thread and sum the metrics, or simulate the mapped ops when the
 * point's workload selects the cycle engine (simeng.c). Thread-safe: the spec is read-only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "mapper/run.h"
#include "ops/workload.h"
#include "sweep/sweep.h"

static void failed(swp_metrics *m, const char *why) {
  m->ok = false;
  snprintf(m->error, sizeof m->error, "%s", why);
}

/* Applies the params of one side (arch or workload) to root; returns the new root or NULL. */
static const com_ynode *apply(const swp_spec *s, const swp_val *vals, bool arch, const com_ynode *root,
                              com_arena *a) {
  for (int i = 0; i < s->nparams && root; i++) {
    const swp_param *p = &s->params[i];
    if (p->in_arch != arch) continue;
    root = swp_path_set(a, root, arch ? p->path + 5 : p->path, vals[i].text, !p->numeric && vals[i].numeric, p->loc);
  }
  return root;
}

/* Maps every op (kept in runs[] for the simulator) and sums the analytical metrics; with
 * `simulate: {engine: cycle}` the simulated metrics replace them (MACs stay the mapper's). */
static int eval_ops(const ops_workload *wl, const com_ynode *fixed, const arch_spec *as, map_op_run *runs,
                    swp_metrics *m, com_err *e) {
  map_options mo;
  if (map_options_parse(wl->mapper, wl->simulate, &mo, e)) return -1;
  double util_w = 0;
  for (int i = 0; i < wl->nops; i++) {
    map_op_run *run = &runs[i];
    if (map_run_op(&wl->ops[i], as, &mo, 1, fixed, run, e)) return -1;
    m->cycles += run->cycles;
    m->dram_bytes += run->dram_bytes;
    m->macs += run->macs;
    m->latency_s += run->latency_s;
    m->energy_pj += run->energy_pj;
    util_w += run->utilization * (double)run->cycles;
  }
  m->utilization = m->cycles ? util_w / (double)m->cycles : 0;
  if (mo.engine == MAP_ENGINE_CYCLE) return swp_sim_ops(runs, wl->nops, &mo, as->clock_mhz * 1e6, m, e);
  return 0;
}

void swp_point_eval(const swp_spec *s, int w, const swp_val *vals, swp_metrics *m) {
  memset(m, 0, sizeof *m);
  const swp_workload *wk = &s->workloads[w];
  com_arena a = {0};
  com_err e = {0};
  arch_spec *as = NULL;
  ops_workload *wl = NULL;
  map_op_run *runs = NULL;
  char *buf = NULL;
  size_t len = 0;
  const com_ynode *aroot = apply(s, vals, true, wk->aroot, &a);
  const com_ynode *wroot = apply(s, vals, false, wk->wdoc->root, &a);
  if (!aroot || !wroot || swp_yaml_emit(wroot, &buf, &len)) {
    failed(m, "out of memory writing the design point");
  } else if (arch_load_node(aroot, &as, &e) || ops_workload_load_buffer(wk->path, buf, len, false, &wl, &e)) {
    failed(m, e.msg);
  } else if (!(runs = calloc((size_t)(wl->nops ? wl->nops : 1), sizeof *runs))) {
    failed(m, "out of memory mapping the design point");
  } else if (eval_ops(wl, s->mdoc ? s->mdoc->root : NULL, as, runs, m, &e)) {
    failed(m, e.msg);
  } else {
    m->ok = true;
    m->area_um2 = arch_total_area_um2(as);
    m->edp = m->energy_pj * m->latency_s;
  }
  if (!m->ok) { /* keep the figures of a failed point out of the database */
    m->cycles = m->dram_bytes = m->macs = 0;
    m->latency_s = m->energy_pj = m->area_um2 = m->edp = m->utilization = 0;
  }
  for (int i = 0; runs && i < wl->nops; i++) map_run_free(&runs[i]);
  free(runs);
  free(buf);
  ops_workload_free(wl);
  arch_free(as);
  com_arena_free(&a);
}
