/*
 * html_page — the frame shared by every HTML report page (run, sweep): doctype, inline style
 * (no external resources), title, and table cells that carry their number in data-* attributes.
 * Writes only to the given stream; thread-compatible.
 */
#ifndef REP_HTML_PAGE_H
#define REP_HTML_PAGE_H

#include <stdio.h>

#include "common/err.h"

/* <!DOCTYPE html> ... <body><h1>heading</h1> (title and heading escaped). */
void rep_html_begin(FILE *f, const char *title, const char *heading);
void rep_html_end(FILE *f);
/* <td class="num" data-field=FIELD data-value=%.17g>%.6g</td>; non-finite values print "—"
 * with data-value="null". */
void rep_html_num(FILE *f, const char *field, double v);
/* <td>text</td>, escaped. */
void rep_html_text(FILE *f, const char *text);
/* <details id=ID><summary>label: path</summary><pre>the file, escaped</pre></details>: an input
 * file shown inline (collapsed; no script needed), its first max_bytes with a note when longer,
 * or a note when it cannot be read. */
void rep_html_file(FILE *f, const char *id, const char *label, const char *path, size_t max_bytes);
/* "PATH: error: cannot write the WHAT: <strerror(errno)>" (WHAT e.g. "HTML file"), as a failure
 * of the tool (COM_EFAIL, exit 1), not of the input. Returns -1. */
int rep_err_write(com_err *e, const char *path, const char *what);

#endif
