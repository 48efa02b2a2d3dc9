/*
 * cmd_sim — `accel-sim lower` and `accel-sim sim` (see cmd_sim.h). Both map every op like
 * `accel-sim run` (search, or fixed mappings with --mapping), then lower each einsum's mapping
 * to a tile program; `sim` simulates all of them in one SystemC elaboration.
 * Exit 0 ok, 1 failure (deadlock, simulator), 2 usage/input.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmd_sim.h"
#include "cli/func.h"
#include "cli/load.h"
#include "reports/sim_report.h"
#include "common/num.h"
#include "sim/core/lower.h"
#include "sim/sim.h"

typedef struct sc_ctx {
  cli_session s;
  com_ydoc *mdoc;
  map_op_run *runs;
  int done;
} sc_ctx;

static void sc_free(sc_ctx *c) {
  for (int i = 0; c->runs && i < c->done; i++) map_run_free(&c->runs[i]);
  free(c->runs);
  com_ydoc_free(c->mdoc);
  cli_session_free(&c->s);
}

/* Loads the workload and maps every op. Returns CLI_OK or an exit status (error printed). */
static int sc_map(const char *cmd, const char *wl, const char *arch, const char *jobs,
                  const char *limit, const char *mapping, sc_ctx *c) {
  uint64_t threads = 0;
  double tl = 0;
  if (cli_parse_search_limits(cmd, jobs, limit, &threads, &tl)) return CLI_USAGE;
  com_err e = {0};
  if (cli_session_load(wl, arch, &c->s, &e)) return cli_report_error(e.msg, e.kind);
  c->done = 0;
  if (jobs) c->s.map.threads = threads;
  if (limit) c->s.map.time_limit_s = tl;
  if ((mapping && com_ydoc_load_file(mapping, NULL, &c->mdoc, &e)) ||
      cli_session_map(&c->s, c->mdoc ? c->mdoc->root : NULL, &c->runs, &c->done, &e))
    return cli_report_error(e.msg, e.kind);
  return CLI_OK;
}

void cli_sim_options(const map_options *o, sim_config *cfg) {
  if (o->ideal_memory) cfg->ideal_memory = true;
  cfg->dram_rows = o->dram;
}

static const char lower_help[] =
    "usage: accel-sim lower WORKLOAD.yaml [--arch FILE] [--tiles N] [--mapping FILE] [-j N]\n"
    "                       [--time-limit S] [--dram-layout]\n\n"
    "Maps every op (as `accel-sim run` does) and prints each einsum's tile program: the\n"
    "array geometry, each tensor's home level, tile, buffers and generations, the first N\n"
    "tiles (default 8) with their loads, compute and stores and the tokens they wait for, and\n"
    "the counts. The program is checked for deadlock. docs/simulator.md.\n";

int cli_cmd_lower(int argc, char **argv) {
  const char *arch = NULL, *tiles = NULL, *mapping = NULL, *jobs = NULL, *limit = NULL,
             *layout = NULL, *pos[1];
  cli_opt opts[] = {{"--arch", true, &arch},     {"--tiles", true, &tiles},
                    {"--mapping", true, &mapping}, {"-j", true, &jobs},
                    {"--time-limit", true, &limit}, {"--dram-layout", false, &layout}};
  int npos, st = cli_args_parse("lower", argc, argv, opts, 6, pos, 1, &npos);
  if (st == 1) { fputs(lower_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 1) return cli_usage_error("lower", "expected one workload file");
  uint64_t first = 8;
  if (tiles && (com_parse_u64(tiles, &first) != COM_NUM_OK || first > 1000000))
    return cli_usage_error("lower", "--tiles needs a count from 0 to 1000000, got '%s'", tiles);
  sc_ctx c = {0};
  int rc = sc_map("lower", pos[0], arch, jobs, limit, mapping, &c);
  for (int i = 0; rc == CLI_OK && i < c.done; i++) {
    printf("op %s\n", c.runs[i].op->name);
    if (c.runs[i].fused) /* no per-einsum mapping: `accel-sim sim` replays its pipeline */
      printf("  fused schedule %s: no per-einsum tile program (accel-sim sim simulates its "
             "pipeline, docs/simulator.md)\n", ops_attn_schedule_name(c.runs[i].fuse.schedule));
    for (int k = 0; k < c.runs[i].n; k++) {
      sim_prog p;
      com_err e = {0};
      map_einsum_run *er = &c.runs[i].es[k];
      if (sim_lower(&er->t, &er->m, layout != NULL, &p, &e) || sim_lower_check(&p, 256, &e)) {
        rc = cli_report_error(e.msg, e.kind);
        break;
      }
      sim_lower_print(stdout, &p, first);
      printf("  deadlock check: ok (first %" PRIu64 " tiles executed untimed)\n",
             p.tiles < 256 ? p.tiles : 256);
    }
  }
  sc_free(&c);
  return rc;
}

static const char sim_help[] =
    "usage: accel-sim sim WORKLOAD.yaml [--arch FILE] [--json] [--ideal] [--dram-layout]\n"
    "                     [--quantum N] [--dram-latency N] [--outstanding N] [--mapping FILE]\n"
    "                     [-j N] [--time-limit S] [--trace FILE.json] [--vcd FILE.vcd]\n\n"
    "Maps every op, lowers each einsum's mapping to a tile program and runs the cycle-\n"
    "approximate SystemC simulator on all of them (one elaboration). Prints simulated cycles\n"
    "next to the analytical model's, the breakdown (compute, bank conflicts, pipeline bubbles,\n"
    "fill/drain, DMA stall), per-engine utilization and simulated cycles per second. With\n"
    "`simulate: {functional: true}` every MAC einsum also runs on real data along its mapping\n"
    "and is compared with the golden kernel (exit 1 when a datapath misses its guarantee).\n"
    "A fused attention op (every schedule: architecture, fusemax, cascade, flash, flat) runs\n"
    "as its step pipeline (docs/simulator.md, \"Fused attention schedules\").\n\n"
    "  --ideal           DRAM with infinite bandwidth and zero latency\n"
    "  --dram-layout     tiles keep their DRAM layout in the scratchpad (bank conflicts)\n"
    "  --quantum N       TLM global quantum in cycles (default 1000)\n"
    "  --dram-latency N  DRAM access latency in cycles (default 100)\n"
    "  --outstanding N   DMA requests in flight per queue (default 8, at most 64)\n"
    "  --trace FILE      write a Chrome/Perfetto trace (ui.perfetto.dev): one track per\n"
    "                    engine, one slice per tile operation (at most 1,000,000)\n"
    "  --vcd FILE        write a Value Change Dump (GTKWave): one wire per engine, 1 while\n"
    "                    it is busy, one time unit per cycle (at most 1,000,000 intervals)\n";

static int sc_u64(const char *v, const char *what, uint64_t max, uint64_t *out) {
  if (!v) return 0;
  if (com_parse_u64(v, out) != COM_NUM_OK || *out > max)
    return cli_usage_error("sim", "%s needs an integer from 0 to %" PRIu64 ", got '%s'", what, max, v);
  return 0;
}

int cli_cmd_sim(int argc, char **argv) {
  const char *arch = NULL, *json = NULL, *ideal = NULL, *layout = NULL, *quantum = NULL,
             *lat = NULL, *outst = NULL, *mapping = NULL, *jobs = NULL, *limit = NULL,
             *trace = NULL, *vcd = NULL, *pos[1];
  cli_opt opts[] = {{"--arch", true, &arch},         {"--json", false, &json},
                    {"--ideal", false, &ideal},      {"--dram-layout", false, &layout},
                    {"--quantum", true, &quantum},   {"--dram-latency", true, &lat},
                    {"--outstanding", true, &outst}, {"--mapping", true, &mapping},
                    {"-j", true, &jobs},             {"--time-limit", true, &limit},
                    {"--trace", true, &trace},       {"--vcd", true, &vcd}};
  int npos, st = cli_args_parse("sim", argc, argv, opts, 12, pos, 1, &npos);
  if (st == 1) { fputs(sim_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 1) return cli_usage_error("sim", "expected one workload file");
  sim_config cfg;
  sim_config_default(&cfg);
  cfg.ideal_memory = ideal != NULL;
  cfg.dram_layout = layout != NULL;
  cfg.trace_path = trace;
  cfg.vcd_path = vcd;
  if (sc_u64(quantum, "--quantum", UINT64_C(1) << 40, &cfg.quantum) ||
      sc_u64(lat, "--dram-latency", UINT64_C(1) << 32, &cfg.dram_latency) ||
      sc_u64(outst, "--outstanding", 64, &cfg.dma_outstanding))
    return CLI_USAGE;
  if (quantum && !cfg.quantum) return cli_usage_error("sim", "--quantum must be at least 1");
  if (outst && !cfg.dma_outstanding) return cli_usage_error("sim", "--outstanding must be at least 1");
  sc_ctx c = {0};
  int rc = sc_map("sim", pos[0], arch, jobs, limit, mapping, &c);
  if (rc == CLI_OK) cli_sim_options(&c.s.map, &cfg);
  int total = 0;
  for (int i = 0; i < c.done; i++) total += c.runs[i].n;
  sim_result *res = rc == CLI_OK ? calloc((size_t)(total ? total : 1), sizeof *res) : NULL;
  sim_result *fres = rc == CLI_OK ? calloc((size_t)(c.done ? c.done : 1), sizeof *fres) : NULL;
  sim_stats sst = {0};
  com_err e = {0};
  if (rc == CLI_OK && (!res || !fres)) rc = cli_report_error("error: out of memory", COM_EFAIL);
  else if (rc == CLI_OK &&
           sim_run_ops_fused(c.runs, c.done, c.s.arch, &cfg, res, fres, &sst, &e))
    rc = cli_report_error(e.msg, e.kind);
  cli_func fn = {0};
  bool functional = rc == CLI_OK && c.s.map.functional;
  if (functional && cli_func_run(c.s.map.data, c.runs, c.done, &fn, &e)) {
    rc = cli_report_error(e.msg, e.kind);
    functional = false;
  }
  if (rc == CLI_OK && json)
    rep_sim_doc(stdout, c.s.workload->name, c.runs, c.done, res, fres, &sst, cfg.ideal_memory,
                functional ? cli_func_json : NULL, &fn);
  else if (rc == CLI_OK) rep_sim_table(stdout, c.runs, c.done, res, fres, &sst, cfg.ideal_memory);
  if (functional && !json) printf("functional mode: each MAC einsum on seeded/.npy data vs golden\n");
  for (int i = 0, n = 0; functional && !json && i < c.done; i++)
    for (int k = 0; k < c.runs[i].n; k++) {
      char name[2 * OPS_NAME_MAX + 2];
      snprintf(name, sizeof name, "%s.%s", c.runs[i].op->name, c.runs[i].es[k].t.es->name);
      cli_func_text(stdout, n++, name, &fn);
    }
  if (rc == CLI_OK && fn.failed) {
    fprintf(stderr, "accel-sim sim: the functional mode found %d einsum%s whose datapath missed "
                    "its guarantee against golden\n", fn.failed, fn.failed == 1 ? "" : "s");
    rc = CLI_FAIL;
  }
  cli_func_free(&fn);
  free(res);
  free(fres);
  sc_free(&c);
  return rc;
}
