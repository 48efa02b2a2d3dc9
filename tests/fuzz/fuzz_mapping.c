/* fuzz_mapping — the Timeloop-style mapping-file reader on arbitrary bytes, for a GEMM on a
 * small built-in architecture (global buffer with a 4x4 mesh of register files): an error or a
 * valid mapping, which the model then evaluates; never a crash or a leak. */
#include <string.h>

#include "arch/arch.h"
#include "fuzz.h"
#include "mapper/mapping.h"
#include "mapper/model.h"
#include "ops/einsum.h"

static const char fuzz_arch_yaml[] =
    "name: fuzz\nclock_mhz: 500\nmemory:\n"
    "  - {name: dram, kind: dram, width_bits: 64, bandwidth_gbps: 16}\n"
    "  - {name: glb, kind: sram, size: 8 KiB, width_bits: 64, banks: 2, mesh_x: 4, mesh_y: 4}\n"
    "  - {name: rf, kind: regfile, size: 64, width_bits: 16, keep: [inputs, weights, outputs]}\n"
    "compute:\n"
    "  - {name: pe, kind: array2d, rows: 4, cols: 4, dataflows: [os, ws], attach: rf,\n"
    "     units: [{name: mac, operations: [mac], inputs: [int8, int8], acc: int32}]}\n";

typedef struct fuzz_setup {
  arch_spec *arch;
  ops_einsum es;
  map_target t;
  bool ok;
} fuzz_setup;

/* Built once: the fuzzer calls the entry point millions of times in one process. */
static fuzz_setup *fuzz_get_setup(void) {
  static fuzz_setup s;
  static bool done;
  if (done) return s.ok ? &s : NULL;
  done = true;
  com_err e = {0};
  com_ydoc *doc = NULL;
  if (com_ydoc_load_buffer("fuzz-arch.yaml", fuzz_arch_yaml, strlen(fuzz_arch_yaml), &doc, &e) ||
      arch_load_node(doc->root, &s.arch, &e)) {
    com_ydoc_free(doc);
    return NULL;
  }
  com_ydoc_free(doc);
  com_loc here = {"fuzz", 1, 1};
  ops_rank_decl ranks[] = {{"m", 16, here}, {"n", 12, here}, {"k", 8, here}};
  const ops_format *i8 = ops_format_find("int8");
  if (ops_einsum_parse("Z[m,n] += A[m,k] * B[k,n]", here, ranks, 3, OPS_EINSUM_STRICT, &s.es, &e) ||
      ops_tensor_set_format(&s.es.in[0], i8, here, &e) || ops_tensor_set_format(&s.es.in[1], i8, here, &e) ||
      ops_tensor_set_format(&s.es.out, i8, here, &e) || map_target_init(s.arch, &s.es, &s.t, &e))
    return NULL;
  s.ok = true;
  return &s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_setup *s = fuzz_get_setup();
  if (!s) __builtin_trap(); /* the built-in architecture must load */
  com_ydoc *doc = NULL;
  com_err e = {0};
  if (com_ydoc_load_buffer("fuzz.yaml", data, size, &doc, &e) != 0) return 0;
  map_mapping m;
  if (map_mapping_read(&s->t, doc->root, &m, &e) == 0) {
    map_result r;
    map_model_eval(&s->t, &m, &r);
  }
  com_ydoc_free(doc);
  return 0;
}
