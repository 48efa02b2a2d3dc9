/* test_svg_files — rep_run_write_files end to end in process: a real workload is mapped, its
 * report files are written for `report: {formats: [json, csv, html]}`, and each is checked:
 * the JSON reads back as a run document (also through `report --json` in process), the CSV has one row per op, the page has the charts
 * and the roofs of the run's own arch; a directory that cannot be made is a failure (exit 1). */
#include <stdlib.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/load.h"
#include "reports/html_files.h"
#include "reports/html_run.h"
#include "capture.h"
#include "unit.h"

int main(void) {
  cli_session s;
  com_err e = {0};
  map_op_run *runs = NULL;
  int done = 0;
  if (cli_session_load("tests/sweep/tiny-gemm.yaml", NULL, &s, &e) || cli_session_map(&s, NULL, &runs, &done, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return 1;
  }
  char dir[] = "/tmp/accel-report-XXXXXX", out[sizeof dir + 8], path[sizeof dir + 64];
  CHECK(mkdtemp(dir) != NULL);
  snprintf(out, sizeof out, "%s/out", dir);
  rep_run r = {.workload = "tiny gemm/1", .workload_file = s.workload->file, .arch_file = s.arch_file,
               .arch = s.arch, .nops = s.workload->nops, .ops = runs};
  rep_options o = {out, REP_JSON | REP_CSV | REP_HTML};
  CHECK(rep_run_write_files(&r, &o, &e) == 0);

  snprintf(path, sizeof path, "%s/tiny_gemm_1.json", out);
  rep_run_doc d;
  CHECK(rep_run_doc_load(path, NULL, 0, &d, &e) == 0 && d.nops == 1 && d.ops[0].cycles > 0);
  rep_run_doc_free(&d);
  /* the same JSON through `accel-sim report --json` in process */
  char log[sizeof dir + 16], csv2[sizeof dir + 16];
  snprintf(log, sizeof log, "%s/report.out", dir);
  snprintf(csv2, sizeof csv2, "%s/again.csv", dir);
  char *argv[] = {"report", path, "--csv", csv2, "--json", NULL};
  CHECK(capture(cli_cmd_report, log, 5, argv) == 0);
  char *printed = slurp(log);
  CHECK(printed && field(printed, "\"kind\": \"run\"", "ops") == 1);
  unlink(log);
  unlink(csv2);
  snprintf(path, sizeof path, "%s/tiny_gemm_1.csv", out);
  char *csv = slurp(path);
  CHECK(csv && strncmp(csv, "op,kind,fused,", 14) == 0 && strstr(csv, "\ng,gemm,false,") != NULL);
  snprintf(path, sizeof path, "%s/tiny_gemm_1.html", out);
  char *html = slurp(path);
  CHECK(html && strstr(html, "<svg id=\"roofline\"") && strstr(html, "id=\"roof-compute\"") &&
        strstr(html, "id=\"roof-dram\"") && strstr(html, "<svg id=\"energy-by-level\""));

  rep_options bad = {"/nonexistent-dir/out", REP_HTML};
  e = (com_err){0};
  CHECK(rep_run_write_files(&r, &bad, &e) == -1 && e.kind == COM_EFAIL);
  CHECK(strstr(e.msg, "/nonexistent-dir/out: error: cannot write the report directory: ") != NULL);
  rep_options none = {"/nonexistent-dir/out", REP_TEXT}; /* text only: nothing to write, no directory */
  CHECK(rep_run_write_files(&r, &none, &e) == 0);

  const char *exts[] = {"json", "csv", "html"};
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/tiny_gemm_1.%s", out, exts[i]);
    unlink(path);
  }
  rmdir(out);
  rmdir(dir);
  for (int i = 0; i < done; i++) map_run_free(&runs[i]);
  free(runs);
  cli_session_free(&s);
  UNIT_DONE();
}
