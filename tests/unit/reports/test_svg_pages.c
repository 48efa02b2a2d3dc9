/* test_svg_pages — the run report's page builder in process (no browser): a hand-written run
 * document is read back, the page has every chart and table, the numbers in the DOM are the
 * document's, the roofs are the arch's, the sim chart appears only with a `sim` object, the CSV
 * has one row per op, and documents that are not run documents get located errors. */
#include <stdlib.h>

#include "reports/html_run.h"
#include "unit.h"

static const char doc[] =
    "{\"version\": 1, \"workload\": \"w<1>\", \"workload_file\": \"w.yaml\", \"arch\": \"simba-like\",\n"
    " \"arch_file\": \"arch/presets/simba-like.yaml\", \"engine\": \"analytical\",\n"
    " \"total\": {\"cycles\": 3000, \"latency_s\": 3e-06, \"energy_pj\": 960.5, \"area_um2\": null,\n"
    "           \"macs\": 40000, \"dram_bytes\": 3000},\n"
    " \"ops\": [\n"
    "  {\"name\": \"g\", \"kind\": \"gemm\", \"cycles\": 1000, \"latency_s\": 1e-06, \"energy_pj\": 600.25,\n"
    "   \"macs\": 32000, \"dram_bytes\": 1000, \"utilization\": 0.5, \"fused\": false,\n"
    "   \"mapping\": [{\"compute_cycles\": 700, \"fill_drain_cycles\": 20},\n"
    "               {\"compute_cycles\": 100, \"fill_drain_cycles\": 5}],\n"
    "   \"levels\": [{\"name\": \"dram\", \"energy_pj\": 400, \"read_energy_pj\": 300, \"write_energy_pj\": 100, \"bytes\": 1000},\n"
    "              {\"name\": \"gb\", \"energy_pj\": 100.25, \"read_energy_pj\": 60.25, \"write_energy_pj\": 40, \"bytes\": 50}],\n"
    "   \"compute_energy_pj\": 100},\n"
    "  {\"name\": \"a\", \"kind\": \"attention\", \"cycles\": 2000, \"latency_s\": 2e-06, \"energy_pj\": 360.25,\n"
    "   \"macs\": 8000, \"dram_bytes\": 2000, \"utilization\": 0.1, \"fused\": true,\n"
    "   \"fuse\": {\"compute_cycles\": 1500, \"compute_energy_pj\": 60.25, \"dram_energy_pj\": 250,\n"
    "            \"buffer_energy_pj\": 40, \"regfile_energy_pj\": 10}, \"mapping\": [],\n"
    "   \"levels\": [], \"compute_energy_pj\": 0%s}]}\n"; /* a fused op's shape: fuse.* energies */

static const char sim[] = /* the shape reports/sim_report.c writes: engines keyed by name */
    ", \"sim\": {\"cycles\": 2100, \"analytical_cycles\": 2000, \"engines\": {\"dma_load\": {\"busy\": 900, \"idle\": 1200},"
    " \"array\": {\"busy\": 1500, \"stalled_on_input\": 600, \"name\": \"not a counter\"}}}";

static char *page(const char *extra, const arch_spec *a, bool csv) {
  char text[sizeof doc + sizeof sim];
  snprintf(text, sizeof text, doc, extra);
  rep_run_doc d;
  com_err e = {0};
  char *buf = NULL;
  size_t len = 0;
  if (rep_run_doc_load("doc.json", text, strlen(text), &d, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    rep_run_doc_free(&d);
    return NULL;
  }
  FILE *f = open_memstream(&buf, &len);
  if (csv) rep_csv_run(f, &d);
  else rep_html_run(f, &d, a, "not loaded in this test.");
  fclose(f);
  rep_run_doc_free(&d);
  return buf;
}

static int count(const char *s, const char *pat) {
  int n = 0;
  for (; (s = strstr(s, pat)); s++) n++;
  return n;
}

static void test_page(void) {
  arch_spec *a = NULL;
  com_err e = {0};
  CHECK(arch_load_file("arch/presets/simba-like.yaml", &a, &e) == 0);
  char *s = page("", a, false);
  CHECK(s != NULL);
  if (!s) return;
  CHECK(strstr(s, "<svg id=\"energy-by-level\"") && strstr(s, "<svg id=\"energy-by-action\"") &&
        strstr(s, "<svg id=\"cycles-per-op\"") && strstr(s, "<svg id=\"roofline\""));
  CHECK(strstr(s, "<title>accel-sim run: w&lt;1&gt; on simba-like</title>") != NULL);
  /* the ops table and the bars carry the document's numbers */
  CHECK(strstr(s, "data-field=\"energy_pj\" data-value=\"600.25\"") != NULL);
  CHECK(strstr(s, "data-field=\"cycles\" data-value=\"2000\"") != NULL);
  CHECK(strstr(s, "data-cat=\"g\" data-total=\"600.25\"") != NULL);   /* levels + compute */
  CHECK(strstr(s, "data-cat=\"a\" data-total=\"360.25\"") != NULL);
  CHECK(count(s, "data-cat=\"g\" data-total=\"1000\"") == 1);          /* cycles: 800 + 175 + 25 */
  CHECK(strstr(s, "data-series=\"memory-bound excess\" data-value=\"175\"") != NULL);
  CHECK(strstr(s, "data-series=\"memory-bound excess\" data-value=\"500\"") != NULL); /* fused */
  CHECK(strstr(s, "data-series=\"reads\" data-value=\"360.25\"") != NULL);
  CHECK(strstr(s, "data-series=\"storage of a fused schedule (not split by action)\" data-value=\"300\"") != NULL);
  CHECK(strstr(s, "data-series=\"DRAM (fused)\" data-value=\"250\"") != NULL);
  CHECK(strstr(s, "data-field=\"area_um2\" data-value=\"null\"") != NULL);
  /* roofline: points at MAC/byte, MAC/cycle; roofs from the arch */
  CHECK(strstr(s, "data-op=\"g\" data-intensity=\"32\" data-throughput=\"32\"") != NULL);
  CHECK(strstr(s, "data-op=\"a\" data-intensity=\"4\" data-throughput=\"4\"") != NULL);
  double peak, bw;
  const char *arr;
  rep_roofs(a, &peak, &arr, &bw);
  CHECK(peak > 0 && bw > 0);
  char want[96];
  snprintf(want, sizeof want, "data-macs-per-cycle=\"%.17g\"", peak);
  CHECK(strstr(s, want) != NULL);
  snprintf(want, sizeof want, "data-bytes-per-cycle=\"%.17g\"", bw);
  CHECK(strstr(s, want) != NULL);
  CHECK(strstr(s, "id=\"arch-levels\"") != NULL);
  CHECK(strstr(s, "<summary>workload file: w.yaml (cannot be read here: ") != NULL);
  CHECK(strstr(s, "<summary>architecture file: arch/presets/simba-like.yaml</summary><pre>") != NULL);
  CHECK(strstr(s, "clock_mhz: 1000") != NULL); /* the arch file's text, inline */
  CHECK(strstr(s, "sim-engines") == NULL); /* not simulated: no engine chart */
  CHECK(count(s, "<svg") == count(s, "</svg>"));
  free(s);
  s = page("", NULL, false); /* without the arch: no roofs, and the page says why */
  CHECK(s && strstr(s, "roof-compute") == NULL && strstr(s, "not loaded in this test.") != NULL);
  free(s);
  arch_free(a);
}

static void test_sim(void) {
  char *s = page(sim, NULL, false);
  CHECK(s && strstr(s, "<svg id=\"sim-engines\"") != NULL);
  CHECK(s && strstr(s, "data-cat=\"a/array\" data-total=\"2100\"") != NULL);
  CHECK(s && strstr(s, "data-series=\"idle\" data-value=\"1200\"") != NULL);
  CHECK(s && strstr(s, "data-field=\"sim_cycles\" data-value=\"2100\">2100</td><td class=\"num\" "
                       "data-field=\"analytical_cycles\" data-value=\"2000\"") != NULL);
  free(s);
}

static void test_csv(void) {
  char *s = page("", NULL, true);
  CHECK(s && count(s, "\n") == 3);
  CHECK(s && strncmp(s, "op,kind,fused,cycles,latency_s,energy_pj,", 41) == 0);
  CHECK(s && strstr(s, "\ng,gemm,false,1000,9.9999999999999995e-07,600.25,32000,1000,0.5,800,25,100,360.25,140,32,32\n"));
  CHECK(s && strstr(s, "\na,attention,true,2000,1.9999999999999999e-06,360.25,8000,2000,0.10000000000000001,1500,0,60.25,,,4,4\n"));
  free(s);
}

static void bad(const char *text, const char *want) {
  rep_run_doc d;
  com_err e = {0};
  int rc = rep_run_doc_load("bad.json", text, strlen(text), &d, &e);
  rep_run_doc_free(&d);
  CHECK(rc == -1 && e.kind == COM_EINPUT);
  if (!strstr(e.msg, want)) fprintf(stderr, "got: %s\nwant: %s\n", e.msg, want);
  CHECK(strstr(e.msg, want) != NULL);
}

static void test_errors(void) {
  bad("{\"a\": 1}", "bad.json:1:1: error: not an accel-sim run document");
  bad("[1, 2]", "not an accel-sim run document");
  bad("{\"version\": 2, \"ops\": []}", "bad.json:1:13: error: run document version 2 is not supported");
  bad("{\"version\": 1, \"ops\": [", "bad.json:2:1: error: invalid YAML");
  bad("{\"version\": 1, \"workload\": \"w\", \"workload_file\": \"f\", \"arch\": \"a\", \"arch_file\": \"f\",\n"
      " \"engine\": \"analytical\", \"total\": {\"cycles\": \"many\"}, \"ops\": []}",
      "bad.json:2:46: error: 'cycles' must be a number");
}

int main(void) {
  test_page();
  test_sim();
  test_csv();
  test_errors();
  UNIT_DONE();
}
