/*
 * load — what every workload subcommand does first: load the workload, resolve its
 * architecture (inline, a path relative to the workload, or --arch FILE) and its options.
 */
#ifndef CLI_LOAD_H
#define CLI_LOAD_H

#include "arch/arch.h"
#include "mapper/options.h"
#include "mapper/run.h"
#include "ops/workload.h"
#include "reports/options.h"

typedef struct cli_session {
  ops_workload *workload;
  arch_spec *arch;
  char arch_file[4096];  /* the file the arch came from, or the workload's when inline */
  map_options map;
  rep_options report;
} cli_session;

/* Loads workload_path; arch_override (may be NULL) replaces the workload's `arch:`.
 * Returns 0, or -1 with the error in e (the session is then empty). */
int cli_session_load(const char *workload_path, const char *arch_override, cli_session *s, com_err *e);
void cli_session_free(cli_session *s);
/* Maps every op of the session: searched, or taken from a mapping file's root node (checked
 * against the workload first) when mapping is not NULL. *runs is a new array whose first *done
 * entries must be freed with map_run_free, also on failure. Returns 0, or -1 with e set. */
int cli_session_map(const cli_session *s, const com_ynode *mapping, map_op_run **runs, int *done,
                    com_err *e);

#endif
