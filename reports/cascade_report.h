/*
 * cascade_report — what `accel-sim cascade` prints: a cascade's einsums with the pass each
 * belongs to, the number of passes over every rank, and the tensors that must stay on chip
 * between passes (and whether they grow with the rank), as text or JSON.
 */
#ifndef REP_CASCADE_REPORT_H
#define REP_CASCADE_REPORT_H

#include <stdio.h>

#include "common/json.h"
#include "ops/cascade.h"

void rep_cascade_text(const ops_cascade *c, const ops_cascade_analysis *a, FILE *out);
/* Writes one JSON object describing the cascade and its analysis. */
void rep_cascade_json(const ops_cascade *c, const ops_cascade_analysis *a, com_json *j);

#endif
