/* cmd_report — `accel-sim report RESULTS.json|RESULTS.sqlite --html OUT [--csv OUT] [--json]`:
 * turns a run document or a sweep database into a self-contained HTML page and/or CSV
 * (docs/reports.md). The input kind is decided by content: the SQLite header, else JSON. */
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/json.h"
#include "reports/html_page.h"
#include "reports/html_run.h"
#include "sweep/db.h"

static const char report_help[] =
    "usage: accel-sim report RESULTS.json|RESULTS.sqlite [--html OUT.html] [--csv OUT.csv] [--json]\n\n"
    "Writes a self-contained HTML report (inline SVG charts and the tables behind them, no scripts,\n"
    "no network) and/or a CSV table of a result:\n"
    "  - the JSON of `accel-sim run --json`: energy by level and by action, cycles per operator,\n"
    "    a roofline, the simulator's engines when simulated; CSV: one row per operator;\n"
    "  - a sweep database (`accel-sim sweep --db`): the latency/energy Pareto scatter with the front,\n"
    "    the front and every point; CSV: one row per point.\n"
    "The kind of input is recognized by its content. docs/reports.md describes every chart and column.\n\n"
    "  --html FILE  write the HTML page\n"
    "  --csv FILE   write the CSV table\n"
    "  --json       print what was written as JSON on stdout\n"
    "  --help       print this help\n";

/* 1: SQLite database, 0: something else, -1: unreadable. */
static int is_sqlite(const char *path) {
  static const char magic[16] = "SQLite format 3";
  char head[16];
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  size_t n = fread(head, 1, sizeof head, f);
  fclose(f);
  return n == sizeof head && memcmp(head, magic, sizeof magic) == 0;
}

static int run_report(const char *in, const char *html, const char *csv, int *nops, com_err *e) {
  rep_run_doc d;
  int rc = rep_run_doc_load(in, NULL, 0, &d, e);
  *nops = d.nops;
  if (!rc && html) {
    char note[COM_ERR_MAX + 128] = "";
    arch_spec *a = rep_run_doc_arch(&d, note, sizeof note);
    FILE *f = fopen(html, "w");
    if (!f) rc = rep_err_write(e, html, "HTML file");
    else {
      rep_html_run(f, &d, a, note);
      if (fclose(f) != 0) rc = rep_err_write(e, html, "HTML file");
    }
    arch_free(a);
  }
  if (!rc && csv) {
    FILE *f = fopen(csv, "w");
    if (!f) rc = rep_err_write(e, csv, "CSV file");
    else {
      rep_csv_run(f, &d);
      if (fclose(f) != 0) rc = rep_err_write(e, csv, "CSV file");
    }
  }
  rep_run_doc_free(&d);
  return rc;
}

int cli_cmd_report(int argc, char **argv) {
  const char *html = NULL, *csv = NULL, *json = NULL, *pos[1];
  cli_opt opts[] = {{"--html", true, &html}, {"--csv", true, &csv}, {"--json", false, &json}};
  int npos, st = cli_args_parse("report", argc, argv, opts, 3, pos, 1, &npos);
  if (st == 1) { fputs(report_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 1) return cli_usage_error("report", "expected one results file (run JSON or sweep database)");
  if (!html && !csv) return cli_usage_error("report", "nothing to write: give --html FILE and/or --csv FILE");
  int kind = is_sqlite(pos[0]), nops = 0;
  if (kind < 0) return cli_usage_error("report", "cannot read '%s'", pos[0]);
  com_err e = {0};
  int rc = kind ? (html && swp_report_html(pos[0], html, &e)) || (csv && swp_report_csv(pos[0], csv, &e))
                : run_report(pos[0], html, csv, &nops, &e);
  if (rc) return cli_report_error(e.msg, e.kind ? e.kind : CLI_FAIL);
  if (json) {
    com_json j;
    com_json_init(&j, stdout);
    com_json_obj_begin(&j, NULL);
    com_json_u64(&j, "version", 1);
    com_json_str(&j, "input", pos[0]);
    com_json_str(&j, "kind", kind ? "sweep" : "run");
    if (!kind) com_json_u64(&j, "ops", (uint64_t)nops);
    com_json_str(&j, "html", html);
    com_json_str(&j, "csv", csv);
    com_json_obj_end(&j);
    com_json_finish(&j);
  } else {
    printf("report of %s (%s)%s%s%s%s\n", pos[0], kind ? "sweep database" : "run document", html ? ": HTML " : "",
           html ? html : "", csv ? ", CSV " : "", csv ? csv : "");
  }
  return CLI_OK;
}
