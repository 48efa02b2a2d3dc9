/* test_ydoc — the strict YAML tree: locations, rejections, typed accessors, base files. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/ydoc.h"
#include "unit.h"

static com_ydoc *load(const char *text, com_err *e) {
  com_ydoc *d = NULL;
  if (com_ydoc_load_buffer("t.yaml", text, strlen(text), &d, e)) return NULL;
  return d;
}

static void expect_error(const char *text, const char *msg) {
  com_err e = {0};
  com_ydoc *d = load(text, &e);
  CHECK(d == NULL);
  CHECK_STR(e.msg, msg);
  com_ydoc_free(d);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

int main(void) {
  com_err e = {0};
  com_ydoc *d = load("a: 1\nb:\n  c: [x, \"y\", ~]\n", &e);
  CHECK(d != NULL);
  if (d) {
    const com_ynode *b = com_yget(d->root, "b"), *c = com_yget(b, "c");
    CHECK(b && b->kind == COM_Y_MAP && b->loc.line == 3 && b->loc.col == 3);
    CHECK(c && c->kind == COM_Y_SEQ && c->len == 3);
    CHECK(c && c->items[1]->quoted && !c->items[1]->null);
    CHECK(c && c->items[2]->null);
    CHECK(c && c->items[0]->loc.line == 3 && c->items[0]->loc.col == 7);
    uint64_t v;
    CHECK(com_yu64(com_yget(d->root, "a"), "a", 1, 10, &v, &e) == 0 && v == 1);
    CHECK(com_yu64(com_yget(d->root, "a"), "a", 2, 10, &v, &e) == -1);
    CHECK_STR(e.msg, "t.yaml:1:4: error: 'a' must be at least 2 (got 1)");
    CHECK(com_yu64(c->items[1], "y", 0, 10, &v, &e) == -1);
    CHECK_STR(e.msg, "t.yaml:3:10: error: 'y' must be an integer, got 'y'");
    static const char *const allowed[] = {"a", "bee", NULL};
    CHECK(com_ycheck_keys(d->root, "the file", allowed, &e) == -1);
    CHECK_STR(e.msg, "t.yaml:2:1: error: unknown key 'b' in the file");
    const com_ynode *missing;
    CHECK(com_yrequire(b, "zz", "'b'", &missing, &e) == -1);
    CHECK_STR(e.msg, "t.yaml:3:3: error: missing required key 'zz' in 'b'");
    bool flag;
    CHECK(com_ybool(c->items[0], "flag", &flag, &e) == -1);
    static const char *const names[] = {"os", "ws", "is", NULL};
    int idx;
    CHECK(com_yenum(c->items[0], "dataflow", names, &idx, &e) == -1);
    CHECK_STR(e.msg, "t.yaml:3:7: error: unknown dataflow 'x' (expected one of: os, ws, is)");
  }
  com_ydoc_free(d);

  expect_error("a: [1, 2\n", "t.yaml:2:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence");
  expect_error("a: &x 1\nb: *x\n", "t.yaml:2:4: error: YAML aliases (*x) are not supported; write the value out");
  expect_error("a: 1\na: 2\n", "t.yaml:2:1: error: duplicate key 'a' (first given at line 1)");
  expect_error("a: !foo 1\n", "t.yaml:1:4: error: YAML tag '!foo' is not supported");
  expect_error("? [1]\n: 2\n", "t.yaml:1:3: error: mapping keys must be plain names, not a list");
  expect_error("a: 1\n---\nb: 2\n", "t.yaml:2:1: error: only one YAML document per file is allowed");
  expect_error("", "t.yaml: error: file is empty");
  expect_error("# only a comment\n", "t.yaml: error: file is empty");
  char deep[300] = "a: ";
  for (int i = 0; i < 100; i++) strcat(deep, "[");
  expect_error(deep, "t.yaml:1:67: error: nesting is deeper than 64 levels");

  /* base files: mappings merge, the extending file wins, cycles are reported */
  char dir[] = "/tmp/ydoc_test_XXXXXX";
  if (mkdtemp(dir)) {
    char base[128], top[128], loop[128];
    snprintf(base, sizeof base, "%s/base.yaml", dir);
    snprintf(top, sizeof top, "%s/top.yaml", dir);
    snprintf(loop, sizeof loop, "%s/loop.yaml", dir);
    write_file(base, "x: 1\nm: {p: 1, q: 2}\n");
    write_file(top, "base: base.yaml\nm: {q: 3}\ny: 4\n");
    write_file(loop, "base: loop.yaml\n");
    com_ydoc *t = NULL;
    CHECK(com_ydoc_load_file(top, "base", &t, &e) == 0);
    if (t) {
      const com_ynode *m = com_yget(t->root, "m");
      uint64_t p = 0, q = 0, x = 0;
      CHECK(com_yu64(com_yget(m, "p"), "p", 0, 9, &p, &e) == 0 && p == 1);
      CHECK(com_yu64(com_yget(m, "q"), "q", 0, 9, &q, &e) == 0 && q == 3);
      CHECK(com_yu64(com_yget(t->root, "x"), "x", 0, 9, &x, &e) == 0 && x == 1);
      CHECK(com_yget(t->root, "base") == NULL);
      CHECK(strstr(com_yget(m, "p")->loc.file, "base.yaml") != NULL);
    }
    com_ydoc_free(t);
    com_ydoc *l = NULL;
    CHECK(com_ydoc_load_file(loop, "base", &l, &e) == -1);
    CHECK(strstr(e.msg, "extends itself through a cycle of base files") != NULL);
    unlink(base);
    unlink(top);
    unlink(loop);
    rmdir(dir);
  }
  com_ydoc *none = NULL;
  CHECK(com_ydoc_load_file("/nonexistent/x.yaml", NULL, &none, &e) == -1);
  CHECK_STR(e.msg, "/nonexistent/x.yaml: error: cannot open file: No such file or directory");
  CHECK(e.kind == COM_EINPUT);
  UNIT_DONE();
}
