/* test_svg — the reports' SVG primitives: nice steps and ticks (linear and log), SI tick labels,
 * escaping, and stacked bars whose data-* numbers are the inputs. */
#include <stdlib.h>

#include "reports/csv.h"
#include "reports/svg.h"
#include "unit.h"

static char *capture(void (*fn)(FILE *, const void *), const void *arg) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  fn(f, arg);
  fclose(f);
  return buf;
}

static void esc_fn(FILE *f, const void *s) { rep_esc(f, s); }
static void csv_fn(FILE *f, const void *s) { rep_csv_field(f, s); }
static void bars_fn(FILE *f, const void *b) { rep_svg_bars(f, b); }

static void test_steps(void) {
  CHECK_NEAR(rep_nice_step(0, 100, 5), 20, 0);
  CHECK_NEAR(rep_nice_step(0, 1, 5), 0.2, 1e-15);
  CHECK_NEAR(rep_nice_step(0, 7, 5), 2, 0);
  CHECK_NEAR(rep_nice_step(0, 3e9, 5), 1e9, 0);
  CHECK_NEAR(rep_nice_step(5, 5, 5), 1, 0); /* empty range */
}

static void test_ticks(void) {
  double t[REP_TICKS_MAX], lo = 3, hi = 97;
  int n = rep_ticks(&lo, &hi, 5, t, REP_TICKS_MAX);
  CHECK(n == 6);
  CHECK_NEAR(lo, 0, 0);
  CHECK_NEAR(hi, 100, 0);
  CHECK_NEAR(t[1], 20, 0);
  CHECK_NEAR(t[5], 100, 0);
  lo = 42, hi = 42; /* one value: widened around it, still covering it */
  n = rep_ticks(&lo, &hi, 5, t, REP_TICKS_MAX);
  CHECK(n >= 2 && lo <= 42 && hi >= 42 && hi > lo);
  lo = 0, hi = 1e6; /* few slots: coarsened, still covering */
  n = rep_ticks(&lo, &hi, 50, t, 4);
  CHECK(n <= 4 && n >= 2 && lo <= 0 && hi >= 1e6);
  lo = 0.03, hi = 4000;
  n = rep_log_ticks(&lo, &hi, t, REP_TICKS_MAX);
  CHECK(n == 7);
  CHECK_NEAR(lo, 0.01, 1e-18);
  CHECK_NEAR(hi, 10000, 1e-9);
  CHECK_NEAR(t[2], 1, 1e-15);
  lo = 1e-20, hi = 1e20; /* 40 decades in at most 5 ticks */
  n = rep_log_ticks(&lo, &hi, t, 5);
  CHECK(n <= 5 && n >= 2 && lo <= 1e-20 && hi >= 1e20 * 0.999);
  lo = -1, hi = 0; /* nothing positive: a default decade */
  n = rep_log_ticks(&lo, &hi, t, REP_TICKS_MAX);
  CHECK(n == 2 && lo == 1 && hi == 10);
}

static void test_si(void) {
  char b[32];
  CHECK_STR(rep_si(b, sizeof b, 0), "0");
  CHECK_STR(rep_si(b, sizeof b, 250), "250");
  CHECK_STR(rep_si(b, sizeof b, 1500), "1.5k");
  CHECK_STR(rep_si(b, sizeof b, 2e11), "200G");
  CHECK_STR(rep_si(b, sizeof b, 999999), "1M"); /* rounds up into the next prefix */
  CHECK_STR(rep_si(b, sizeof b, 0.02), "20m");
  CHECK_STR(rep_si(b, sizeof b, -3e6), "-3M");
  CHECK_STR(rep_si(b, sizeof b, 1e21), "1e+03E");
}

static void test_escape(void) {
  char *s = capture(esc_fn, "a<b>&\"c'");
  CHECK_STR(s, "a&lt;b&gt;&amp;&quot;c&#39;");
  free(s);
  s = capture(csv_fn, "x,\"y\"");
  CHECK_STR(s, "\"x,\"\"y\"\"\"");
  free(s);
  s = capture(csv_fn, "plain");
  CHECK_STR(s, "plain");
  free(s);
}

static void test_bars(void) {
  const char *cats[] = {"op<1>", "op2"}, *series[] = {"dram", "compute"};
  const double v[] = {1, 2, 3.5, 0};
  rep_bars b = {"e", "t", "operator", "energy (pJ)", 2, 2, cats, series, v};
  char *s = capture(bars_fn, &b);
  CHECK(strstr(s, "<svg id=\"e\"") != NULL);
  CHECK(strstr(s, "data-cat=\"op&lt;1&gt;\" data-total=\"3\"") != NULL);
  CHECK(strstr(s, "data-cat=\"op2\" data-total=\"3.5\"") != NULL);
  CHECK(strstr(s, "data-series=\"compute\" data-value=\"2\"") != NULL);
  CHECK(strstr(s, ">energy (pJ)</text>") != NULL);
  CHECK(strstr(s, "class=\"legend\"") != NULL);
  int segs = 0;
  for (const char *p = s; (p = strstr(p, "class=\"seg\"")); p++) segs++;
  CHECK(segs == 4);
  free(s);
}

int main(void) {
  test_steps();
  test_ticks();
  test_si();
  test_escape();
  test_bars();
  UNIT_DONE();
}
