/* fuzz_arch — the architecture reader on arbitrary bytes (as an inline mapping). */
#include "arch/arch.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  com_ydoc *doc = NULL;
  com_err e = {0};
  if (com_ydoc_load_buffer("fuzz.yaml", data, size, &doc, &e) != 0) return 0;
  arch_spec *a = NULL;
  if (arch_load_node(doc->root, &a, &e) == 0) arch_free(a);
  com_ydoc_free(doc);
  return 0;
}
