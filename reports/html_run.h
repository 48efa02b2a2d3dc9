/*
 * html_run — the report of one `accel-sim run --json` document as a self-contained HTML page
 * (inline SVG, no scripts, no network) and as CSV (docs/reports.md).
 *
 * rep_run_doc_load reads the JSON back with the strict YAML reader (JSON is YAML flow syntax)
 * and checks that it is an accel-sim run document of a version this code knows, with a located
 * error otherwise. The page: inputs (files, arch summary, totals), energy by level and by action
 * (stacked bars per op), cycles per op (compute / memory-bound excess / fill-drain), a roofline
 * (MAC/byte against MAC/cycle, with the arch's compute and DRAM roofs when the arch is given),
 * per-engine simulator cycles when ops carry a `sim` object, and the table behind each chart;
 * every number in a data-* attribute or an id'ed table cell.
 * A loaded document is read-only; functions write only to the given stream.
 */
#ifndef REP_HTML_RUN_H
#define REP_HTML_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "arch/arch.h"
#include "common/err.h"
#include "common/ydoc.h"

typedef struct rep_doc_level {
  const char *name;
  double energy_pj, read_pj, write_pj, bytes; /* pJ, pJ, pJ, bytes */
  bool split;  /* read_pj/write_pj known; false for a fused schedule's storage (bytes NaN too) */
} rep_doc_level;

typedef struct rep_doc_op {
  const char *name, *kind;
  double cycles, latency_s, energy_pj, macs, dram_bytes, utilization; /* cycles, s, pJ, MACs, B, fraction */
  double compute_energy_pj;  /* pJ (fused: fuse.compute_energy_pj) */
  double compute_cycles;     /* cycles: sum of the einsums' compute_cycles, or fuse.compute_cycles */
  double fill_drain_cycles;  /* cycles: sum of the einsums' fill_drain_cycles (0 when fused) */
  bool fused;
  int nlevels;
  rep_doc_level *levels;     /* fused: DRAM, global buffer, register files from fuse.*_energy_pj */
  const com_ynode *sim;      /* the op's `sim` object, NULL when it was not simulated */
} rep_doc_op;

typedef struct rep_run_doc {
  com_ydoc *doc;
  const char *workload, *workload_file, *arch, *arch_file, *engine;
  double cycles, latency_s, energy_pj, area_um2, macs, dram_bytes; /* totals; area NaN when null */
  int nops;
  rep_doc_op *ops;
} rep_run_doc;

/* Loads a run document from a file, or from a buffer when buf is not NULL (name for messages).
 * Returns 0, or -1 with a located error (COM_EINPUT: not JSON, not a run document, a version
 * other than 1, a field of the wrong type). Free with rep_run_doc_free, also after a failure. */
int rep_run_doc_load(const char *name, const void *buf, size_t len, rep_run_doc *d, com_err *e);
void rep_run_doc_free(rep_run_doc *d);
/* The run's architecture as its files hold it now: arch_file, or the `arch:` mapping of
 * workload_file when the arch was inline (paths as the run wrote them, relative to the current
 * directory). NULL when it cannot be loaded or its name is not the run's, with the reason in
 * note. Free with arch_free. */
arch_spec *rep_run_doc_arch(const rep_run_doc *d, char *note, size_t cap);

/* The HTML page. arch: the run's architecture for the roofline's roofs and the arch summary,
 * NULL when it could not be loaded (arch_note then says why, shown on the page). */
void rep_html_run(FILE *f, const rep_run_doc *d, const arch_spec *arch, const char *arch_note);
/* One CSV row per op (header: docs/reports.md lists every column and unit). */
void rep_csv_run(FILE *f, const rep_run_doc *d);

/* Roofline figures of an arch: peak MAC/cycle of its largest MAC array (*peak, its name in
 * *array) and the DRAM bandwidth in bytes/cycle (read_bw, + write_bw when the ports are
 * separate). Either is 0 when the arch has none (html_roofline.c). */
void rep_roofs(const arch_spec *a, double *peak, const char **array, double *dram_bw);
/* The roofline chart and its table (html_roofline.c). */
void rep_html_roofline(FILE *f, const rep_run_doc *d, const arch_spec *arch);
/* The per-engine simulator chart and table when any op has a `sim` object; nothing otherwise
 * (html_sim.c). */
void rep_html_sim(FILE *f, const rep_run_doc *d);
/* An unquoted JSON number node as a double (false for anything else, NULL included). */
bool rep_doc_number(const com_ynode *v, double *out);
/* The engine timeline: each op's span of simulated time, each engine's busy / stalled / idle
 * cycles of the op inside it (html_timeline.c); nothing when no op was simulated. */
void rep_html_sim_timeline(FILE *f, const rep_run_doc *d);

/* Writes `accel-sim run --json`'s document at json_path as an HTML page to out: loads it and,
 * best effort, the arch from its arch_file (then workload_file) for the roofs. The entry point
 * for `run --html` (docs/reports.md). Returns 0, or -1 with the error. */
int rep_html_run_from_json(const char *json_path, FILE *out, com_err *e);

#endif
