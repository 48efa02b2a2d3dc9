/*
 * target — the storage chain, fan-outs, per-element energies and compute costs one einsum sees
 * on an architecture (see mapping.h). Computed once per einsum; the model only reads it.
 */
#include <string.h>
#include <strings.h>

#include "common/text.h"
#include "mapper/mapping.h"

/* The arch operations one point of es needs, as a bitmask over arch_op. */
static unsigned target_ops(const ops_einsum *es) {
  if (ops_einsum_is_mac(es)) return 1u << ARCH_OP_MAC;
  unsigned ops = 0;
  switch (es->binop) {
  case OPS_BIN_MUL: ops |= 1u << ARCH_OP_MUL; break;
  case OPS_BIN_ADD: ops |= 1u << ARCH_OP_ADD; break;
  case OPS_BIN_SUB: ops |= 1u << ARCH_OP_SUB; break;
  case OPS_BIN_DIV: ops |= 1u << ARCH_OP_DIV; break;
  case OPS_BIN_MAX: ops |= 1u << ARCH_OP_MAX; break;
  case OPS_BIN_NONE: break;
  }
  if (es->unop == OPS_UN_EXP) ops |= 1u << ARCH_OP_EXP;
  if (es->reduce == OPS_RED_SUM) ops |= 1u << ARCH_OP_ADD;
  if (es->reduce == OPS_RED_MAX) ops |= 1u << ARCH_OP_MAX;
  return ops;
}

/* Energy and interval of op on ar: the native unit whose input formats match the einsum's
 * (arch_array_unit_matching), or the array's emulation (exp through exp_cost). */
static bool target_op_cost(const arch_array *ar, arch_op op, const ops_einsum *es, double *pj,
                           uint64_t *ii) {
  const ops_format *fa = es->in[0].format, *fb = es->ninputs > 1 ? es->in[1].format : fa;
  const arch_unit *u = arch_array_unit_matching(ar, op, fa, fb);
  if (u) {
    *pj = u->energy_pj[op].v;
    *ii = u->initiation_interval;
    return true;
  }
  return arch_array_op_energy(ar, op, pj) && arch_array_op_interval(ar, op, ii);
}

/* Energy and interval of one point of es on ar; false when ar lacks an operation. */
static bool target_cost(const arch_array *ar, unsigned ops, const ops_einsum *es, double *pj,
                        uint64_t *ii) {
  *pj = 0;
  *ii = 0;
  for (int op = 0; op < ARCH_OP_COUNT; op++) {
    if (!(ops & (1u << op))) continue;
    double e;
    uint64_t c;
    arch_op o = (arch_op)op;
    /* a subtraction runs on an adder, a multiplication on a MAC unit, when no unit has them */
    if (o == ARCH_OP_SUB && !target_op_cost(ar, o, es, &e, &c)) o = ARCH_OP_ADD;
    if (o == ARCH_OP_MUL && !target_op_cost(ar, o, es, &e, &c)) o = ARCH_OP_MAC;
    if (!target_op_cost(ar, o, es, &e, &c)) return false;
    *pj += e;
    *ii += c;
  }
  if (*ii == 0) *ii = 1;
  return true;
}

static void target_ops_text(unsigned ops, char *buf, size_t cap) {
  buf[0] = 0;
  for (int op = 0; op < ARCH_OP_COUNT; op++)
    if (ops & (1u << op)) {
      if (buf[0]) strncat(buf, ", ", cap - strlen(buf) - 1);
      strncat(buf, arch_op_name((arch_op)op), cap - strlen(buf) - 1);
    }
}

static void target_level(map_target *t, map_tlevel *tl, const arch_level *lv, bool dram) {
  com_strlcpy(tl->name, lv->name, sizeof tl->name);
  tl->lv = lv;
  tl->instances = lv->instances ? lv->instances : 1;
  tl->allow = 0;
  for (int s = 0; s < MAP_NT; s++) {
    const ops_tensor *x = t->tensor[s];
    if (!x) continue;
    if (dram || (lv->keep & (1u << x->role))) tl->allow |= 1u << s;
    double bits = t->bytes_elem[s] * 8.0, width = lv->width_bits ? (double)lv->width_bits : bits;
    tl->rd_pj[s] = lv->read_energy_pj.v * bits / width;
    tl->wr_pj[s] = lv->write_energy_pj.v * bits / width;
  }
}

int map_target_init(const arch_spec *a, const ops_einsum *es, map_target *t, com_err *e) {
  memset(t, 0, sizeof *t);
  t->arch = a;
  t->es = es;
  t->nranks = es->nranks;
  t->nslots = 3;
  t->slot_of_out = 2;
  t->tensor[0] = &es->in[0];
  t->tensor[1] = es->ninputs > 1 ? &es->in[1] : NULL;
  t->tensor[2] = &es->out;
  for (int s = 0; s < MAP_NT; s++) {
    const ops_tensor *x = t->tensor[s];
    if (!x) continue;
    t->bytes_elem[s] = x->format ? x->format->bits_per_elem / 8.0 : 1.0;
    for (int d = 0; d < x->ndims; d++)
      for (int k = 0; k < x->dims[d].nterms; k++) t->relevant[s] |= 1u << x->dims[d].rank[k];
  }
  unsigned ops = target_ops(es);
  const arch_array *best = NULL;
  for (int i = 0; i < a->narrays && !best; i++) /* MAC einsums prefer a 2D array */
    if (target_cost(&a->arrays[i], ops, es, &t->op_pj, &t->op_ii) &&
        (!(ops & (1u << ARCH_OP_MAC)) || a->arrays[i].kind == ARCH_ARRAY_2D))
      best = &a->arrays[i];
  for (int i = 0; i < a->narrays && !best; i++)
    if (target_cost(&a->arrays[i], ops, es, &t->op_pj, &t->op_ii)) best = &a->arrays[i];
  if (!best) {
    char txt[128];
    target_ops_text(ops, txt, sizeof txt);
    return com_err_plain(e, COM_EINPUT, "einsum %s needs %s, which no array of arch '%s' performs",
                         es->name, txt, a->name);
  }
  target_cost(best, ops, es, &t->op_pj, &t->op_ii);
  t->array = best;
  t->pes = best->pes ? best->pes : 1;
  t->clock_hz = a->clock_mhz * 1e6;
  t->depth = 1;
  const ops_format *fa = es->in[0].format, *fb = es->ninputs > 1 ? es->in[1].format : fa;
  for (int op = 0; op < ARCH_OP_COUNT; op++) {
    const arch_unit *u = (ops & (1u << op)) ? arch_array_unit_matching(best, (arch_op)op, fa, fb) : NULL;
    if (u && !t->unit) t->unit = u;
    if (u && u->pipeline_depth > t->depth) t->depth = u->pipeline_depth;
  }
  int attach = best->attach < 0 || best->attach >= a->nlevels ? a->nlevels - 1 : best->attach;
  for (int j = 0; j <= attach; j++) {
    target_level(t, &t->lv[j], &a->levels[j], j == 0);
    t->lv[j].fx = a->levels[j].mesh_x ? a->levels[j].mesh_x : 1;
    t->lv[j].fy = a->levels[j].mesh_y ? a->levels[j].mesh_y : 1;
  }
  t->nlevels = attach + 1;
  map_tlevel *at = &t->lv[attach];
  uint64_t per = t->pes / at->instances ? t->pes / at->instances : 1;
  if (at->fx * at->fy != per) {
    if (per == best->rows * best->cols && at->instances == 1) {
      at->fx = best->cols;
      at->fy = best->rows;
    } else {
      at->fx = per;
      at->fy = 1;
    }
  }
  if (best->has_local) {
    map_tlevel *lt = &t->lv[t->nlevels++];
    target_level(t, lt, &best->local, false);
    if (!lt->name[0]) {
      com_strlcpy(lt->name, best->name, sizeof lt->name - 6);
      strcat(lt->name, "_local");
    }
    lt->instances = t->pes;
    lt->fx = lt->fy = 1;
  }
  return 0;
}

int map_target_slot(const map_target *t, const char *name) {
  for (int s = 0; s < MAP_NT; s++)
    if (t->tensor[s] && strcasecmp(t->tensor[s]->name, name) == 0) return s;
  return -1;
}
