/* fuzz_einsum — the einsum expression parser on arbitrary text, with ranks m, n, k, p, r
 * declared (unused ones dropped) and one huge rank to exercise the overflow checks. */
#include <string.h>

#include "fuzz.h"
#include "ops/einsum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char expr[1024];
  if (size >= sizeof expr) size = sizeof expr - 1;
  memcpy(expr, data, size);
  expr[size] = '\0';
  com_loc where = {"fuzz.yaml", 1, 1};
  ops_rank_decl ranks[] = {{"m", 64, where}, {"n", 3, where}, {"k", 1, where},
                           {"p", 1ull << 40, where}, {"r", 7, where}};
  ops_einsum es;
  com_err e = {0};
  ops_einsum_parse(expr, where, ranks, 5, OPS_EINSUM_DROP_UNUSED, &es, &e);
  ops_einsum_parse(expr, where, ranks, 5, OPS_EINSUM_STRICT, &es, &e);
  return 0;
}
