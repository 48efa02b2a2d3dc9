/*
 * test_options — the `simulate:` section: functional mode, data seed and the DRAM bank/row
 * model keys parse into map_options with their defaults, and bad values are refused with
 * the key named.
 */
#include "unit.h"

#include "mapper/options.h"

static int parse(const char *yaml, map_options *o, com_err *e) {
  com_ydoc *doc;
  if (com_ydoc_load_buffer("t.yaml", yaml, strlen(yaml), &doc, e)) return -1;
  int rc = map_options_parse(NULL, com_yget(doc->root, "simulate"), o, e);
  com_ydoc_free(doc);
  return rc;
}

int main(void) {
  map_options o;
  com_err e = {0};
  CHECK(parse("simulate: {engine: cycle}\n", &o, &e) == 0);
  CHECK(!o.functional);
  CHECK_U64(o.data_seed, 1);
  CHECK_U64(o.dram.banks, 0); /* no bank/row model unless asked for */
  CHECK(parse("simulate: {functional: true, data: {seed: 42},\n"
              "  dram: {banks: 8, row_bytes: 2 KiB, row_hit_cycles: 2, row_miss_cycles: 30}}\n",
              &o, &e) == 0);
  CHECK(o.functional);
  CHECK_U64(o.data_seed, 42);
  CHECK(o.data != NULL);
  CHECK_U64(o.dram.banks, 8);
  CHECK_U64(o.dram.row_bytes, 2048);
  CHECK_U64(o.dram.row_hit_cycles, 2);
  CHECK_U64(o.dram.row_miss_cycles, 30);
  CHECK(parse("simulate: {functional: maybe}\n", &o, &e) == -1);
  CHECK(strstr(e.msg, "functional") != NULL);
  CHECK(parse("simulate: {data: 3}\n", &o, &e) == -1);
  CHECK(strstr(e.msg, "simulate.data") != NULL);
  CHECK(parse("simulate: {dram: {banks: 8, row_bytes: 2048, row_hit_cycles: 2, row_miss: 3}}\n",
              &o, &e) == -1);
  CHECK(strstr(e.msg, "row_miss") != NULL);
  CHECK(parse("simulate: {dram: {banks: 8, row_bytes: 2048, row_hit_cycles: 2}}\n", &o, &e) == -1);
  CHECK(strstr(e.msg, "row_miss_cycles") != NULL);
  /* a miss cheaper than a hit is a typo, not a DRAM */
  CHECK(parse("simulate: {dram: {banks: 8, row_bytes: 2048, row_hit_cycles: 9, row_miss_cycles: 3}}\n",
              &o, &e) == -1);
  CHECK(parse("simulate: {dram: {banks: 0, row_bytes: 2048, row_hit_cycles: 2, row_miss_cycles: 3}}\n",
              &o, &e) == -1);
  UNIT_DONE();
}
