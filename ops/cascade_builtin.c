/* cascade_builtin — the built-in cascades, parsed from their embedded YAML; see cascade.h. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "common/text.h"
#include "ops/cascade.h"
#include "ops/cascade_sources.h"

#define BUILTIN_MAX 32

static const char *builtin_names[BUILTIN_MAX + 1];
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void builtin_fill_names(void) {
  for (int i = 0; i < BUILTIN_MAX && ops_cascade_sources[i].name; i++) builtin_names[i] = ops_cascade_sources[i].name;
}

const char *const *ops_cascade_builtin_names(void) {
  pthread_once(&builtin_once, builtin_fill_names);
  return builtin_names;
}

int ops_cascade_builtin(const char *name, const ops_rank_decl *sizes, int nsizes, ops_cascade **out,
                        com_err *e) {
  for (int i = 0; ops_cascade_sources[i].name; i++) {
    const ops_cascade_source *src = &ops_cascade_sources[i];
    if (strcmp(src->name, name) != 0) continue;
    char file[96];
    snprintf(file, sizeof file, "<built-in %s>", name);
    com_ydoc *doc = NULL;
    if (com_ydoc_load_buffer(file, src->text, src->len, &doc, e)) return -1;
    int st = ops_cascade_from_node(doc->root, sizes, nsizes, out, e);
    com_ydoc_free(doc);
    return st;
  }
  char hint[96];
  com_suggest_phrase(name, ops_cascade_builtin_names(), hint, sizeof hint);
  return com_err_plain(e, COM_EINPUT, "no built-in cascade '%s'%s", name, hint);
}
