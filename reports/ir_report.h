/*
 * ir_report — what `accel-sim check` prints: the validated IR of a workload (ops, their
 * einsums, ranks, tensors with formats and bytes, MAC and other-op counts), as text or JSON.
 */
#ifndef REP_IR_REPORT_H
#define REP_IR_REPORT_H

#include <stdio.h>

#include "common/json.h"
#include "ops/workload.h"

/* Prints every op of w in readable form. */
void rep_ir_text(const ops_workload *w, FILE *out);
/* Writes the members "workload", "ops" and "total" into the JSON object that is open. */
void rep_ir_json(const ops_workload *w, com_json *j);

#endif
