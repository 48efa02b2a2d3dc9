/*
 * func — `simulate: {functional: true}` in `accel-sim run`, `eval` and `sim`: every einsum the
 * functional mode supports runs on real data along its mapping (sim/core/func.h) and is compared
 * with the golden kernel; einsums it cannot run (e.g. attention's softmax steps) are listed as
 * skipped with the reason. Results are kept per einsum in run order for the text and JSON
 * reports. Not thread-safe per object.
 */
#ifndef CLI_FUNC_H
#define CLI_FUNC_H

#include <stdio.h>

#include "common/json.h"
#include "mapper/run.h"
#include "sim/core/func.h"

typedef struct cli_func {
  int n;                  /* einsums, run order */
  sim_func_result *res;   /* res[i] valid when ran[i] */
  bool *ran;
  com_err *why;           /* why[i].msg: the reason einsum i was skipped */
  int failed;             /* einsums whose datapath missed its guarantee */
} cli_func;

/* Runs the functional mode on every einsum of runs[0..nops) with the options of the workload's
 * `simulate.data` node (NULL: defaults). Returns 0, or -1 with e set (a misspelt tensor name in
 * `data`, a bad .npy, too many elements: COM_EINPUT; out of memory). Free with cli_func_free. */
int cli_func_run(const com_ynode *data, const map_op_run *runs, int nops, cli_func *f, com_err *e);
void cli_func_free(cli_func *f);
/* "    functional Z: ..." lines (or "    functional Z: not run: why") for einsum i. Matches
 * rep_einsum_text_hook; ctx is the cli_func. */
void cli_func_text(FILE *out, int i, const char *name, void *ctx);
/* The `functional` member of einsum i's JSON object: the result, or {run: false, reason}.
 * Matches rep_einsum_hook (reports/sim_report.h); ctx is the cli_func. */
void cli_func_json(com_json *j, int i, void *ctx);

#endif
