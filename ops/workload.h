/*
 * workload — reading workload.yaml (schema version 1) into operators.
 *
 *   version: 1
 *   name: NAME
 *   arch: PATH | {inline architecture}        (required unless the caller overrides it)
 *   workload: {defaults: {format, acc}, ops: [{name, kind, shape, formats, ...}, ...]}
 *   mapper: {...}   simulate: {...}   report: {...}   (validated by their own modules)
 *
 * Every op is validated and built into its einsum cascade; tensor formats are resolved from
 * the op's `formats:` and the defaults. The arch/mapper/simulate/report nodes are handed back
 * unparsed (they belong to arch/, mapper/ and reports/), pointing into the document, which the
 * workload owns. Not thread-safe; one workload per thread.
 */
#ifndef OPS_WORKLOAD_H
#define OPS_WORKLOAD_H

#include <stdbool.h>

#include "common/ydoc.h"
#include "ops/ir.h"

#define OPS_MAX_OPS 100000

typedef struct ops_workload {
  com_ydoc *doc;
  const char *file;              /* the path it was loaded from */
  const char *name;
  const com_ynode *arch;         /* a path scalar or an inline mapping; NULL when absent */
  const com_ynode *mapper, *simulate, *report; /* NULL when absent */
  const ops_format *default_format, *default_acc;
  int nops;
  ops_op *ops;
  uint64_t macs, other_ops;      /* totals over all ops */
} ops_workload;

/* Loads and validates path. arch_required: whether a missing `arch:` is an error (it is not
 * when the user gives --arch). Returns 0, or -1 with a located error; *out is set on success. */
int ops_workload_load(const char *path, bool arch_required, ops_workload **out, com_err *e);
/* The same for a workload held in memory (name is used in messages; `base:` is not
 * available). For tests and fuzzing. */
int ops_workload_load_buffer(const char *name, const void *buf, size_t len, bool arch_required,
                             ops_workload **out, com_err *e);
void ops_workload_free(ops_workload *w);

#endif
