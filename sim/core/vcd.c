/*
 * vcd — the Value Change Dump writer (see vcd.h).
 */
#include "sim/core/vcd.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int sim_vcd_open(sim_vcd *v, const char *path, uint64_t max, double clock_mhz,
                 const char *const *names, int nwires, com_err *e) {
  memset(v, 0, sizeof *v);
  if (nwires > SIM_VCD_MAX_WIRES) nwires = SIM_VCD_MAX_WIRES;
  v->f = fopen(path, "w");
  if (!v->f) return com_err_file(e, path, "cannot write the VCD file");
  v->path = path;
  v->max = max ? max : 1000000;
  v->nwires = nwires;
  for (int i = 0; i < SIM_VCD_MAX_WIRES; i++) v->last[i] = -1;
  fprintf(v->f, "$version accel-sim cycle simulator $end\n"
                "$comment one time unit = one cycle of the %.6g MHz architecture clock; "
                "a wire is 1 while its engine is busy $end\n"
                "$timescale 1ns $end\n$scope module accel $end\n", clock_mhz);
  for (int i = 0; i < nwires; i++) fprintf(v->f, "$var wire 1 %c %s $end\n", '!' + i, names[i]);
  fprintf(v->f, "$upscope $end\n$enddefinitions $end\n$dumpvars\n");
  for (int i = 0; i < nwires; i++) fprintf(v->f, "0%c\n", '!' + i);
  fprintf(v->f, "$end\n");
  return 0;
}

void sim_vcd_busy(sim_vcd *v, int wire, uint64_t t0, uint64_t t1) {
  if (!v || !v->f || t1 <= t0 || wire < 0 || wire >= v->nwires) return;
  int64_t k = v->last[wire];
  if (k >= 0 && t0 <= v->span[k].t1 && t0 >= v->span[k].t0) { /* touches the latest: extend */
    if (t1 > v->span[k].t1) v->span[k].t1 = t1;
    return;
  }
  if (v->n >= v->max) {
    v->dropped++;
    return;
  }
  if (v->n == v->cap) {
    uint64_t cap = v->cap ? 2 * v->cap : 1024;
    if (cap > v->max) cap = v->max;
    sim_vcd_span *s = realloc(v->span, cap * sizeof *s);
    if (!s) {
      v->dropped++;
      return;
    }
    v->span = s;
    v->cap = cap;
  }
  v->span[v->n] = (sim_vcd_span){t0, t1, wire};
  v->last[wire] = (int64_t)v->n++;
}

typedef struct vcd_edge {
  uint64_t t;
  int wire, value;
} vcd_edge;

static int vcd_cmp(const void *a, const void *b) {
  const vcd_edge *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  if (x->wire != y->wire) return x->wire - y->wire;
  return x->value - y->value; /* a wire's fall before its rise at the same cycle */
}

int sim_vcd_close(sim_vcd *v, com_err *e) {
  if (!v || !v->f) return 0;
  vcd_edge *ed = v->n ? malloc(2 * v->n * sizeof *ed) : NULL;
  int bad = v->n && !ed;
  for (uint64_t i = 0; ed && i < v->n; i++) {
    ed[2 * i] = (vcd_edge){v->span[i].t0, v->span[i].wire, 1};
    ed[2 * i + 1] = (vcd_edge){v->span[i].t1, v->span[i].wire, 0};
  }
  if (ed) qsort(ed, 2 * v->n, sizeof *ed, vcd_cmp);
  /* one wire's spans never overlap, so after sorting each edge flips its wire; a fall and a
   * rise of one wire at the same cycle (spans that touch out of order) cancel out */
  uint64_t now = UINT64_MAX;
  for (uint64_t i = 0; ed && i < 2 * v->n; i++) {
    if (i + 1 < 2 * v->n && ed[i + 1].t == ed[i].t && ed[i + 1].wire == ed[i].wire) {
      i++;
      continue;
    }
    if (ed[i].t != now) fprintf(v->f, "#%" PRIu64 "\n", now = ed[i].t);
    fprintf(v->f, "%d%c\n", ed[i].value, '!' + ed[i].wire);
  }
  if (v->dropped)
    fprintf(v->f, "$comment %" PRIu64 " busy intervals dropped after the first %" PRIu64
                  " (vcd_max) $end\n", v->dropped, v->max);
  free(ed);
  free(v->span);
  v->span = NULL;
  bad |= ferror(v->f);
  bad |= fclose(v->f);
  v->f = NULL;
  return bad ? com_err_file(e, v->path, "writing the VCD file failed") : 0;
}
