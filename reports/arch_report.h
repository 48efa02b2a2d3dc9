/*
 * arch_report — the resolved architecture as text (what `accel-sim arch ARCH.yaml` prints) and
 * as one JSON object, with every energy/area value and its source. Pure functions of the spec;
 * thread-safe as long as each call has its own output stream/writer.
 */
#ifndef REP_ARCH_REPORT_H
#define REP_ARCH_REPORT_H

#include <stdio.h>

#include "arch/arch.h"
#include "common/json.h"

/* Prints the architecture: header, memory chain (DRAM first), arrays with units, totals. */
void rep_arch_text(const arch_spec *a, FILE *out);
/* Writes one JSON object describing the architecture (as the value of key, or top level when
 * key is NULL, per com_json conventions). */
void rep_arch_json_key(const arch_spec *a, com_json *j, const char *key);
/* Writes one top-level JSON object (rep_arch_json_key with key NULL). */
void rep_arch_json(const arch_spec *a, com_json *j);

#endif
