/* cmd_schedule — `accel-sim schedule GRAPH.yaml | --from-workload W.yaml [--budget LIST]
 * [--fixed-order] [--emit-lp F] [--emit-mps F] [--time-limit S] [--gap G]
 * [--segment-binaries N] [--order-search N] [--plan] [--json]`: graph-level scratchpad planning (COSMA). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/num.h"
#include "mapper/schedule.h"
#include "ops/workload.h"
#include "reports/schedule_report.h"

static const char schedule_help[] =
    "usage: accel-sim schedule GRAPH.yaml [options]\n"
    "       accel-sim schedule --from-workload WORKLOAD.yaml [options]\n\n"
    "Plans which tensors stay in a scratchpad of the given budget, which are spilled to DRAM and\n"
    "retrieved, and where each lives, minimizing non-compulsory off-chip bytes with an ILP\n"
    "(GLPK); compares with linear-allocator baselines (Belady and greedy replacement). Every\n"
    "printed plan has been replayed by an independent checker. See docs/scheduling.md.\n\n"
    "  --budget LIST        comma-separated budgets: M_R, M_H, M_P or byte sizes (512KiB);\n"
    "                       default M_R,M_H,M_P\n"
    "  --fixed-order        keep the file's op order (default: also try a min-peak order, and\n"
    "                       search orders: the ILP on graphs of <= 24 ops, a local search above)\n"
    "  --order-search N     local-search moves over op orders on graphs above 24 ops (default\n"
    "                       300000; 0: none)\n"
    "  --time-limit S       GLPK time limit per window in seconds (default 10)\n"
    "  --gap G              relative MIP gap at which GLPK stops (default 1e-4)\n"
    "  --segment-binaries N split graphs with more residency binaries into windows (default 2000)\n"
    "  --emit-lp FILE       write the (first) residency ILP in CPLEX LP format\n"
    "  --emit-mps FILE      write it in free MPS format\n"
    "  --plan               print the plan step by step (resident tensors with addresses)\n"
    "  --json               print JSON (one budget: {budget_bytes, ilp, baselines, steps, ...})\n"
    "  --help               print this help\n";

/* Parses the numeric options into o; returns 0 or a usage status. */
static int schedule_numbers(const char *tl, const char *gap, const char *seg, const char *moves,
                            map_sched_options *o) {
  if (tl && (com_parse_f64(tl, &o->time_limit_s) != COM_NUM_OK || !(o->time_limit_s > 0) || o->time_limit_s > 86400))
    return cli_usage_error("schedule", "--time-limit takes seconds in (0, 86400], got '%s'", tl);
  if (gap && (com_parse_f64(gap, &o->mip_gap) != COM_NUM_OK || !(o->mip_gap >= 0) || o->mip_gap >= 1))
    return cli_usage_error("schedule", "--gap takes a relative gap in [0, 1), got '%s'", gap);
  uint64_t n;
  if (seg) {
    if (com_parse_u64(seg, &n) != COM_NUM_OK || n > 1000000)
      return cli_usage_error("schedule", "--segment-binaries takes an integer in [0, 1000000], got '%s'", seg);
    o->segment_binaries = (int)n;
  }
  if (moves) {
    if (com_parse_u64(moves, &n) != COM_NUM_OK || n > 100000000)
      return cli_usage_error("schedule", "--order-search takes a move count in [0, 100000000], got '%s'", moves);
    o->order_search_moves = (int)n;
  }
  return 0;
}

int cli_cmd_schedule(int argc, char **argv) {
  const char *json = NULL, *budget = NULL, *fixed = NULL, *lp = NULL, *mps = NULL, *wl = NULL;
  const char *tl = NULL, *gap = NULL, *seg = NULL, *plan = NULL, *moves = NULL, *pos[1];
  cli_opt opts[] = {{"--json", false, &json},          {"--budget", true, &budget},
                    {"--fixed-order", false, &fixed},  {"--emit-lp", true, &lp},
                    {"--emit-mps", true, &mps},        {"--from-workload", true, &wl},
                    {"--time-limit", true, &tl},       {"--gap", true, &gap},
                    {"--segment-binaries", true, &seg}, {"--plan", false, &plan},
                    {"--order-search", true, &moves}};
  int npos = 0;
  int st = cli_args_parse("schedule", argc, argv, opts, (int)(sizeof opts / sizeof *opts), pos, 1, &npos);
  if (st == 1) { fputs(schedule_help, stdout); return CLI_OK; }
  if (st) return st;
  if ((wl != NULL) == (npos == 1)) return cli_usage_error("schedule", "give either one graph file or --from-workload FILE");
  map_sched_options o = map_sched_defaults();
  if ((st = schedule_numbers(tl, gap, seg, moves, &o))) return st;
  o.emit_lp = lp;
  o.emit_mps = mps;
  com_err e = {0};
  map_graph *g = NULL;
  if (wl) {
    ops_workload *w;
    if (ops_workload_load(wl, false, &w, &e)) return cli_report_error(e.msg, e.kind);
    st = map_graph_from_workload(w, &g, &e);
    ops_workload_free(w);
    if (st) return cli_report_error(e.msg, e.kind);
  } else if (map_graph_load_file(pos[0], &g, &e)) {
    return cli_report_error(e.msg, e.kind);
  }
  map_sched_budgets b;
  if (map_sched_budgets_of(g, fixed != NULL, &b, &e)) {
    map_graph_free(g);
    return cli_report_error(e.msg, e.kind);
  }
  char list[1024];
  if (strlen(budget ? budget : "") >= sizeof list) {
    map_sched_budgets_free(&b);
    map_graph_free(g);
    return cli_usage_error("schedule", "--budget list is too long");
  }
  snprintf(list, sizeof list, "%s", budget ? budget : "M_R,M_H,M_P");
  map_sched_result *r = calloc(16, sizeof *r);
  int n = 0, rc = CLI_OK;
  char *save = NULL;
  for (char *tok = strtok_r(list, ",", &save); tok && r; tok = strtok_r(NULL, ",", &save)) {
    uint64_t bytes;
    if (n == 16) { rc = cli_usage_error("schedule", "at most 16 budgets"); break; }
    if (map_sched_budget_parse(tok, &b, &bytes, &e) || map_sched_run(g, &b, bytes, &o, &r[n], &e)) {
      rc = cli_report_error(e.msg, e.kind);
      break;
    }
    n++;
    o.emit_lp = o.emit_mps = NULL; /* export the first budget's model only */
  }
  if (!r) rc = CLI_FAIL;
  if (rc == CLI_OK) {
    if (json) rep_schedule_json(stdout, g, &b, r, n);
    else rep_schedule_text(stdout, g, &b, r, n, plan != NULL);
  }
  for (int k = 0; k < n; k++) map_sched_result_free(&r[k]);
  free(r);
  map_sched_budgets_free(&b);
  map_graph_free(g);
  return rc;
}
