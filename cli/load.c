/* load — workload + arch + options; see load.h for the contract. */
#include "cli/load.h"

#include <stdlib.h>
#include <string.h>

#include "common/text.h"

static int load_arch(cli_session *s, const char *arch_override, com_err *e) {
  const ops_workload *w = s->workload;
  if (arch_override) {
    com_strlcpy(s->arch_file, arch_override, sizeof s->arch_file);
    return arch_load_file(arch_override, &s->arch, e);
  }
  if (w->arch->kind == COM_Y_MAP) {
    com_strlcpy(s->arch_file, w->file, sizeof s->arch_file);
    return arch_load_node(w->arch, &s->arch, e);
  }
  if (com_path_relative_to(w->file, w->arch->text, s->arch_file, sizeof s->arch_file))
    return com_err_at(e, w->arch->loc, "the arch path is too long");
  if (arch_load_file(s->arch_file, &s->arch, e) == 0) return 0;
  /* A missing arch file is the workload's mistake: point at the line that names it. */
  const char *reason = strstr(e->msg, "cannot open file: ");
  if (reason) {
    char why[256];
    com_strlcpy(why, reason + strlen("cannot open file: "), sizeof why);
    return com_err_at(e, w->arch->loc, "cannot open arch file '%s': %s", s->arch_file, why);
  }
  return -1;
}

int cli_session_load(const char *workload_path, const char *arch_override, cli_session *s, com_err *e) {
  memset(s, 0, sizeof *s);
  if (ops_workload_load(workload_path, arch_override == NULL, &s->workload, e) ||
      map_options_parse(s->workload->mapper, s->workload->simulate, &s->map, e) ||
      rep_options_parse(s->workload->report, &s->report, e) || load_arch(s, arch_override, e)) {
    cli_session_free(s);
    return -1;
  }
  return 0;
}

void cli_session_free(cli_session *s) {
  arch_free(s->arch);
  ops_workload_free(s->workload);
  memset(s, 0, sizeof *s);
}

int cli_session_map(const cli_session *s, const com_ynode *mapping, map_op_run **runs, int *done,
                    com_err *e) {
  const ops_workload *w = s->workload;
  *done = 0;
  *runs = calloc((size_t)(w->nops ? w->nops : 1), sizeof **runs);
  if (!*runs) return com_err_oom(e);
  if (mapping && map_run_fixed_check(mapping, w->ops, w->nops, e)) return -1;
  for (; *done < w->nops; (*done)++)
    if (map_run_op(&w->ops[*done], s->arch, &s->map, (int)s->map.threads, mapping,
                   &(*runs)[*done], e)) {
      (*done)++;
      return -1;
    }
  return 0;
}
