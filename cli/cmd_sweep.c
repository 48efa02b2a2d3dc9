/*
 * cmd_sweep — `accel-sim sweep SWEEP.yaml [--db FILE] [-j N] [--new] [--batch N]` runs or resumes
 * a design-space sweep into an SQLite database and stores its Pareto fronts;
 * `accel-sim pareto RESULTS.sqlite [--metrics latency,energy]` prints (and stores) a front.
 * Exit 0 ok (also a sweep stopped by Ctrl-C after a committed batch: 130), 1 failure,
 * 2 usage/input. Formats and semantics: docs/sweeps.md.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "common/num.h"
#include "sweep/db.h"
#include "sweep/run.h"

static const char sweep_help[] =
    "usage: accel-sim sweep SWEEP.yaml [--db FILE] [-j N] [--new] [--batch N] [--quiet]\n\n"
    "Evaluates every design point of the sweep (docs/sweeps.md) with the analytical model (or\n"
    "the cycle simulator, in a forked process per point, when the point's workload says\n"
    "`simulate: {engine: cycle}`) and writes one row per point and workload into an SQLite\n"
    "database; running the same command\n"
    "again resumes where it stopped. Stores the Pareto fronts latency,energy and\n"
    "latency,energy,area.\n\n"
    "  --db FILE     results database (default: SWEEP.sqlite next to the sweep file)\n"
    "  -j N          worker threads (default 1; 0 = all cores); results do not depend on N\n"
    "  --new         discard the results in the database and start over\n"
    "  --batch N     points per transaction (default 64 per thread)\n"
    "  --quiet       no progress on stderr\n"
    "  --help        print this help\n\n"
    "Under `mpirun -n N accel-sim sweep ...` (when built with MPI) point p is evaluated by rank\n"
    "p mod N and rank 0 writes the database.\n";

static const char pareto_help[] =
    "usage: accel-sim pareto RESULTS.sqlite [--metrics latency,energy] [--html OUT.html]\n\n"
    "Computes, stores and prints the Pareto front of a sweep database over two or three of\n"
    "latency, energy, area (all minimized), per workload. --html also writes a self-contained\n"
    "page with the scatter of every point (first two metrics), the front highlighted, and its table.\n";

int cli_cmd_sweep(int argc, char **argv) {
  const char *db = NULL, *jobs = NULL, *fresh = NULL, *batch = NULL, *quiet = NULL, *pos[1];
  cli_opt opts[] = {{"--db", true, &db}, {"-j", true, &jobs}, {"--new", false, &fresh},
                    {"--batch", true, &batch}, {"--quiet", false, &quiet}};
  int npos, st = cli_args_parse("sweep", argc, argv, opts, 5, pos, 1, &npos);
  if (st == 1) { fputs(sweep_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 1) return cli_usage_error("sweep", "expected one sweep file");
  uint64_t threads = 1, bsize = 0;
  if (jobs && (com_parse_u64(jobs, &threads) != COM_NUM_OK || threads > 256))
    return cli_usage_error("sweep", "-j needs a thread count from 0 to 256, got '%s'", jobs);
  if (threads == 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    threads = n > 0 ? (uint64_t)n : 1;
  }
  if (batch && (com_parse_u64(batch, &bsize) != COM_NUM_OK || bsize == 0 || bsize > 1000000))
    return cli_usage_error("sweep", "--batch needs a count from 1 to 1000000, got '%s'", batch);
  char dbbuf[4096];
  if (!db) {
    snprintf(dbbuf, sizeof dbbuf, "%s", pos[0]);
    char *dot = strrchr(dbbuf, '.'), *slash = strrchr(dbbuf, '/');
    if (dot && (!slash || dot > slash)) *dot = 0;
    if (strlen(dbbuf) + 8 > sizeof dbbuf) return cli_usage_error("sweep", "the sweep path is too long");
    strcat(dbbuf, ".sqlite");
    db = dbbuf;
  }
  com_err e = {0};
  swp_spec *s = NULL;
  int rank = 0, size = 1;
  if (swp_mpi_init(&rank, &size)) return cli_report_error("error: MPI_Init failed", CLI_FAIL);
  if (swp_spec_load(pos[0], &s, &e)) {
    swp_mpi_finalize();
    return cli_report_error(e.msg, e.kind);
  }
  swp_run_opts ro = {db, (int)threads, fresh != NULL, bsize, quiet || rank ? NULL : stderr, isatty(2) == 1,
                     rank, size};
  swp_run_stats rs;
  swp_signal_install();
  int rc = swp_run(s, &ro, &rs, &e);
  swp_mpi_finalize();
  if (rc || rank) {
    swp_spec_free(s);
    return rc ? cli_report_error(e.msg, e.kind) : CLI_OK;
  }
  if (size > 1) printf("sweep %s: %d MPI ranks x %d threads\n", s->name, size, (int)threads);
  printf("sweep %s: %llu points (%llu done before), %llu evaluated, %llu pruned, %llu failed rows, "
         "%.2f s, %.1f points/s -> %s\n",
         s->name, (unsigned long long)rs.total, (unsigned long long)rs.skipped,
         (unsigned long long)rs.evaluated, (unsigned long long)rs.pruned, (unsigned long long)rs.failed,
         rs.seconds, rs.seconds > 0 ? (double)(rs.evaluated + rs.pruned) / rs.seconds : 0.0, db);
  swp_spec_free(s);
  if (rs.interrupted) {
    fprintf(stderr, "accel-sim sweep: interrupted; the finished batches are saved, run the same command to resume\n");
    return 130;
  }
  if (swp_pareto(db, "latency,energy", NULL, &e) || swp_pareto(db, "latency,energy,area", NULL, &e))
    return cli_report_error(e.msg, e.kind);
  return CLI_OK;
}

int cli_cmd_pareto(int argc, char **argv) {
  const char *metrics = NULL, *html = NULL, *pos[1];
  cli_opt opts[] = {{"--metrics", true, &metrics}, {"--html", true, &html}};
  int npos, st = cli_args_parse("pareto", argc, argv, opts, 2, pos, 1, &npos);
  if (st == 1) { fputs(pareto_help, stdout); return CLI_OK; }
  if (st) return st;
  if (npos != 1) return cli_usage_error("pareto", "expected one results database");
  if (access(pos[0], R_OK) != 0) return cli_usage_error("pareto", "cannot read '%s'", pos[0]);
  com_err e = {0};
  if (swp_pareto(pos[0], metrics ? metrics : "latency,energy", stdout, &e)) return cli_report_error(e.msg, e.kind ? e.kind : 2);
  if (html && swp_pareto_html(pos[0], metrics ? metrics : "latency,energy", html, &e))
    return cli_report_error(e.msg, e.kind ? e.kind : 1);
  return CLI_OK;
}
