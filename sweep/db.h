/*
 * db — the SQLite results database of a sweep (docs/sweeps.md, "Database"): tables meta
 * (sweep hash, file, name, next point), points (one row per design point and workload: every
 * parameter as p_<name> and every metric) and pareto (fronts by metric set). WAL mode; each
 * batch of points is one transaction together with the resume position, so a killed sweep loses
 * at most the batch in flight and a re-run continues after the last committed batch.
 * One swp_db per thread (SQLite connection).
 */
#ifndef SWP_DB_H
#define SWP_DB_H

#include <stdio.h>

#include "sweep/sweep.h"

typedef struct swp_db swp_db;

/* Opens or creates path for spec s. A database holding another sweep (different hash) is
 * refused unless fresh, which drops its results. *next: the first point not yet done
 * (0 for a new database); *complete: the sweep finished. 0 or -1 with an error. */
int swp_db_open(const char *path, const swp_spec *s, bool fresh, swp_db **out, uint64_t *next,
                bool *complete, com_err *e);
/* Writes points first..first+count-1 in one transaction: kept[i] says whether point first+i
 * passed the constraints; vals holds count*nparams values; m holds count*nworkloads metrics.
 * Records next = first+count as the resume position (and completeness when it is the total). */
int swp_db_write_batch(swp_db *db, const swp_spec *s, uint64_t first, uint64_t count,
                       const bool *kept, const swp_val *vals, const swp_metrics *m, com_err *e);
void swp_db_close(swp_db *db);

/* Pareto fronts (pareto.c). metrics: 2 or 3 of "latency", "energy", "area" (comma list).
 * Computes the front of every workload from the ok points of the database at path, stores it
 * in table pareto under the metric list's name, and prints it on out when out is not NULL.
 * 0, or -1 with an error (missing file, not a sweep database, bad metric names). */
int swp_pareto(const char *path, const char *metrics, FILE *out, com_err *e);
/* Computes and stores the front like swp_pareto, then writes a self-contained HTML page to out:
 * an SVG scatter of every ok point over the first two metrics with the front highlighted, and
 * the front's table with parameters (html.c). 0, or -1 with an error. */
int swp_pareto_html(const char *path, const char *metrics, const char *out, com_err *e);
/* `accel-sim report` of a sweep: the latency/energy page of swp_pareto_html plus the table of every
 * point (html.c; docs/reports.md). 0, or -1 with an error. */
int swp_report_html(const char *path, const char *out, com_err *e);
/* Every point of the database as CSV, one row per point, the points table's columns as header
 * (html.c; docs/reports.md). 0, or -1 with an error. */
int swp_report_csv(const char *path, const char *out, com_err *e);

#endif
