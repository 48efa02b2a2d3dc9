/* workload — the top level of workload.yaml; see workload.h for the contract. */
#include "ops/workload.h"

#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "ops/op_parse.h"

static const char *const top_keys[] = {"version", "name", "arch", "workload", "mapper",
                                       "simulate", "report", NULL};
static const char *const workload_keys[] = {"defaults", "ops", NULL};
static const char *const default_keys[] = {"format", "acc", NULL};

static int workload_defaults(ops_workload *w, const com_ynode *node, com_err *e) {
  w->default_format = ops_format_find("fp16");
  w->default_acc = ops_format_find("fp32");
  if (!node) return 0;
  if (com_yexpect(node, COM_Y_MAP, "defaults", e) || com_ycheck_keys(node, "'defaults'", default_keys, e))
    return -1;
  const com_ynode *f = com_yget(node, "format"), *acc = com_yget(node, "acc");
  if (f && ops_format_from_node(f, "format", &w->default_format, e)) return -1;
  if (acc && ops_format_from_node(acc, "acc", &w->default_acc, e)) return -1;
  return 0;
}

static int workload_ops(ops_workload *w, const com_ynode *list, com_err *e) {
  if (com_yexpect(list, COM_Y_SEQ, "ops", e)) return -1;
  if (list->len == 0) return com_err_at(e, list->loc, "'ops' is empty: a workload needs at least one op");
  if (list->len > OPS_MAX_OPS)
    return com_err_at(e, list->loc, "'ops' has %zu entries, more than %d", list->len, OPS_MAX_OPS);
  w->ops = calloc(list->len, sizeof *w->ops);
  if (!w->ops) return com_err_oom(e);
  ops_defaults d = {w->default_format, w->default_acc};
  for (size_t i = 0; i < list->len; i++) {
    ops_op *op = &w->ops[w->nops];
    if (ops_op_parse(list->items[i], &d, op, e)) return -1;
    w->nops++;
    for (int j = 0; j < w->nops - 1; j++)
      if (strcmp(w->ops[j].name, op->name) == 0)
        return com_err_at(e, op->loc, "duplicate op name '%s' (first used at line %d)", op->name,
                          w->ops[j].loc.line);
    if (!com_add_u64(w->macs, op->macs, &w->macs) ||
        !com_add_u64(w->other_ops, op->other_ops, &w->other_ops))
      return com_err_at(e, op->loc, "the workload's total operation count overflows 64 bits");
  }
  return 0;
}

static int workload_parse(ops_workload *w, bool arch_required, com_err *e) {
  const com_ynode *root = w->doc->root, *n;
  if (root->kind != COM_Y_MAP)
    return com_err_at(e, root->loc, "a workload file must be a mapping (version, name, arch, "
                      "workload, ...), got %s", com_ykind_name(root));
  if (com_ycheck_keys(root, "the workload file", top_keys, e)) return -1;
  uint64_t version;
  if (com_yrequire(root, "version", "the workload file", &n, e) ||
      com_yu64(n, "version", 0, UINT64_MAX, &version, e))
    return -1;
  if (version != 1)
    return com_err_at(e, n->loc, "unsupported version %llu (this accel-sim reads version 1)",
                      (unsigned long long)version);
  if (com_yrequire(root, "name", "the workload file", &n, e) || com_ystr(n, "name", &w->name, e))
    return -1;
  w->arch = com_yget(root, "arch");
  if (!w->arch && arch_required)
    return com_err_at(e, root->loc, "missing required key 'arch' in the workload file (or pass --arch FILE)");
  if (w->arch && w->arch->kind != COM_Y_MAP && com_ystr(w->arch, "arch", &(const char *){0}, e))
    return -1;
  w->mapper = com_yget(root, "mapper");
  w->simulate = com_yget(root, "simulate");
  w->report = com_yget(root, "report");
  const com_ynode *body;
  if (com_yrequire(root, "workload", "the workload file", &body, e) ||
      com_yexpect(body, COM_Y_MAP, "workload", e) ||
      com_ycheck_keys(body, "'workload'", workload_keys, e))
    return -1;
  if (workload_defaults(w, com_yget(body, "defaults"), e)) return -1;
  if (com_yrequire(body, "ops", "'workload'", &n, e)) return -1;
  return workload_ops(w, n, e);
}

int ops_workload_load(const char *path, bool arch_required, ops_workload **out, com_err *e) {
  ops_workload *w = calloc(1, sizeof *w);
  if (!w) return com_err_oom(e);
  if (com_ydoc_load_file(path, "base", &w->doc, e) || (w->file = w->doc->file, 0) ||
      workload_parse(w, arch_required, e)) {
    ops_workload_free(w);
    return -1;
  }
  *out = w;
  return 0;
}

int ops_workload_load_buffer(const char *name, const void *buf, size_t len, bool arch_required,
                             ops_workload **out, com_err *e) {
  ops_workload *w = calloc(1, sizeof *w);
  if (!w) return com_err_oom(e);
  if (com_ydoc_load_buffer(name, buf, len, &w->doc, e) || (w->file = w->doc->file, 0) ||
      workload_parse(w, arch_required, e)) {
    ops_workload_free(w);
    return -1;
  }
  *out = w;
  return 0;
}

void ops_workload_free(ops_workload *w) {
  if (!w) return;
  for (int i = 0; i < w->nops; i++) ops_op_clear(&w->ops[i]);
  free(w->ops);
  com_ydoc_free(w->doc);
  free(w);
}
