/*
 * cmd_run — `accel-sim [run] WORKLOAD.yaml`, `accel-sim map WORKLOAD.yaml` and
 * `accel-sim eval WORKLOAD.yaml --mapping MAP.yaml`: one driver, three outputs.
 *   run   searches a mapping for every einsum of every op and prints the report (text or JSON);
 *   map   prints the search figures and the best mappings as a mapping file `eval` reads back;
 *   eval  evaluates the mappings of a mapping file (einsums it does not name are searched).
 * With `--engine cycle` (or `simulate: {engine: cycle}`) run and eval also run the cycle
 * simulator on the same mappings and add its figures to the report (a `sim` object per op and
 * einsum). Exit 0 ok, 1 failure, 2 usage/input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/cmd_sim.h"
#include "cli/commands.h"
#include "cli/func.h"
#include "cli/load.h"
#include "reports/html_files.h"
#include "reports/run_report.h"

enum { RUN_RUN, RUN_MAP, RUN_EVAL };

static const char *const run_helps[] = {
    "usage: accel-sim [run] WORKLOAD.yaml [--arch FILE] [--json] [-j N] [--time-limit S]\n"
    "                       [--engine analytical|cycle] [--trace FILE.json] [--vcd FILE.vcd]\n\n"
    "Maps every op of the workload onto its architecture (exhaustive search of the declared\n"
    "mapspace, see docs/mapper.md) and reports cycles, latency, energy by level and action,\n"
    "utilization, area and DRAM traffic against its lower bound; then plans the whole network in\n"
    "the largest on-chip buffer (docs/scheduling.md) and adds its spill/reload traffic.\n\n",
    "usage: accel-sim map WORKLOAD.yaml [--arch FILE] [--json] [-j N] [--time-limit S]\n\n"
    "Searches the best mapping of every einsum and prints it as a mapping file (with the\n"
    "mapspace size, mappings evaluated and valid, and search time as comments) that\n"
    "`accel-sim eval --mapping` reads back.\n\n",
    "usage: accel-sim eval WORKLOAD.yaml --mapping MAP.yaml [--arch FILE] [--json] [-j N]\n"
    "                       [--engine analytical|cycle] [--trace FILE.json] [--vcd FILE.vcd]\n\n"
    "Evaluates fixed mappings: MAP.yaml is a list of Timeloop-style directives (for every\n"
    "einsum) or {mappings: [{op: NAME, einsum: NAME, mapping: [...]}]}; einsums it does not\n"
    "name are searched.\n\n"};
static const char run_opts_help[] =
    "  --arch FILE       use this architecture instead of the workload's `arch:`\n"
    "  --json            machine-readable report on stdout (docs/report-fields.md)\n"
    "  -j N              search threads (default: the workload's mapper.threads, 0 = all cores)\n"
    "  --time-limit S    seconds per einsum search (default: mapper.time_limit_s)\n"
    "  --mapping FILE    (eval) the mapping file\n"
    "  --engine E        (run, eval) analytical (default: the workload's simulate.engine) or\n"
    "                    cycle: also simulate every einsum and fused op, flat included\n"
    "                    (docs/simulator.md), and report, per\n"
    "                    op and einsum, simulated cycles, breakdown, engine stalls, bandwidth,\n"
    "                    bank conflicts and energy from simulated counts\n"
    "  --trace FILE      (cycle) Chrome/Perfetto trace of the simulation\n"
    "  --vcd FILE        (cycle) Value Change Dump of the engines' busy signals (GTKWave)\n"
    "  --html FILE       (run, eval) also write the report as a self-contained HTML page with\n"
    "                    SVG charts (docs/reports.md)\n"
    "  --csv FILE        (run, eval) also write one CSV row per op (docs/reports.md)\n"
    "  --help            print this help\n";
static const char *const run_names[] = {"run", "map", "eval"};

/* Simulates every einsum and fused op of runs[0..done) in one elaboration; (*sim)[i] points at
 * einsum i's result (run order), (*fres)[op] is a fused op's. Returns CLI_OK or an exit status. */
static int run_simulate(const cli_session *s, const map_op_run *runs, int done, const char *trace,
                        const char *vcd, sim_result **res, sim_result **fres,
                        const sim_result ***sim, sim_stats *st) {
  com_err e = {0};
  int n = 0;
  for (int i = 0; i < done; i++) n += runs[i].n;
  *res = calloc((size_t)(n ? n : 1), sizeof **res);
  *fres = calloc((size_t)(done ? done : 1), sizeof **fres);
  *sim = calloc((size_t)(n ? n : 1), sizeof **sim);
  if (!*res || !*fres || !*sim) return cli_report_error("error: out of memory", COM_EFAIL);
  sim_config cfg;
  sim_config_default(&cfg);
  cli_sim_options(&s->map, &cfg);
  cfg.trace_path = trace;
  cfg.vcd_path = vcd;
  if (sim_run_ops_fused(runs, done, s->arch, &cfg, *res, *fres, st, &e))
    return cli_report_error(e.msg, e.kind);
  for (int i = 0; i < n; i++) (*sim)[i] = &(*res)[i];
  return CLI_OK;
}

static int run_driver(int mode, int argc, char **argv) {
  const char *cmd = run_names[mode];
  const char *arch = NULL, *json = NULL, *jobs = NULL, *limit = NULL, *mapping = NULL,
             *engine = NULL, *trace = NULL, *vcd = NULL, *html = NULL, *csv = NULL, *pos[1];
  cli_opt opts[] = {{"--arch", true, &arch},        {"--json", false, &json},
                    {"-j", true, &jobs},             {"--time-limit", true, &limit},
                    {"--mapping", true, &mapping},   {"--engine", true, &engine},
                    {"--trace", true, &trace},       {"--vcd", true, &vcd},
                    {"--html", true, &html},         {"--csv", true, &csv}};
  int npos, st = cli_args_parse(cmd, argc, argv, opts, 10, pos, 1, &npos);
  if (st == 1) {
    fputs(run_helps[mode], stdout);
    fputs(run_opts_help, stdout);
    return CLI_OK;
  }
  if (st) return st;
  if (npos != 1) return cli_usage_error(cmd, "expected one workload file");
  if (mode == RUN_EVAL && !mapping) return cli_usage_error(cmd, "--mapping FILE is required");
  if (mode != RUN_EVAL && mapping) return cli_usage_error(cmd, "--mapping is for accel-sim eval");
  if (mode == RUN_MAP && (engine || trace || vcd || html || csv))
    return cli_usage_error(cmd, "--engine, --trace, --vcd, --html and --csv are for accel-sim run and eval");
  int forced = -1;
  for (int g = MAP_ENGINE_ANALYTICAL; engine && g <= MAP_ENGINE_CYCLE; g++)
    if (strcmp(engine, map_engine_name((map_engine)g)) == 0) forced = g;
  if (engine && forced < 0)
    return cli_usage_error(cmd, "--engine must be analytical or cycle, got '%s'", engine);
  uint64_t threads = 0;
  double tl = 0;
  if (cli_parse_search_limits(cmd, jobs, limit, &threads, &tl)) return CLI_USAGE;
  cli_session s;
  com_err e = {0};
  if (cli_session_load(pos[0], arch, &s, &e)) return cli_report_error(e.msg, e.kind);
  if (forced >= 0) s.map.engine = (map_engine)forced;
  bool cycle = s.map.engine == MAP_ENGINE_CYCLE && mode != RUN_MAP;
  if (!cycle && (trace || vcd)) {
    cli_session_free(&s);
    return cli_usage_error(cmd, "--trace and --vcd need the cycle engine (--engine cycle)");
  }
  if (s.map.search == MAP_SEARCH_RANDOM)
    fprintf(stderr, "accel-sim %s: note: `search: %s` is not available yet; using the exhaustive "
                    "search of the declared mapspace (docs/mapper.md)\n",
            cmd, map_search_name(s.map.search));
  if (jobs) s.map.threads = threads;
  if (limit) s.map.time_limit_s = tl;
  com_ydoc *mdoc = NULL;
  const ops_workload *w = s.workload;
  map_op_run *runs = NULL;
  sim_result *res = NULL, *fres = NULL;
  const sim_result **sim = NULL;
  sim_stats sst = {0};
  int done = 0, rc = CLI_OK;
  if ((mapping && com_ydoc_load_file(mapping, NULL, &mdoc, &e)) ||
      cli_session_map(&s, mdoc ? mdoc->root : NULL, &runs, &done, &e))
    rc = cli_report_error(e.msg, e.kind);
  if (rc == CLI_OK && cycle) rc = run_simulate(&s, runs, done, trace, vcd, &res, &fres, &sim, &sst);
  cli_func fn = {0};
  bool functional = rc == CLI_OK && s.map.functional && mode != RUN_MAP;
  if (functional && cli_func_run(s.map.data, runs, done, &fn, &e)) rc = cli_report_error(e.msg, e.kind);
  if (rc == CLI_OK) {
    /* the whole network: the workload's graph planned in the largest on-chip level, for the
     * spill/reload traffic the per-op figures leave out (mapper/network.h) */
    map_network net;
    if (mode != RUN_MAP) map_network_plan(w, s.arch, runs, s.map.time_limit_s, &net);
    rep_run r = {w->name, w->file, s.arch_file, s.arch, w->nops, runs,
                 mode != RUN_MAP ? &net : NULL, sim, fres, cycle ? &sst : NULL,
                 cycle && s.map.ideal_memory, NULL, NULL, NULL};
    if (functional) {
      r.einsum_json = cli_func_json;
      r.einsum_text = cli_func_text;
      r.einsum_ctx = &fn;
    }
    if (json) rep_run_json(stdout, &r);
    else if (mode == RUN_MAP) rep_run_mapfile(stdout, &r);
    else rep_run_text(stdout, &r, mode == RUN_RUN);
    /* the files the workload's `report:` section and --html/--csv ask for */
    if (mode != RUN_MAP && (rep_run_write_files(&r, &s.report, &e) ||
                            (html && rep_run_write_path(&r, REP_HTML, html, &e)) ||
                            (csv && rep_run_write_path(&r, REP_CSV, csv, &e))))
      rc = cli_report_error(e.msg, e.kind);
    if (rc == CLI_OK && fn.failed) {
      fprintf(stderr, "accel-sim %s: the functional mode found %d einsum%s whose datapath missed "
                      "its guarantee against golden\n", cmd, fn.failed, fn.failed == 1 ? "" : "s");
      rc = CLI_FAIL;
    }
  }
  cli_func_free(&fn);
  for (int i = 0; runs && i < done; i++) map_run_free(&runs[i]);
  free(runs);
  free(res);
  free(fres);
  free(sim);
  com_ydoc_free(mdoc);
  cli_session_free(&s);
  return rc;
}

int cli_cmd_run(int argc, char **argv) { return run_driver(RUN_RUN, argc, argv); }
int cli_cmd_map(int argc, char **argv) { return run_driver(RUN_MAP, argc, argv); }
int cli_cmd_eval(int argc, char **argv) { return run_driver(RUN_EVAL, argc, argv); }
