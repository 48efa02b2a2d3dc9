/*
 * fuse_report — the part of the run report for an attention op evaluated as a fused schedule
 * (mapper/fuse.h): tiling, buffer use, per-array actions, busy cycles and utilization, compute
 * vs memory cycles, DRAM traffic and energy by component. Used by run_report.c; writes only to
 * the given stream or JSON writer; thread-compatible.
 */
#ifndef REP_FUSE_REPORT_H
#define REP_FUSE_REPORT_H

#include <stdio.h>

#include "common/json.h"
#include "mapper/run.h"

/* Text lines for op (op->fused must be true), indented by two spaces. */
void rep_fuse_text(FILE *f, const map_op_run *op);
/* A "fuse" object inside the op's JSON object. */
void rep_fuse_json(com_json *j, const map_op_run *op);

#endif
