/*
 * simeng — the cycle-approximate simulator as the engine of a design point (docs/sweeps.md):
 * the point's mapped ops (map_run_op, as for the analytical engine) are simulated with
 * sim_run_ops in a forked child (child.h: one SystemC elaboration per process), configured as
 * `accel-sim sim` configures it from the workload's `simulate:` section; cycles, energy, DRAM
 * bytes and utilization come from the simulation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"
#include "sweep/child.h"
#include "sweep/sweep.h"

typedef struct se_job {
  const map_op_run *runs;
  int nops;
  const map_options *mo;
} se_job;

typedef struct se_msg {
  int ok;
  char error[COM_ERR_MAX];
  uint64_t cycles, dram_bytes;
  double energy_pj, busy; /* busy: sum of utilization x cycles */
} se_msg;

/* In the child: simulate and sum over the einsums. */
static void se_child(const void *arg, void *out, size_t size) {
  const se_job *j = arg;
  se_msg *m = out;
  (void)size;
  int n = 0;
  for (int i = 0; i < j->nops; i++) n += j->runs[i].n;
  sim_result *res = calloc((size_t)(n ? n : 1), sizeof *res);
  if (!res) {
    snprintf(m->error, sizeof m->error, "out of memory in the simulator process");
    return;
  }
  sim_config cfg;
  sim_config_default(&cfg);
  cfg.ideal_memory = j->mo->ideal_memory; /* as `accel-sim sim` takes the simulate: section */
  cfg.dram_rows = j->mo->dram;
  sim_stats st;
  com_err e = {0};
  if (sim_run_ops(j->runs, j->nops, &cfg, res, &st, &e)) {
    snprintf(m->error, sizeof m->error, "%s", strncmp(e.msg, "error: ", 7) == 0 ? e.msg + 7 : e.msg);
  } else {
    m->ok = 1;
    for (int k = 0; k < n; k++) {
      m->cycles += res[k].cycles;
      m->energy_pj += res[k].energy_pj;
      m->dram_bytes += res[k].dram_read_bytes + res[k].dram_write_bytes;
      m->busy += res[k].utilization * (double)res[k].cycles;
    }
  }
  free(res);
}

int swp_sim_ops(const map_op_run *runs, int nops, const map_options *mo, double clock_hz, swp_metrics *m,
                com_err *e) {
  for (int i = 0; i < nops; i++)
    if (runs[i].fused)
      return com_err_plain(e, COM_EINPUT, "op %s uses the fused schedule '%s', which the cycle simulator "
                           "does not run (unfused ops only; docs/fusemax.md)", runs[i].op->name,
                           ops_attn_schedule_name(runs[i].op->shape.attn.schedule));
  se_job job = {runs, nops, mo};
  se_msg msg;
  char why[COM_ERR_MAX - 64];
  if (swp_child_run(se_child, &job, &msg, sizeof msg, SWP_SIM_TIMEOUT_S, why, sizeof why))
    return com_err_plain(e, COM_EFAIL, "cycle simulation: %s", why);
  msg.error[sizeof msg.error - 1] = 0;
  if (!msg.ok) return com_err_plain(e, COM_EFAIL, "cycle simulation: %s", msg.error);
  m->cycles = msg.cycles;
  m->dram_bytes = msg.dram_bytes;
  m->energy_pj = msg.energy_pj;
  m->latency_s = clock_hz > 0 ? (double)msg.cycles / clock_hz : 0;
  m->utilization = msg.cycles ? msg.busy / (double)msg.cycles : 0;
  return 0;
}
