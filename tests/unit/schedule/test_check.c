/* test_check — the plan checker rejects hand-broken plans, and graph files with errors are
 * rejected with a message naming the culprit. */
#include <stdlib.h>

#include "mapper/schedule.h"
#include "unit.h"

static const char skip_graph[] =
    "version: 1\nname: skip\n"
    "tensors:\n  - {name: x, bytes: 10}\n  - {name: a, bytes: 10}\n  - {name: b, bytes: 10}\n"
    "  - {name: c, bytes: 10}\n  - {name: d, bytes: 1}\n"
    "ops:\n  - {name: A, inputs: [x], outputs: [a]}\n  - {name: B, inputs: [a], outputs: [b]}\n"
    "  - {name: C, inputs: [b], outputs: [c]}\n  - {name: D, inputs: [a, c], outputs: [d]}\n";

/* Copies p into q (deep). */
static void plan_copy(const map_plan *p, map_plan *q) {
  *q = *p;
  q->order = malloc((size_t)p->nsteps * sizeof *q->order);
  memcpy(q->order, p->order, (size_t)p->nsteps * sizeof *q->order);
  q->iv = malloc((size_t)p->cap * sizeof *q->iv);
  memcpy(q->iv, p->iv, (size_t)p->n * sizeof *q->iv);
}

static int find(const map_graph *g, const map_plan *p, const char *tensor, int nth) {
  for (int i = 0; i < p->n; i++)
    if (strcmp(g->t[p->iv[i].tensor].name, tensor) == 0 && nth-- == 0) return i;
  return -1;
}

static void expect_reject(const map_graph *g, const map_plan *q, const char *what) {
  com_err e = {0};
  CHECK(map_plan_check(g, q, NULL, &e) == -1);
  if (!strstr(e.msg, what)) fprintf(stderr, "message '%s' lacks '%s'\n", e.msg, what);
  CHECK(strstr(e.msg, what) != NULL);
}

static void test_broken_plans(void) {
  map_graph *g;
  com_err e = {0};
  CHECK(map_graph_load_buffer("skip.yaml", skip_graph, sizeof skip_graph - 1, &g, &e) == 0);
  if (!g) return;
  int ord[4] = {0, 1, 2, 3};
  map_sched_options o = map_sched_defaults();
  map_plan p, q;
  map_sched_stats st;
  CHECK(map_schedule_order(g, ord, 25, &o, &p, &st, &e) == 0);
  CHECK(map_plan_check(g, &p, NULL, &e) == 0);
  /* two live tensors at the same address */
  plan_copy(&p, &q);
  int b = find(g, &q, "b", 0), c = find(g, &q, "c", 0);
  q.iv[c].addr = q.iv[b].addr + 5;
  expect_reject(g, &q, "overlap");
  map_plan_free(&q);
  /* a retrieved without the spill */
  plan_copy(&p, &q);
  q.iv[find(g, &q, "a", 0)].spill = false;
  q.noncompulsory -= 10;
  expect_reject(g, &q, "without having been spilled");
  map_plan_free(&q);
  /* op D runs without a: drop the retrieval */
  plan_copy(&p, &q);
  int r = find(g, &q, "a", 1);
  memmove(&q.iv[r], &q.iv[r + 1], (size_t)(q.n - r - 1) * sizeof *q.iv);
  q.n--;
  q.noncompulsory -= 10;
  expect_reject(g, &q, "without its input 'a'");
  map_plan_free(&q);
  /* over capacity */
  plan_copy(&p, &q);
  q.budget = 20;
  expect_reject(g, &q, "scratchpad");
  map_plan_free(&q);
  /* the claimed traffic is wrong */
  plan_copy(&p, &q);
  q.noncompulsory = 0;
  expect_reject(g, &q, "claims 0");
  map_plan_free(&q);
  /* an invalid order */
  plan_copy(&p, &q);
  q.order[0] = 1;
  q.order[1] = 0;
  expect_reject(g, &q, "order");
  map_plan_free(&q);
  /* keeping a too long: 30 bytes at step C in a 25-byte scratchpad */
  plan_copy(&p, &q);
  q.iv[find(g, &q, "a", 0)].end = 3;
  q.iv[find(g, &q, "a", 0)].spill = false;
  memmove(&q.iv[find(g, &q, "a", 1)], &q.iv[find(g, &q, "a", 1) + 1], sizeof *q.iv * (size_t)(q.n - find(g, &q, "a", 1) - 1));
  q.n--;
  q.noncompulsory = 0;
  expect_reject(g, &q, "");
  map_plan_free(&q);
  map_plan_free(&p);
  map_graph_free(g);
}

static void expect_graph_error(const char *text, const char *what) {
  map_graph *g = NULL;
  com_err e = {0};
  CHECK(map_graph_load_buffer("bad.yaml", text, strlen(text), &g, &e) == -1);
  if (!strstr(e.msg, what)) fprintf(stderr, "message '%s' lacks '%s'\n", e.msg, what);
  CHECK(strstr(e.msg, what) != NULL && strstr(e.msg, "bad.yaml:") != NULL);
  map_graph_free(g);
}

static void test_bad_graphs(void) {
  const char *head = "version: 1\ntensors:\n  - {name: x, bytes: 4}\n  - {name: y, bytes: 4}\n  - {name: z, bytes: 4}\nops:\n";
  char buf[1024];
  snprintf(buf, sizeof buf, "%s  - {name: A, inputs: [x], outputs: [q]}\n", head);
  expect_graph_error(buf, "unknown tensor 'q'");
  snprintf(buf, sizeof buf, "%s  - {name: A, inputs: [x], outputs: [y]}\n  - {name: B, inputs: [x], outputs: [y]}\n", head);
  expect_graph_error(buf, "produced twice");
  snprintf(buf, sizeof buf, "%s  - {name: A, inputs: [z], outputs: [y]}\n  - {name: B, inputs: [y], outputs: [z]}\n", head);
  expect_graph_error(buf, "cycle");
  snprintf(buf, sizeof buf, "%s  - {name: B, inputs: [y], outputs: [z]}\n  - {name: A, inputs: [x], outputs: [y]}\n", head);
  expect_graph_error(buf, "before op 'A'");
  expect_graph_error("version: 1\ntensors:\n  - {name: x, bytes: 0}\nops:\n  - {name: A, outputs: [x]}\n", "size 0");
  snprintf(buf, sizeof buf, "%s  - {name: A, inputs: [x], outputs: [x]}\n", head);
  expect_graph_error(buf, "reads its own output");
  snprintf(buf, sizeof buf, "%s  - {name: A, input: [x], outputs: [y]}\n", head);
  expect_graph_error(buf, "did you mean 'inputs'");
  expect_graph_error("version: 1\ntensors:\n  - {name: x, bytes: 4}\n  - {name: x, bytes: 4}\nops:\n  - {name: A, outputs: [x]}\n", "declared twice");
}

int main(void) {
  test_broken_plans();
  test_bad_graphs();
  UNIT_DONE();
}
