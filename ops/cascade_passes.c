/* cascade_passes — pass analysis of an einsum cascade; see cascade.h for the rule. */
#include <string.h>

#include "ops/cascade.h"

/* True when the einsum iterates one of the parts of base rank b. */
static bool passes_iterates(const ops_einsum *es, const ops_cascade_rank *b) {
  for (int k = 0; k < b->nparts; k++)
    if (ops_einsum_rank(es, b->parts[k]) >= 0) return true;
  return false;
}

/* True when operand t of einsum es is indexed by a running part of base rank b. */
static bool passes_indexed_by(const ops_einsum *es, const ops_tensor *t, const ops_cascade_rank *b) {
  for (int d = 0; d < t->ndims; d++)
    for (int i = 0; i < t->dims[d].nterms; i++)
      for (int k = 0; k < b->nparts; k++)
        if (strcmp(es->rank_name[t->dims[d].rank[i]], b->parts[k]) == 0) return true;
  return false;
}

static int passes_producer(const ops_cascade *c, const char *name) {
  for (int i = 0; i < c->neinsums; i++)
    if (strcmp(c->einsums[i].out.name, name) == 0) return i;
  return -1;
}

static void passes_rank(const ops_cascade *c, int rank, ops_cascade_rank_passes *rp) {
  const ops_cascade_rank *b = &c->base[rank];
  memset(rp, 0, sizeof *rp);
  rp->rank = rank;
  int pass[OPS_CASCADE_MAX_EINSUMS];
  /* full[i]: einsum i's result depends on a whole traversal of the rank (it iterates the
   * rank, or reads a value that does), so reading it outside the rank's loop waits for it. */
  bool full[OPS_CASCADE_MAX_EINSUMS];
  const int max_buffers = (int)(sizeof rp->buffers / sizeof rp->buffers[0]);
  for (int i = 0; i < c->neinsums; i++) {
    const ops_einsum *es = &c->einsums[i];
    bool iterates = passes_iterates(es, b);
    int producer[2] = {-1, -1};
    pass[i] = 1;
    full[i] = iterates;
    for (int k = 0; k < es->ninputs; k++) {
      int p = passes_producer(c, es->in[k].name);
      if (p < 0 || p >= i) continue; /* an input, or a recurrence's previous value: same pass */
      producer[k] = p;
      bool completed = full[p] && !passes_indexed_by(es, &es->in[k], b);
      full[i] = full[i] || completed;
      int need = pass[p] + (completed && iterates ? 1 : 0);
      if (need > pass[i]) pass[i] = need;
    }
    /* A value made in an earlier pass and read by a later one must be kept on chip (or read
     * again) between the passes; it grows with the rank when the read is indexed by it. */
    for (int k = 0; k < es->ninputs && iterates; k++) {
      int p = producer[k];
      if (p < 0 || pass[p] >= pass[i] || rp->nbuffers == max_buffers) continue;
      ops_cascade_buffer *buf = &rp->buffers[rp->nbuffers++];
      memcpy(buf->tensor, es->in[k].name, sizeof buf->tensor);
      buf->producer = p;
      buf->consumer = i;
      buf->from_pass = pass[p];
      buf->to_pass = pass[i];
      buf->grows = passes_indexed_by(es, &es->in[k], b);
      buf->elems = c->einsums[p].out.elems;
    }
    rp->einsum_pass[i] = iterates ? pass[i] : 0;
    if (iterates && pass[i] > rp->passes) rp->passes = pass[i];
  }
}

void ops_cascade_passes(const ops_cascade *c, ops_cascade_analysis *out) {
  memset(out, 0, sizeof *out);
  for (int r = 0; r < c->nbase; r++) {
    passes_rank(c, r, &out->ranks[out->nranks]);
    if (out->ranks[out->nranks].passes > out->passes) out->passes = out->ranks[out->nranks].passes;
    out->nranks++;
  }
}
