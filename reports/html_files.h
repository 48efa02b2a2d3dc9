/*
 * html_files — the files a workload's `report: {out: DIR, formats: [csv, json, html]}` section
 * asks for (reports/options.h): DIR/NAME.json (rep_run_json), DIR/NAME.csv and DIR/NAME.html
 * (docs/reports.md), NAME being the workload's name with characters other than letters, digits,
 * '.', '-' and '_' replaced by '_'. The page and the CSV are built from the JSON document itself,
 * so they show exactly what the JSON says. The entry point for `accel-sim run` to honour the
 * section. Writes only the files named; thread-compatible.
 */
#ifndef REP_HTML_FILES_H
#define REP_HTML_FILES_H

#include "reports/options.h"
#include "reports/run_report.h"

/* Writes the json/csv/html files of o->formats (text is the caller's stdout) into o->out_dir,
 * creating that directory (not its parents) when missing. Returns 0, or -1 with the error
 * (COM_EFAIL: a directory or file that cannot be written). */
int rep_run_write_files(const rep_run *r, const rep_options *o, com_err *e);
/* Writes one format (REP_JSON, REP_CSV or REP_HTML) of the run to path (`run --html FILE`). */
int rep_run_write_path(const rep_run *r, unsigned format, const char *path, com_err *e);

#endif
