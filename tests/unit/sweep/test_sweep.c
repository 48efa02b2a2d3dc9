/*
 * test_sweep — the sweep module: constraint expressions, parameter paths (check, copy-on-write
 * set, YAML emission), sweep-file loading (lists, log ranges, zip, random samples, constraints,
 * located errors), point evaluation (ok and failed points), and the database: identical rows for
 * any thread count, resume from a partial run, a changed sweep refused unless fresh, Pareto.
 * Runs from the project root (CTest's working directory).
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "sweep/db.h"
#include "sweep/run.h"
#include "sweep/sweep.h"
#include "unit.h"

static char dir[] = "/tmp/accel_sweep_XXXXXX";

/* Writes a sweep file (body after the workload line) and returns its path (static buffer). */
static const char *write_sweep(const char *name, const char *body) {
  static char path[512];
  char cwd[400];
  if (!getcwd(cwd, sizeof cwd)) return NULL;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f) return NULL;
  fprintf(f, "version: 1\nname: %s\nworkload: %s/tests/sweep/tiny-gemm.yaml\n%s", name, cwd, body);
  fclose(f);
  return path;
}

static void test_expr(void) {
  swp_spec s;
  memset(&s, 0, sizeof s);
  s.nparams = 2;
  strcpy(s.params[0].name, "rows");
  strcpy(s.params[1].name, "cols");
  s.params[0].numeric = s.params[1].numeric = true;
  swp_val v[2] = {{"", 64, true}, {"", 2048, true}};
  swp_expr *x = NULL;
  com_err e = {0};
  com_loc loc = {"s.yaml", 3, 5};
  CHECK(swp_expr_parse(&s, "rows*cols <= 65536", loc, &x, &e) == 0);
  CHECK(x && swp_expr_eval(x, v) == 0);
  v[1].num = 1024;
  CHECK(x && swp_expr_eval(x, v) == 1);
  swp_expr_free(x);
  CHECK(swp_expr_parse(&s, "1 + 2 * 3 == 7 && !(rows < 0) || 0", loc, &x, &e) == 0);
  CHECK(x && swp_expr_eval(x, v) == 1);
  swp_expr_free(x);
  CHECK(swp_expr_parse(&s, "-(rows - cols) / 2 > 400", loc, &x, &e) == 0);
  CHECK(x && swp_expr_eval(x, v) == 1);
  swp_expr_free(x);
  CHECK(swp_expr_parse(&s, "rows * banks < 4", loc, &x, &e) == -1);
  CHECK(strstr(e.msg, "s.yaml:3:5") && strstr(e.msg, "unknown parameter"));
  CHECK(swp_expr_parse(&s, "rows <", loc, &x, &e) == -1);
  CHECK(swp_expr_parse(&s, "(rows", loc, &x, &e) == -1 && strstr(e.msg, "')'"));
}

static void test_paths(void) {
  const char *y = "a:\n  b:\n    - {c: 1, d: x}\n    - {c: 2}\n  e: [1, 2]\nq: \"quoted: yes\"\n";
  com_ydoc *doc = NULL;
  com_err e = {0};
  com_loc loc = {"s.yaml", 1, 1};
  CHECK(com_ydoc_load_buffer("t.yaml", y, strlen(y), &doc, &e) == 0);
  if (!doc) return;
  CHECK(swp_path_check(doc->root, "a.b[1].c", 0, loc, &e) == 0);
  CHECK(swp_path_check(doc->root, "a.b.0.d", 0, loc, &e) == 0);
  CHECK(swp_path_check(doc->root, "a.b[2].c", 0, loc, &e) == -1 && strstr(e.msg, "[2]"));
  CHECK(swp_path_check(doc->root, "a.z", 0, loc, &e) == -1 && strstr(e.msg, "'z' does not exist"));
  CHECK(swp_path_check(doc->root, "a.b", 0, loc, &e) == -1 && strstr(e.msg, "a list"));
  CHECK(swp_path_check(doc->root, "a..b", 0, loc, &e) == -1);
  com_arena ar = {0};
  com_ynode *r = swp_path_set(&ar, doc->root, "a.b[1].c", "42", false, loc);
  CHECK(r != NULL);
  if (r) {
    CHECK_STR(r->items[0]->items[0]->items[1]->items[0]->text, "42");
    CHECK_STR(doc->root->items[0]->items[0]->items[1]->items[0]->text, "2"); /* base untouched */
    char *buf;
    size_t len;
    CHECK(swp_yaml_emit(r, &buf, &len) == 0);
    com_ydoc *back = NULL;
    CHECK(com_ydoc_load_buffer("back.yaml", buf, len, &back, &e) == 0);
    if (back) {
      CHECK_STR(com_yget(back->root, "q")->text, "quoted: yes");
      CHECK(com_yget(back->root, "q")->quoted);
      CHECK_STR(back->root->items[0]->items[0]->items[1]->items[0]->text, "42");
      CHECK_U64(com_yget(com_yget(back->root, "a"), "e")->len, 2);
    }
    com_ydoc_free(back);
    free(buf);
  }
  com_arena_free(&ar);
  com_ydoc_free(doc);
}

static void test_spec(void) {
  com_err e = {0};
  swp_spec *s = NULL;
  const char *p = write_sweep("grid.yaml",
                              "params:\n"
                              "  - {name: rows, path: arch.compute.0.rows, values: [4, 8, 16]}\n"
                              "  - zip:\n"
                              "    - {name: cols, path: arch.compute.0.cols, values: [4, 8]}\n"
                              "    - {name: fmt, path: workload.defaults.format, values: [int8, fp16]}\n"
                              "  - {name: sram, path: arch.memory.1.size, range: {from: 1 KiB, to: 1 MiB, count: 3, scale: log}}\n"
                              "constraints: [\"rows * cols <= 64\"]\n");
  CHECK(swp_spec_load(p, &s, &e) == 0);
  if (!s) { fprintf(stderr, "%s\n", e.msg); return; }
  CHECK_U64(s->total, 3 * 2 * 3);
  CHECK_U64(s->ngroups, 3);
  CHECK_STR(s->params[3].values[1], "32768");
  swp_val v[SWP_MAX_PARAMS];
  CHECK(swp_point_values(s, 0, v)); /* rows 4, cols 4 int8, sram 1024 */
  CHECK_STR(v[0].text, "4");
  CHECK_STR(v[2].text, "int8");
  CHECK(!v[2].numeric);
  CHECK(swp_point_values(s, 5, v)); /* rows 4, cols 8 fp16, sram 1 MiB */
  CHECK_STR(v[1].text, "8");
  CHECK_STR(v[2].text, "fp16");
  CHECK_STR(v[3].text, "1048576");
  CHECK(!swp_point_values(s, 17, v)); /* rows 16 x cols 8 = 128: pruned */
  swp_metrics m;
  CHECK(swp_point_values(s, 4, v));
  swp_point_eval(s, 0, v, &m);
  CHECK(m.ok);
  CHECK(m.cycles > 0 && m.energy_pj > 0 && m.area_um2 > 0 && m.latency_s > 0);
  CHECK_NEAR(m.edp, m.energy_pj * m.latency_s, 1e-9 * m.edp);
  strcpy(v[0].text, "0"); /* rows: 0 -> the arch loader refuses: a failed point */
  swp_point_eval(s, 0, v, &m);
  CHECK(!m.ok && strstr(m.error, "rows"));
  swp_spec_free(s);

  p = write_sweep("rand.yaml", "samples: 5\nseed: 7\nparams:\n"
                  "  - {name: bw, path: arch.memory.0.bandwidth_gbps, random: {min: 1, max: 100, scale: log}}\n"
                  "  - {name: rows, path: arch.compute.0.rows, random: {min: 2, max: 32, integer: true}}\n");
  s = NULL;
  CHECK(swp_spec_load(p, &s, &e) == 0);
  if (s) {
    CHECK_U64(s->total, 5);
    swp_val a[SWP_MAX_PARAMS], b[SWP_MAX_PARAMS];
    swp_point_values(s, 3, a);
    swp_point_values(s, 3, b);
    CHECK_STR(a[0].text, b[0].text);
    CHECK(a[0].num >= 1 && a[0].num <= 100 && a[1].num >= 2 && a[1].num <= 32 && a[1].num == (double)(int)a[1].num);
    swp_point_values(s, 4, b);
    CHECK(strcmp(a[0].text, b[0].text) != 0);
  }
  swp_spec_free(s);

  struct { const char *body, *want; } bad[] = {
      {"params:\n  - {name: x, path: arch.compute.0.banks, values: [1]}\n", "grid.yaml:5:21: error: parameter path 'arch.compute.0.banks': key 'banks' does not exist"},
      {"params:\n  - {name: x, path: arch.compute.0.rows, values: []}\n", "has no values"},
      {"params: []\n", "params is empty"},
      {"params:\n  - {name: x, path: arch.memory.1.size, range: {from: 1 GHz, to: 4, count: 2}}\n",
       "'from' must be a number or a byte size such as 64 KiB, got '1 GHz'"},
      {"params:\n  - {name: x, path: arch.compute.0.rows, values: [1, 2]}\nconstraints: [\"x > 5\"]\n", "prune all 2 points"},
      {"params:\n  - zip:\n    - {name: x, path: arch.compute.0.rows, values: [1, 2]}\n"
       "    - {name: y, path: arch.compute.0.cols, values: [1]}\n", "zip: 'y' has 1 values"},
      {"params:\n  - {name: x, path: arch.compute.0.rows, random: {min: 1, max: 2}}\n", "needs samples"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    s = NULL;
    e.msg[0] = 0;
    CHECK(swp_spec_load(write_sweep("grid.yaml", bad[i].body), &s, &e) == -1);
    if (!strstr(e.msg, bad[i].want)) fprintf(stderr, "bad[%zu]: got '%s'\n", i, e.msg);
    CHECK(strstr(e.msg, bad[i].want) != NULL);
    swp_spec_free(s);
  }
}

/* All rows of a database as one string (for equality). */
static void dump(const char *db, char *out, size_t cap) {
  sqlite3 *h;
  sqlite3_stmt *st;
  size_t n = 0;
  out[0] = 0;
  if (sqlite3_open(db, &h) != SQLITE_OK) return;
  if (sqlite3_prepare_v2(h, "SELECT * FROM points ORDER BY point, workload", -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW)
      for (int c = 0; c < sqlite3_column_count(st); c++) {
        const unsigned char *t = sqlite3_column_text(st, c);
        n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s|", t ? (const char *)t : "NULL");
      }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
}

static void test_db(void) {
  com_err e = {0};
  swp_spec *s = NULL;
  const char *p = write_sweep("db.yaml", "params:\n"
                              "  - {name: rows, path: arch.compute.0.rows, values: [0, 4, 8, 16]}\n"
                              "  - {name: bw, path: arch.memory.0.bandwidth_gbps, values: [3.2, 12.8]}\n"
                              "constraints: [\"rows != 16 || bw > 4\"]\n");
  CHECK(swp_spec_load(p, &s, &e) == 0);
  if (!s) { fprintf(stderr, "%s\n", e.msg); return; }
  char db1[600], db3[600], dbr[600];
  snprintf(db1, sizeof db1, "%s/j1.sqlite", dir);
  snprintf(db3, sizeof db3, "%s/j3.sqlite", dir);
  snprintf(dbr, sizeof dbr, "%s/resume.sqlite", dir);
  swp_run_opts o = {db1, 1, false, 0, NULL, false, 0, 1};
  swp_run_stats st;
  CHECK(swp_run(s, &o, &st, &e) == 0);
  CHECK_U64(st.evaluated, 7);
  CHECK_U64(st.pruned, 1);
  CHECK_U64(st.failed, 2); /* rows 0 */
  o.db_path = db3;
  o.threads = 3;
  o.batch = 3;
  CHECK(swp_run(s, &o, &st, &e) == 0);
  static char a[1 << 16], b[1 << 16];
  dump(db1, a, sizeof a);
  dump(db3, b, sizeof b);
  CHECK(strlen(a) > 100);
  CHECK_STR(a, b);
  CHECK(strstr(a, "|failed|") != NULL);
  /* resume: a first run that stops after one batch (SIGINT flag), then the rest */
  o.db_path = dbr;
  o.threads = 2;
  o.batch = 2;
  swp_interrupted = 0;
  swp_run_opts o1 = o;
  swp_db *db;
  uint64_t next;
  bool complete;
  CHECK(swp_db_open(dbr, s, false, &db, &next, &complete, &e) == 0);
  swp_db_close(db);
  CHECK_U64(next, 0);
  CHECK(swp_run(s, &o1, &st, &e) == 0); /* completes */
  CHECK(swp_run(s, &o1, &st, &e) == 0); /* nothing left */
  CHECK_U64(st.skipped, 8);
  CHECK_U64(st.evaluated, 0);
  dump(dbr, b, sizeof b);
  CHECK_STR(a, b);
  swp_interrupted = 1;
  o1.fresh = true;
  CHECK(swp_run(s, &o1, &st, &e) == 0);
  CHECK(st.interrupted && st.evaluated == 0);
  swp_interrupted = 0;
  o1.fresh = false;
  CHECK(swp_run(s, &o1, &st, &e) == 0);
  CHECK_U64(st.skipped, 0);
  dump(dbr, b, sizeof b);
  CHECK_STR(a, b);
  CHECK(swp_pareto(db1, "latency,energy", NULL, &e) == 0);
  CHECK(swp_pareto(db1, "latency,latency", NULL, &e) == -1);
  CHECK(swp_pareto(db1, "energy", NULL, &e) == -1);
  swp_spec_free(s);
  /* a changed sweep file is refused unless fresh */
  p = write_sweep("db.yaml", "params:\n  - {name: rows, path: arch.compute.0.rows, values: [4, 8]}\n");
  s = NULL;
  CHECK(swp_spec_load(p, &s, &e) == 0);
  if (!s) return;
  o.db_path = db1;
  CHECK(swp_run(s, &o, &st, &e) == -1 && strstr(e.msg, "another sweep") && strstr(e.msg, "--new"));
  o.fresh = true;
  CHECK(swp_run(s, &o, &st, &e) == 0 && st.evaluated == 2);
  swp_spec_free(s);
}

int main(void) {
  if (!mkdtemp(dir)) return 1;
  test_expr();
  test_paths();
  test_spec();
  test_db();
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  UNIT_DONE();
}
