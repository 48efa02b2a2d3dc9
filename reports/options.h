/*
 * options — the `report:` section of a workload: where reports go and in which formats.
 *   report: {out: DIR (out/, relative to the working directory), formats: [text, csv, json, html]}
 */
#ifndef REP_OPTIONS_H
#define REP_OPTIONS_H

#include <stdbool.h>

#include "common/ydoc.h"

enum { REP_TEXT = 1, REP_CSV = 2, REP_JSON = 4, REP_HTML = 8 };

typedef struct rep_options {
  const char *out_dir;  /* points into the document, or the default "out" */
  unsigned formats;     /* REP_* bits; text only by default */
} rep_options;

/* Fills opts from the report section (NULL: defaults). Returns 0 or -1 with a located error. */
int rep_options_parse(const com_ynode *report, rep_options *opts, com_err *e);

#endif
