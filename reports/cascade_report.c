/* cascade_report — text and JSON views of a cascade analysis; see cascade_report.h. */
#include "reports/cascade_report.h"

#include <inttypes.h>
#include <stdbool.h>

static void cascade_rank_text(const ops_cascade_rank *b, FILE *out) {
  fprintf(out, "%s", b->name);
  if (b->nparts > 1) {
    fprintf(out, " (");
    for (int k = 0; k < b->nparts; k++) fprintf(out, "%s%s", k ? " x " : "", b->parts[k]);
    fprintf(out, ")");
  }
  fprintf(out, " = %" PRIu64, b->size);
}

void rep_cascade_text(const ops_cascade *c, const ops_cascade_analysis *a, FILE *out) {
  fprintf(out, "cascade %s (%s): %d einsums, inputs", c->name, c->file, c->neinsums);
  for (int i = 0; i < c->ninputs; i++) fprintf(out, " %s", c->inputs[i]);
  fprintf(out, "\n  ranks:");
  for (int r = 0; r < c->nbase; r++) {
    fprintf(out, " ");
    cascade_rank_text(&c->base[r], out);
  }
  if (c->ninit) {
    fprintf(out, "\n  initial values:");
    for (int i = 0; i < c->ninit; i++) fprintf(out, " %s=%g", c->init[i].tensor, c->init[i].value);
  }
  fprintf(out, "\n\npasses: %d (the most over any rank)\n", a->passes);
  bool any_single = false;
  for (int r = 0; r < a->nranks; r++) {
    const ops_cascade_rank_passes *rp = &a->ranks[r];
    if (rp->passes != 1 || c->base[rp->rank].nparts > 1) continue;
    fprintf(out, "%s%s", any_single ? ", " : "1 pass over ", c->base[rp->rank].name);
    any_single = true;
  }
  if (any_single) fputc('\n', out);
  for (int r = 0; r < a->nranks; r++) {
    const ops_cascade_rank_passes *rp = &a->ranks[r];
    const ops_cascade_rank *b = &c->base[rp->rank];
    if (rp->passes == 0 || (rp->passes == 1 && b->nparts == 1)) continue;
    fprintf(out, "\n%d pass%s over ", rp->passes, rp->passes == 1 ? "" : "es");
    cascade_rank_text(b, out);
    fputs(":\n", out);
    for (int i = 0; i < c->neinsums; i++) {
      if (rp->einsum_pass[i]) fprintf(out, "  pass %d  %s\n", rp->einsum_pass[i], c->einsums[i].expr);
      else fprintf(out, "  after   %s\n", c->einsums[i].expr);
    }
    if (rp->nbuffers == 0) fprintf(out, "  kept on chip between passes: nothing\n");
    for (int k = 0; k < rp->nbuffers; k++) {
      const ops_cascade_buffer *buf = &rp->buffers[k];
      fprintf(out, "  kept on chip from pass %d to %d: %s, %" PRIu64 " elements, %s %s\n",
              buf->from_pass, buf->to_pass, buf->tensor, buf->elems,
              buf->grows ? "grows with" : "independent of", b->name);
    }
  }
}

void rep_cascade_json(const ops_cascade *c, const ops_cascade_analysis *a, com_json *j) {
  com_json_obj_begin(j, NULL);
  com_json_str(j, "name", c->name);
  com_json_str(j, "file", c->file);
  com_json_u64(j, "passes", (uint64_t)a->passes);
  com_json_arr_begin(j, "inputs");
  for (int i = 0; i < c->ninputs; i++) com_json_str(j, NULL, c->inputs[i]);
  com_json_arr_end(j);
  com_json_arr_begin(j, "einsums");
  for (int i = 0; i < c->neinsums; i++) com_json_str(j, NULL, c->einsums[i].expr);
  com_json_arr_end(j);
  com_json_arr_begin(j, "ranks");
  for (int r = 0; r < a->nranks; r++) {
    const ops_cascade_rank_passes *rp = &a->ranks[r];
    const ops_cascade_rank *b = &c->base[rp->rank];
    com_json_obj_begin(j, NULL);
    com_json_str(j, "name", b->name);
    com_json_u64(j, "size", b->size);
    com_json_arr_begin(j, "parts");
    for (int k = 0; k < b->nparts; k++) com_json_str(j, NULL, b->parts[k]);
    com_json_arr_end(j);
    com_json_u64(j, "passes", (uint64_t)rp->passes);
    com_json_arr_begin(j, "einsum_pass");
    for (int i = 0; i < c->neinsums; i++) com_json_u64(j, NULL, (uint64_t)rp->einsum_pass[i]);
    com_json_arr_end(j);
    com_json_arr_begin(j, "kept_between_passes");
    for (int k = 0; k < rp->nbuffers; k++) {
      const ops_cascade_buffer *buf = &rp->buffers[k];
      com_json_obj_begin(j, NULL);
      com_json_str(j, "tensor", buf->tensor);
      com_json_u64(j, "from_pass", (uint64_t)buf->from_pass);
      com_json_u64(j, "to_pass", (uint64_t)buf->to_pass);
      com_json_u64(j, "elements", buf->elems);
      com_json_bool(j, "grows_with_rank", buf->grows);
      com_json_obj_end(j);
    }
    com_json_arr_end(j);
    com_json_obj_end(j);
  }
  com_json_arr_end(j);
  com_json_obj_end(j);
}
