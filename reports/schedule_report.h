/*
 * schedule_report — text and JSON output of `accel-sim schedule`: budgets, the ILP plan's
 * status, gap, time and non-compulsory bytes, each baseline, the reduction, and the plan per
 * step (operator, resident tensors with addresses, loads, retrievals, spills).
 * Pure functions of their arguments; they write to the given stream only.
 */
#ifndef REP_SCHEDULE_REPORT_H
#define REP_SCHEDULE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "common/json.h"
#include "mapper/schedule.h"

/* The summary of every result; with steps, also each plan step by step. */
void rep_schedule_text(FILE *out, const map_graph *g, const map_sched_budgets *b,
                       const map_sched_result *r, int n, bool steps);
/* One result as {budget_bytes, ilp: {...}, baselines: [...], reduction_percent, steps: [...]}
 * (key is its member name, NULL inside an array). */
void rep_schedule_json_result(com_json *j, const char *key, const map_graph *g,
                              const map_sched_result *r);
/* The whole run: a single result with graph facts added, or {graph..., results: [...]}. */
void rep_schedule_json(FILE *out, const map_graph *g, const map_sched_budgets *b,
                       const map_sched_result *r, int n);

#endif
