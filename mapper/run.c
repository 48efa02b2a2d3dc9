/* run — map and evaluate one operator (see run.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mapper/run.h"

const com_ynode *map_run_fixed_for(const com_ynode *root, const ops_op *op, const ops_einsum *es) {
  if (!root) return NULL;
  if (root->kind == COM_Y_SEQ) return root;
  const com_ynode *list = root->kind == COM_Y_MAP ? com_yget(root, "mappings") : NULL;
  if (!list || list->kind != COM_Y_SEQ) return NULL;
  for (size_t i = 0; i < list->len; i++) {
    const com_ynode *it = list->items[i], *o, *x, *mp;
    if (it->kind != COM_Y_MAP || !(o = com_yget(it, "op")) || !o->text ||
        strcmp(o->text, op->name) != 0 || !(mp = com_yget(it, "mapping")))
      continue;
    x = com_yget(it, "einsum");
    if (!x || (x->text && strcmp(x->text, es->name) == 0)) return mp;
  }
  return NULL;
}

static const char *const run_root_keys[] = {"mappings", NULL};
static const char *const run_entry_keys[] = {"op", "einsum", "mapping", NULL};

int map_run_fixed_check(const com_ynode *root, const ops_op *ops, int nops, com_err *e) {
  if (root->kind == COM_Y_SEQ) return 0;
  const com_ynode *list, *n;
  if (com_yexpect(root, COM_Y_MAP, "mapping file", e) ||
      com_ycheck_keys(root, "mapping file", run_root_keys, e) ||
      com_yrequire(root, "mappings", "mapping file", &list, e) ||
      com_yexpect(list, COM_Y_SEQ, "mappings", e))
    return -1;
  for (size_t i = 0; i < list->len; i++) {
    const com_ynode *it = list->items[i];
    const char *opname, *esname;
    if (com_yexpect(it, COM_Y_MAP, "mappings entry", e) ||
        com_ycheck_keys(it, "mappings entry", run_entry_keys, e) ||
        com_yrequire(it, "op", "mappings entry", &n, e) || com_ystr(n, "op", &opname, e) ||
        com_yrequire(it, "mapping", "mappings entry", &n, e) ||
        com_yexpect(n, COM_Y_SEQ, "mapping", e))
      return -1;
    const ops_op *op = NULL;
    for (int k = 0; k < nops && !op; k++)
      if (strcmp(ops[k].name, opname) == 0) op = &ops[k];
    if (!op) return com_err_at(e, com_yget(it, "op")->loc, "the workload has no op '%s'", opname);
    if (!(n = com_yget(it, "einsum"))) continue;
    if (com_ystr(n, "einsum", &esname, e)) return -1;
    bool found = false;
    for (int k = 0; k < op->neinsums; k++) found |= strcmp(op->einsums[k].name, esname) == 0;
    if (!found) return com_err_at(e, n->loc, "op %s has no einsum '%s'", op->name, esname);
  }
  return 0;
}

static int run_prefix(com_err *e, const ops_op *op, const ops_einsum *es) {
  char msg[COM_ERR_MAX];
  snprintf(msg, sizeof msg, "%s", e->msg);
  const char *body = strncmp(msg, "error: ", 7) == 0 ? msg + 7 : msg;
  if (body != msg) /* plain errors gain the op and einsum; located ones already point there */
    com_err_plain(e, e->kind ? e->kind : COM_EINPUT, "op %s, einsum %s: %s", op->name, es->name,
                  body);
  return -1;
}

/* A fused attention schedule: one analytical evaluation of the whole op (fuse.h). */
static int run_fused(const ops_op *op, const arch_spec *a, map_op_run *run, com_err *e) {
  const ops_format *f = op->neinsums ? op->einsums[0].in[0].format : NULL;
  uint64_t w = f && f->bits_per_elem > 0 ? (uint64_t)((f->bits_per_elem + 7) / 8) : 2;
  map_fuse_result *r = &run->fuse;
  if (map_fuse_eval(&op->shape.attn, op->shape.attn.schedule, w, a, r, e)) {
    char msg[COM_ERR_MAX];
    snprintf(msg, sizeof msg, "%s", strncmp(e->msg, "error: ", 7) == 0 ? e->msg + 7 : e->msg);
    return com_err_at(e, op->loc, "op %s: %s", op->name, msg);
  }
  run->fused = true;
  run->cycles = r->cycles;
  run->dram_bytes = r->dram_bytes;
  run->macs = r->macs;
  run->points = r->actions[0] + r->actions[1];
  run->latency_s = r->latency_s;
  run->energy_pj = r->energy_pj;
  run->utilization = r->util[MAP_FUSE_2D];
  map_bound_op(op, a, &run->bound);
  /* Fused: no intermediate leaves the chip, so the compulsory traffic is Q, K, V and O. */
  const ops_attention_shape *s = &op->shape.attn;
  double bh = (double)s->batch * (double)s->heads, d = (double)s->head_dim;
  run->bound.compulsory_bytes = bh * d * (2.0 * (double)s->seq_q + 2.0 * (double)s->seq_kv) * (double)w;
  run->bound.lower_bytes = run->bound.compulsory_bytes > run->bound.io_bytes
                               ? run->bound.compulsory_bytes : run->bound.io_bytes;
  return 0;
}

int map_run_op(const ops_op *op, const arch_spec *a, const map_options *o, int threads,
               const com_ynode *fixed, map_op_run *run, com_err *e) {
  memset(run, 0, sizeof *run);
  run->op = op;
  run->es = calloc((size_t)(op->neinsums ? op->neinsums : 1), sizeof *run->es);
  if (!run->es) return com_err_oom(e);
  if (op->kind == OPS_KIND_ATTENTION && op->shape.attn.schedule != OPS_SCHED_UNFUSED)
    return run_fused(op, a, run, e);
  run->n = op->neinsums;
  double busy = 0;
  for (int i = 0; i < op->neinsums; i++) {
    const ops_einsum *es = &op->einsums[i];
    map_einsum_run *x = &run->es[i];
    if (map_target_init(a, es, &x->t, e)) return run_prefix(e, op, es);
    const com_ynode *node = map_run_fixed_for(fixed, op, es);
    if (node) {
      if (map_mapping_read(&x->t, node, &x->m, e)) return -1;
      if (!map_model_eval(&x->t, &x->m, &x->r)) {
        char why[512];
        map_model_overflow_text(&x->t, &x->r, why, sizeof why);
        return com_err_at(e, node->loc, "the mapping of einsum %s does not fit: %s", es->name, why);
      }
    } else {
      map_best b;
      if (map_search_einsum(&x->t, o, threads, &b, e)) return run_prefix(e, op, es);
      x->m = b.m;
      x->r = b.r;
      x->st = b.st;
      x->searched = true;
      if (o->search == MAP_SEARCH_ILP) {
        map_mapping im;
        map_result ir;
        if (map_ilp_einsum(&x->t, o, &b, &im, &ir, &x->ilp, e)) return run_prefix(e, op, es);
        x->has_ilp = true;
        if (x->ilp.fits && x->ilp.cost < b.cost) {
          x->ilp.chosen = true;
          x->m = im;
          x->r = ir;
        }
      }
    }
    run->cycles += x->r.cycles;
    run->energy_pj += x->r.energy_pj;
    run->dram_bytes += x->r.dram_bytes;
    run->points += x->r.points;
    if (ops_einsum_is_mac(es)) run->macs += x->r.points;
    busy += x->r.utilization * (double)x->r.cycles;
  }
  double hz = a->clock_mhz * 1e6;
  run->latency_s = hz > 0 ? (double)run->cycles / hz : 0;
  run->utilization = run->cycles ? busy / (double)run->cycles : 0;
  map_bound_op(op, a, &run->bound);
  return 0;
}

void map_run_free(map_op_run *run) {
  free(run->es);
  memset(run, 0, sizeof *run);
}
