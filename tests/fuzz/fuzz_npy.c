/* fuzz_npy — the .npy reader on arbitrary bytes: an error or a tensor whose size matches its
 * shape, never a crash, a leak or an allocation beyond what the bytes hold. */
#include "common/npy.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  com_npy a = {0};
  com_err e = {0};
  if (com_npy_parse("fuzz.npy", data, size, &a, &e) == 0) {
    if (a.count * com_npy_itemsize(a.dtype) > size) __builtin_trap(); /* more data than bytes */
    com_npy_free(&a);
  }
  return 0;
}
