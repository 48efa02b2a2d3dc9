/*
 * csv — CSV output of the reports (RFC 4180: fields with a comma, quote or line break are quoted,
 * quotes doubled). Columns of each table are listed with their units in docs/reports.md.
 * Writes only to the given stream; thread-compatible.
 */
#ifndef REP_CSV_H
#define REP_CSV_H

#include <stdio.h>

/* One text field (NULL writes an empty field); no separator. */
void rep_csv_field(FILE *f, const char *s);
/* One number: %.17g (round-trippable); non-finite values write an empty field. */
void rep_csv_num(FILE *f, double v);

#endif
