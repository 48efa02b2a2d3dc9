/*
 * sim_run — elaboration, the controller and the C entry points (see sim.h). Defines the
 * sc_main that libsystemc.so references; accel-sim has its own C main and never calls it.
 */
#include <cstdlib>
#include <ctime>
#include <memory>
#include <vector>

#include "sim/sim_engines.h"

int sc_main(int, char **) { return 0; } /* never called: the kernel is driven by sim_run */

static bool sim_once; /* one elaboration per process (SystemC cannot re-elaborate) */

extern "C" bool sim_ran(void) { return sim_once; }

extern "C" void sim_config_default(sim_config *c) {
  *c = sim_config{};
  c->quantum = 1000;
  c->dram_latency = 100;
  c->dma_request_bytes = 4096;
  c->dma_outstanding = 8;
}

/* Sets the DRAM model up for one job on DRAM level d; returns its peak bytes/cycle. */
static double sim_dram_setup(sim_dram *core, const arch_level *d, const sim_config *cfg) {
  uint64_t ch = cfg->dram_channels ? cfg->dram_channels : (d->banks ? d->banks : 1);
  uint64_t burst = cfg->burst_bytes ? cfg->burst_bytes : (d->width_bits >= 8 ? d->width_bits / 8 * 8 : 64);
  double bw = cfg->ideal_memory ? 0 : d->read_bw;
  sim_dram_init(core, ch, bw, cfg->ideal_memory ? 0 : cfg->dram_latency, burst,
                cfg->dma_request_bytes ? cfg->dma_request_bytes : 4096);
  const map_dram_rows *rows = &cfg->dram_rows;
  sim_dram_rows(core, rows->banks, rows->row_bytes, rows->row_hit_cycles, rows->row_miss_cycles);
  return bw;
}

/* A fused op from cycle t: its program's event schedule against the DRAM module's timing core
 * (the DMA and array threads stay idle), then the kernel's time moves to its end. Returns it. */
uint64_t sim_ctrl_mod::run_fused(const sim_fuse_prog *fp, const sim_config *cfg, uint64_t t,
                                 sim_result *r) {
  struct timespec w0, w1;
  clock_gettime(CLOCK_MONOTONIC, &w0);
  *r = sim_result{};
  r->fused = true;
  r->dram_bw_peak = sim_dram_setup(&dram->core, &fp->arch->levels[0], cfg);
  sim_fuse_dma dma = {cfg->dma_request_bytes ? cfg->dma_request_bytes : 4096,
                      cfg->dma_outstanding ? (cfg->dma_outstanding > 64 ? 64 : cfg->dma_outstanding) : 8};
  sim_fuse_exec(fp, &dram->core, t, &dma, r);
  uint64_t end = t + r->cycles, g = sim_clock::global();
  if (end > g) sc_core::wait(sc_core::sc_time((double)(end - g), sc_core::SC_NS));
  clock_gettime(CLOCK_MONOTONIC, &w1);
  r->wall_s = (double)(w1.tv_sec - w0.tv_sec) + 1e-9 * (double)(w1.tv_nsec - w0.tv_nsec);
  r->analytical_cycles = fp->model_cycles;
  r->analytical_compute = fp->model_compute;
  r->analytical_dram_bytes = fp->model_dram_bytes;
  r->dram_requests = dram->core.requests;
  r->row_hits = dram->core.row_hits;
  r->row_misses = dram->core.row_misses;
  uint64_t bytes = r->dram_read_bytes + r->dram_write_bytes;
  double per_byte = fp->model_dram_bytes ? fp->e_dram_pj / (double)fp->model_dram_bytes : 0;
  r->dram_energy_pj = (double)bytes * per_byte;
  r->analytical_energy_pj = fp->energy_pj;
  r->energy_pj = fp->energy_pj - fp->e_dram_pj + r->dram_energy_pj;
  r->compute_pj = fp->e_compute_pj;
  if (sh->trace) sim_trace_slice(sh->trace, SIM_ENG_COUNT, fp->name, t, r->cycles);
  return end;
}

void sim_ctrl_mod::run() {
  uint64_t t = 0;
  for (int i = 0; i < n; i++) {
    const sim_config *cfg = jobs[i].cfg ? jobs[i].cfg : run_cfg;
    if (fuse && fuse[i]) {
      uint64_t end = run_fused(fuse[i], cfg, t, &out[i]);
      total += end - t;
      t = end;
      finished++;
      continue;
    }
    const sim_prog *p = &progs[i];
    sh->cfg = cfg;
    double bw = sim_dram_setup(&dram->core, &p->t->arch->levels[0], cfg);
    uint64_t sp0 = sp->bytes;
    for (int s = 0; s < MAP_NT; s++) {
      sh->loaded[s] = sh->released[s] = 0;
    }
    sh->stored = sh->computed = 0;
    sh->done = 0;
    sh->p = p;
    sh->r = &out[i];
    *sh->r = sim_result{};
    sh->start = t;
    struct timespec w0, w1;
    clock_gettime(CLOCK_MONOTONIC, &w0);
    sh->start_ev.notify(sc_core::SC_ZERO_TIME);
    while (sh->done < SIM_ENG_COUNT) sc_core::wait(sh->done_ev);
    uint64_t end = t;
    for (int k = 0; k < SIM_ENG_COUNT; k++)
      if (sh->finish[k] > end) end = sh->finish[k];
    sim_result *r = sh->r;
    clock_gettime(CLOCK_MONOTONIC, &w1);
    r->wall_s = (double)(w1.tv_sec - w0.tv_sec) + 1e-9 * (double)(w1.tv_nsec - w0.tv_nsec);
    r->cycles = end - t;
    r->analytical_cycles = p->ana.cycles;
    r->analytical_compute = p->ana.compute_cycles + p->ana.fill_drain;
    r->analytical_fill_drain = p->ana.fill_drain;
    r->analytical_dram_bytes = p->ana.dram_bytes;
    uint64_t parts = r->compute + r->bank + r->bubble + r->fill_drain;
    r->dma_stall = r->cycles > parts ? r->cycles - parts : 0;
    for (int k = 0; k < SIM_ENG_COUNT; k++) {
      sim_engine_stats *e = &r->eng[k];
      uint64_t used = e->busy + e->stall_in + e->stall_out;
      e->idle = r->cycles > used ? r->cycles - used : 0;
    }
    r->dram_requests = dram->core.requests;
    r->row_hits = dram->core.row_hits;
    r->row_misses = dram->core.row_misses;
    r->spad_bytes = sp->bytes - sp0;
    r->dram_bw = r->cycles ? (double)(r->dram_read_bytes + r->dram_write_bytes) / (double)r->cycles : 0;
    r->dram_bw_peak = bw;
    r->utilization = r->cycles ? (double)r->compute / (double)r->cycles : 0;
    r->spad_bw = r->cycles ? (double)r->spad_bytes / (double)r->cycles : 0;
    r->analytical_energy_pj = p->ana.energy_pj;
    r->nlevels = p->t->nlevels;
    sim_energy_finish(p, r->tiles, r->lv, &r->points, &r->compute_pj);
    r->dram_energy_pj = r->lv[0].energy_pj;
    r->energy_pj = r->compute_pj;
    for (int j = 0; j < r->nlevels; j++) r->energy_pj += r->lv[j].energy_pj;
    total += r->cycles;
    if (sh->trace) sim_trace_slice(sh->trace, SIM_ENG_COUNT, p->t->es->name, t, end - t);
    t = end;
    finished++;
  }
}

/* The clock the trace and VCD files convert cycles with: the first job's architecture's. */
static double sim_clock_mhz(const sim_job *jobs, const sim_fuse_prog *const *fuse, int n) {
  if (n <= 0) return 1000;
  return fuse && fuse[0] ? fuse[0]->arch->clock_mhz : jobs[0].t->arch->clock_mhz;
}

static int sim_lower_all(const sim_job *jobs, const sim_fuse_prog *const *fuse, int n,
                         const sim_config *c, sim_prog *progs, com_err *e) {
  for (int i = 0; i < n; i++) {
    if (fuse && fuse[i]) continue;
    const sim_config *jc = jobs[i].cfg ? jobs[i].cfg : c;
    if (sim_lower(jobs[i].t, jobs[i].m, jc->dram_layout, &progs[i], e)) return -1;
    if (sim_lower_check(&progs[i], 256, e)) return -1;
  }
  return 0;
}

/* sim_run, where job i is the fused program fuse[i] when fuse and fuse[i] are not NULL. */
static int sim_run_jobs(const sim_job *jobs, const sim_fuse_prog *const *fuse, int n,
                        const sim_config *c, sim_result *out, sim_stats *st, com_err *e) {
  if (sim_once)
    return com_err_plain(e, COM_EFAIL, "the cycle simulator runs once per process (SystemC "
                         "cannot elaborate twice); put every einsum into one sim_run call");
  std::vector<sim_prog> progs((size_t)(n > 0 ? n : 1));
  if (sim_lower_all(jobs, fuse, n, c, progs.data(), e)) return -1;
  sim_once = true;
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); /* keep stdout clean (--json) */
  try {
    uint64_t q = c->quantum ? c->quantum : 1000;
    tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time((double)q, sc_core::SC_NS));
    sim_shared sh;
    sh.cfg = c;
    auto dram = std::make_unique<sim_dram_mod>("dram");
    auto spad = std::make_unique<sim_spad_mod>("spad");
    auto dma = std::make_unique<sim_dma_mod>("dma");
    auto arr = std::make_unique<sim_array_mod>("array");
    auto ctrl = std::make_unique<sim_ctrl_mod>("ctrl");
    ctrl->run_cfg = c;
    dma->dram_ld.bind(dram->ld);
    dma->dram_st.bind(dram->st);
    dma->spad.bind(spad->dma);
    arr->spad.bind(spad->array);
    dma->sh = arr->sh = ctrl->sh = &sh;
    ctrl->jobs = jobs;
    ctrl->progs = progs.data();
    ctrl->fuse = fuse;
    ctrl->out = out;
    ctrl->n = n;
    ctrl->dram = dram.get();
    ctrl->sp = spad.get();
    sim_trace tr;
    static const char *const tracks[] = {"DMA load", "DMA store", "array", "einsums"};
    if (c->trace_path) {
      double mhz = sim_clock_mhz(jobs, fuse, n);
      if (sim_trace_open(&tr, c->trace_path, c->trace_max, mhz, tracks, 4, e)) return -1;
      sh.trace = &tr;
    }
    sim_vcd vcd;
    static const char *const wires[] = {"dma_load", "dma_store", "array"};
    if (c->vcd_path) {
      double mhz = sim_clock_mhz(jobs, fuse, n);
      if (sim_vcd_open(&vcd, c->vcd_path, c->vcd_max, mhz, wires, SIM_ENG_COUNT, e)) {
        if (sh.trace) sim_trace_close(&tr, nullptr);
        return -1;
      }
      sh.vcd = &vcd;
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    sc_core::sc_start();
    clock_gettime(CLOCK_MONOTONIC, &b);
    bool bad = sh.trace && sim_trace_close(&tr, e);
    if (sh.vcd && sim_vcd_close(&vcd, bad ? nullptr : e)) bad = true;
    if (bad) return -1;
    if (ctrl->finished < n) {
      const sim_prog *p = &progs[(size_t)ctrl->finished];
      return com_err_plain(e, COM_EFAIL, "einsum %s: the simulation deadlocked at cycle %llu: "
                           "load DMA at tile %llu waiting for %s; array at tile %llu waiting for "
                           "%s; store DMA at tile %llu waiting for %s",
                           p->t->es->name, (unsigned long long)sim_clock::global(),
                           (unsigned long long)sh.at[SIM_ENG_LOAD],
                           sh.where[SIM_ENG_LOAD] ? sh.where[SIM_ENG_LOAD] : "nothing",
                           (unsigned long long)sh.at[SIM_ENG_ARRAY],
                           sh.where[SIM_ENG_ARRAY] ? sh.where[SIM_ENG_ARRAY] : "nothing",
                           (unsigned long long)sh.at[SIM_ENG_STORE],
                           sh.where[SIM_ENG_STORE] ? sh.where[SIM_ENG_STORE] : "nothing");
    }
    if (st) {
      st->cycles = ctrl->total;
      st->wall_s = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
      st->cycles_per_s = st->wall_s > 0 ? (double)st->cycles / st->wall_s : 0;
      st->quantum = q;
    }
  } catch (const std::exception &x) {
    return com_err_plain(e, COM_EFAIL, "the SystemC kernel failed: %s", x.what());
  }
  return 0;
}

extern "C" int sim_run(const sim_job *jobs, int n, const sim_config *c, sim_result *out,
                       sim_stats *st, com_err *e) {
  return sim_run_jobs(jobs, nullptr, n, c, out, st, e);
}

extern "C" int sim_run_ops_fused(const map_op_run *runs, int nops, const arch_spec *a,
                                 const sim_config *c, sim_result *res, sim_result *fres,
                                 sim_stats *st, com_err *e) {
  std::vector<sim_job> jobs;
  std::vector<const sim_fuse_prog *> fuse;
  std::vector<sim_fuse_prog> fprogs((size_t)(nops > 0 ? nops : 1));
  std::vector<int> fop; /* per job: its op when fused, else -1 */
  for (int i = 0; i < nops; i++) {
    if (runs[i].fused) {
      const ops_op *op = runs[i].op;
      if (!fres)
        return com_err_at(e, op->loc, "op '%s' uses the fused schedule '%s'; this caller "
                          "simulates unfused ops only", op->name,
                          ops_attn_schedule_name(op->shape.attn.schedule));
      if (sim_fuse_build(op, &runs[i].fuse, &fprogs[(size_t)i], e)) return -1;
      fprogs[(size_t)i].arch = a;
      jobs.push_back(sim_job{nullptr, nullptr, nullptr});
      fuse.push_back(&fprogs[(size_t)i]);
      fop.push_back(i);
    }
    for (int k = 0; k < runs[i].n; k++) {
      jobs.push_back(sim_job{&runs[i].es[k].t, &runs[i].es[k].m, nullptr});
      fuse.push_back(nullptr);
      fop.push_back(-1);
    }
  }
  std::vector<sim_result> out(jobs.size() ? jobs.size() : 1);
  if (sim_run_jobs(jobs.data(), fuse.data(), (int)jobs.size(), c, out.data(), st, e)) return -1;
  for (size_t j = 0, k = 0; j < jobs.size(); j++) {
    if (fop[j] >= 0) fres[fop[j]] = out[j];
    else res[k++] = out[j];
  }
  return 0;
}

extern "C" int sim_run_ops(const map_op_run *runs, int nops, const sim_config *c, sim_result *res,
                           sim_stats *st, com_err *e) {
  return sim_run_ops_fused(runs, nops, nullptr, c, res, nullptr, st, e);
}
