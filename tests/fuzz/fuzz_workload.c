/* fuzz_workload — the workload front end (YAML tree, ops, einsums, formats, options) on
 * arbitrary bytes: it must return an error or a workload, never crash or leak. */
#include "fuzz.h"
#include "mapper/options.h"
#include "ops/workload.h"
#include "reports/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ops_workload *w = NULL;
  com_err e = {0};
  if (ops_workload_load_buffer("fuzz.yaml", data, size, false, &w, &e) == 0) {
    map_options mo;
    rep_options ro;
    map_options_parse(w->mapper, w->simulate, &mo, &e);
    rep_options_parse(w->report, &ro, &e);
    ops_workload_free(w);
  }
  return 0;
}
