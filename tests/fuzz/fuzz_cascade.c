/* fuzz_cascade — the cascade reader and pass analysis on arbitrary bytes. */
#include <stdlib.h>

#include "fuzz.h"
#include "ops/cascade.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  com_ydoc *doc = NULL;
  com_err e = {0};
  if (com_ydoc_load_buffer("fuzz.yaml", data, size, &doc, &e) != 0) return 0;
  ops_cascade *c = NULL;
  if (ops_cascade_from_node(doc->root, NULL, 0, &c, &e) == 0) {
    ops_cascade_analysis *a = malloc(sizeof *a);
    if (a) ops_cascade_passes(c, a);
    free(a);
    ops_cascade_free(c);
  }
  com_ydoc_free(doc);
  return 0;
}
