/* fuse_prog — the fused attention program and its event schedule (see fuse_prog.h). */
#include "sim/core/fuse_prog.h"

#include <string.h>

typedef unsigned __int128 u128;

#define FP_RING 4 /* per-step history kept: the deepest dependency is two steps back */

int sim_fuse_build(const ops_op *op, const map_fuse_result *f, sim_fuse_prog *p, com_err *e) {
  const ops_attention_shape *s = &op->shape.attn;
  const char *name = op->name;
  memset(p, 0, sizeof *p);
  p->name = name;
  p->schedule = f->schedule;
  bool flat = f->schedule == OPS_SCHED_FLAT;
  p->pipelined = f->schedule == OPS_SCHED_FUSEMAX || f->schedule == OPS_SCHED_CASCADE;
  p->passes = flat || s->cascade == OPS_CASCADE_2PASS ? 2 : 1; /* FLAT: QK, then AV */
  p->steps = f->steps;
  u128 q = (u128)s->batch * s->heads * f->q_tiles;
  if (q > UINT64_MAX || (u128)f->steps * (u128)p->passes > SIM_FUSE_MAX_STEPS)
    return com_err_at(e, op->loc, "op '%s', schedule %s: %llu pipeline steps x %d traversals "
                         "are more than the cycle simulator runs for a fused op (%llu); use the "
                         "analytical engine", name, ops_attn_schedule_name(f->schedule),
                         (unsigned long long)f->steps,
                         p->passes, (unsigned long long)SIM_FUSE_MAX_STEPS);
  p->q_tiles = (uint64_t)q;
  memcpy(p->work, f->pass_busy, sizeof p->work);
  memcpy(p->flat, f->flat_busy, sizeof p->flat);
  p->score_bytes = f->dram_scores / 4; /* QK written, read; A written, read */
  p->kv_bytes = f->dram_kv;
  p->q_bytes = f->dram_read - f->dram_kv - 2 * p->score_bytes;
  p->o_bytes = f->dram_write - 2 * p->score_bytes;
  p->model_compute = f->compute_cycles;
  p->model_cycles = f->cycles;
  p->model_dram_bytes = f->dram_bytes;
  p->energy_pj = f->energy_pj;
  p->e_dram_pj = f->e_dram_pj;
  p->e_compute_pj = f->e_compute_pj;
  return 0;
}

/* Part i of n of total, spread evenly (the first total % n parts one more). */
static uint64_t fp_share(uint64_t total, uint64_t n, uint64_t i) {
  return n ? total / n + (i < total % n) : 0;
}

static uint64_t fp_max(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* One DMA queue: the issue cycle of its last request and its window of completions. */
typedef struct fp_queue {
  uint64_t t, last_done, k, ring[64];
} fp_queue;

/* Moves bytes at addr once `ready` (a buffer or data dependency) allows, as the SystemC DMA
 * does (sim_engines.cpp): requests of dma->req with at most dma->nout in flight, the window
 * carrying over between descriptors. Waiting with nothing in flight counts in *stall; busy is
 * the in-flight time no earlier descriptor covered. Returns the last completion. */
static uint64_t fp_transfer(sim_dram *d, fp_queue *q, const sim_fuse_dma *dma, uint64_t ready,
                            uint64_t addr, uint64_t bytes, sim_engine_stats *es, uint64_t *stall) {
  uint64_t idle_from = fp_max(q->t, q->last_done);
  if (ready > idle_from) *stall += ready - idle_from;
  uint64_t issue = fp_max(q->t, ready), begin = fp_max(issue, q->last_done), last = issue;
  uint64_t req = dma->req, nout = dma->nout;
  if (bytes / req > 4096) req = (bytes + 4095) / 4096; /* as the SystemC DMA coalesces */
  for (uint64_t off = 0; off < bytes; q->k++, off += req) {
    uint64_t n = bytes - off < req ? bytes - off : req;
    if (q->k >= nout && q->ring[q->k % nout] > issue) issue = q->ring[q->k % nout];
    uint64_t done = sim_dram_access(d, issue, addr + off, n);
    q->ring[q->k % nout] = done;
    last = fp_max(last, done);
  }
  if (last > q->last_done) {
    es->busy += last > begin ? last - begin : 0;
    q->last_done = last;
  }
  q->t = issue;
  return last;
}

/* The union of the two arrays' busy intervals, merged in start order: each array's intervals
 * arrive sorted, and none that starts before `bound` can still arrive. */
typedef struct fp_union {
  uint64_t iv[2][16][2];
  int head[2], n[2];
  uint64_t cov, total;
} fp_union;

static void fp_union_take(fp_union *u, int x) {
  uint64_t *v = u->iv[x][u->head[x]];
  if (v[0] >= u->cov) u->total += v[1] - v[0];
  else if (v[1] > u->cov) u->total += v[1] - u->cov;
  u->cov = fp_max(u->cov, v[1]);
  u->head[x] = (u->head[x] + 1) % 16;
  u->n[x]--;
}

static void fp_union_flush(fp_union *u, uint64_t bound) {
  for (;;) {
    int x = -1;
    for (int k = 0; k < 2; k++)
      if (u->n[k] && (x < 0 || u->iv[k][u->head[k]][0] < u->iv[x][u->head[x]][0])) x = k;
    if (x < 0 || (u->iv[x][u->head[x]][0] > bound && u->n[0] < 15 && u->n[1] < 15)) return;
    fp_union_take(u, x);
  }
}

static void fp_union_add(fp_union *u, int x, uint64_t a, uint64_t b) {
  if (b <= a) return;
  uint64_t *v = u->iv[x][(u->head[x] + u->n[x]) % 16];
  v[0] = a;
  v[1] = b;
  u->n[x]++;
}

/* r's cycles, compute, DRAM figures, idle times and utilizations of a run from start to end
 * (both schedules' epilogue). */
static void fp_finish(const sim_fuse_prog *p, uint64_t start, uint64_t end, uint64_t compute,
                      sim_result *r) {
  r->cycles = end - start;
  r->compute = compute;
  r->dma_stall = r->cycles - compute;
  r->dram_read_bytes = p->q_bytes + p->kv_bytes + 2 * p->score_bytes;
  r->dram_write_bytes = p->o_bytes + 2 * p->score_bytes;
  sim_engine_stats *all[4] = {&r->eng[SIM_ENG_LOAD], &r->eng[SIM_ENG_STORE],
                              &r->eng[SIM_ENG_ARRAY], &r->eng1d};
  for (int k = 0; k < 4; k++) {
    uint64_t used = all[k]->busy + all[k]->stall_in + all[k]->stall_out;
    all[k]->idle = r->cycles > used ? r->cycles - used : 0;
  }
  double cyc = (double)r->cycles;
  r->dram_bw = r->cycles ? (double)(r->dram_read_bytes + r->dram_write_bytes) / cyc : 0;
  r->utilization = r->cycles ? (double)r->eng[SIM_ENG_ARRAY].busy / cyc : 0;
  r->utilization_1d = r->cycles ? (double)r->eng1d.busy / cyc : 0;
}

/* FLAT's run (fuse_prog.h): the arrays, the DMA queues and the overlap union. */
typedef struct fp_flat {
  const sim_fuse_prog *p;
  sim_dram *d;
  const sim_fuse_dma *dma;
  sim_result *r;
  fp_queue ld, st;
  fp_union u;
  uint64_t start, a_free, c_free, n, end;
  uint64_t a_end[FP_RING];       /* 2D end of key-tile step n: the K/V double buffer */
  uint64_t qk_end[FP_RING];      /* row block j's pass 1 (2D) end: the Q double buffer */
  uint64_t av_end[FP_RING];      /* its pass 3 end: the score-row double buffer */
  uint64_t sm_end[FP_RING];      /* its pass 2 end (1D, then the 2D share) */
  uint64_t o_done[FP_RING];      /* its O store: the O double buffer */
  uint64_t qk_stored[FP_RING];   /* spilled: its QK rows in DRAM */
  uint64_t a_stored[FP_RING];    /* spilled: its A rows in DRAM */
  uint64_t kv_off, q_off, o_off, s_off[4]; /* spilled: QK written, read; A written, read */
} fp_flat;

/* Runs w cycles on array x (0: 2D, 1: 1D) once its inputs (in) and its output buffer (out) are
 * ready; returns the end. */
static uint64_t fp_flat_work(fp_flat *f, int x, uint64_t in, uint64_t out, uint64_t w) {
  sim_engine_stats *es = x ? &f->r->eng1d : &f->r->eng[SIM_ENG_ARRAY];
  uint64_t *fr = x ? &f->c_free : &f->a_free;
  uint64_t t = fp_max(*fr, in), s0 = fp_max(t, out);
  es->stall_in += t - *fr;
  es->stall_out += s0 - t;
  es->busy += w;
  *fr = s0 + w;
  fp_union_add(&f->u, x, s0, *fr);
  fp_union_flush(&f->u, f->a_free < f->c_free ? f->a_free : f->c_free);
  return *fr;
}

static uint64_t fp_flat_load(fp_flat *f, uint64_t ready, uint64_t *off, uint64_t base, uint64_t b) {
  sim_engine_stats *el = &f->r->eng[SIM_ENG_LOAD];
  uint64_t done = fp_transfer(f->d, &f->ld, f->dma, ready, base + *off, b, el, &el->stall_out);
  *off += b;
  return done;
}

static uint64_t fp_flat_store(fp_flat *f, uint64_t ready, uint64_t *off, uint64_t base, uint64_t b) {
  sim_engine_stats *es = &f->r->eng[SIM_ENG_STORE];
  uint64_t done = fp_transfer(f->d, &f->st, f->dma, ready, base + *off, b, es, &es->stall_in);
  *off += b;
  f->end = fp_max(f->end, done);
  return done;
}

/* Pass 1 (pass 0) or 3 (pass 2) of row block j over its key tiles (as the other schedules'
 * query tiles: steps floor(j S / Q) .. floor((j + 1) S / Q) - 1): per step the K (V)
 * tile load, the spilled A rows' load (pass 3), the 2D work and its 1D share (none unless an
 * operation moved), the spilled QK rows' store (pass 1); O stored after pass 3. The spilled QK
 * rows live at 3 << 40, the A rows at 4 << 40, each read back in the order written. */
static void fp_flat_keys(fp_flat *f, int pass, uint64_t j) {
  const sim_fuse_prog *p = f->p;
  uint64_t k0 = (uint64_t)((u128)j * p->steps / p->q_tiles);
  uint64_t k1 = (uint64_t)((u128)(j + 1) * p->steps / p->q_tiles);
  uint64_t nsteps = 2 * p->steps, in, out, ring = j % FP_RING;
  if (pass == 0) {
    uint64_t qready = j >= 2 ? f->qk_end[(j - 2) % FP_RING] : f->start;
    uint64_t av_prev = j >= 2 ? f->av_end[(j - 2) % FP_RING] : f->start;
    in = fp_flat_load(f, qready, &f->q_off, 0, fp_share(p->q_bytes, p->q_tiles, j));
    out = av_prev; /* the score rows of block j - 2 are consumed */
  } else { /* the softmax's 2D share first (it waits for the 1D part), then AV */
    uint64_t w2 = fp_share(p->flat[1][MAP_FUSE_2D], p->q_tiles, j);
    in = w2 ? fp_flat_work(f, 0, f->sm_end[ring], f->start, w2) : f->sm_end[ring];
    if (p->score_bytes)
      f->a_stored[ring] = fp_flat_store(f, in, &f->s_off[2], (uint64_t)4 << 40,
                                        fp_share(p->score_bytes, p->q_tiles, j));
    out = j >= 2 ? f->o_done[(j - 2) % FP_RING] : f->start;
  }
  uint64_t last = in; /* a block without key tiles still orders its passes */
  for (uint64_t k = k0; k < k1; k++, f->n++) {
    uint64_t ready = f->n >= 2 ? f->a_end[(f->n - 2) % FP_RING] : f->start;
    uint64_t t = fp_flat_load(f, ready, &f->kv_off, (uint64_t)1 << 40,
                              fp_share(p->kv_bytes, nsteps, f->n));
    if (pass == 2 && p->score_bytes)
      t = fp_max(t, fp_flat_load(f, fp_max(ready, f->a_stored[ring]), &f->s_off[3],
                                 (uint64_t)4 << 40, fp_share(p->score_bytes, p->steps, k)));
    uint64_t a = fp_flat_work(f, 0, fp_max(t, in), out,
                              fp_share(p->flat[pass][MAP_FUSE_2D], p->steps, k));
    f->a_end[f->n % FP_RING] = a;
    uint64_t w1 = fp_share(p->flat[pass][MAP_FUSE_1D], p->steps, k);
    last = fp_max(last, w1 ? fp_flat_work(f, 1, a, f->start, w1) : a);
    if (pass == 0 && p->score_bytes)
      f->qk_stored[ring] = fp_flat_store(f, a, &f->s_off[0], (uint64_t)3 << 40,
                                         fp_share(p->score_bytes, p->steps, k));
  }
  f->end = fp_max(f->end, last);
  if (pass == 0) f->qk_end[ring] = last;
  else {
    f->av_end[ring] = last;
    f->o_done[ring] = fp_flat_store(f, last, &f->o_off, (uint64_t)2 << 40,
                                    fp_share(p->o_bytes, p->q_tiles, j));
  }
}

/* Pass 2 of row block j on the 1D array: the spilled QK rows' load, the softmax work (its 2D
 * share, operations the 1D array lacks, and the spilled A rows' store open pass 3). */
static void fp_flat_softmax(fp_flat *f, uint64_t j) {
  const sim_fuse_prog *p = f->p;
  uint64_t ring = j % FP_RING, in = f->qk_end[ring];
  if (p->score_bytes)
    in = fp_flat_load(f, fp_max(in, f->qk_stored[ring]), &f->s_off[1], (uint64_t)3 << 40,
                      fp_share(p->score_bytes, p->q_tiles, j));
  uint64_t w1 = fp_share(p->flat[1][MAP_FUSE_1D], p->q_tiles, j);
  f->sm_end[ring] = w1 ? fp_flat_work(f, 1, in, f->start, w1) : in;
  f->end = fp_max(f->end, f->sm_end[ring]);
}

/* FLAT (fuse_prog.h): row blocks in the order QK(0), SM(0), then per j QK(j+1), SM(j+1), AV(j). */
static void fp_exec_flat(const sim_fuse_prog *p, sim_dram *d, uint64_t start, const sim_fuse_dma *dma,
                         sim_result *r) {
  fp_flat f;
  memset(&f, 0, sizeof f);
  f.p = p, f.d = d, f.dma = dma, f.r = r, f.start = f.a_free = f.c_free = f.end = start;
  f.ld = (fp_queue){.t = start, .last_done = start};
  f.st = f.ld;
  uint64_t nb = p->q_tiles;
  for (uint64_t j = 0; j <= nb; j++) {
    if (j < nb) {
      fp_flat_keys(&f, 0, j);
      fp_flat_softmax(&f, j);
    }
    if (j >= 1)
      fp_flat_keys(&f, 2, j - 1);
  }
  fp_union_flush(&f.u, UINT64_MAX);
  uint64_t end = fp_max(fp_max(f.end, f.ld.last_done), f.st.last_done);
  end = fp_max(end, fp_max(f.a_free, f.c_free));
  r->tiles = f.n + nb;
  fp_finish(p, start, end, f.u.total, r);
}

void sim_fuse_exec(const sim_fuse_prog *p, sim_dram *d, uint64_t start, const sim_fuse_dma *dma,
                   sim_result *r) {
  if (p->schedule == OPS_SCHED_FLAT) {
    fp_exec_flat(p, d, start, dma, r);
    return;
  }
  fp_queue ld = {.t = start, .last_done = start}, st = {.t = start, .last_done = start};
  fp_union u;
  memset(&u, 0, sizeof u);
  sim_engine_stats *el = &r->eng[SIM_ENG_LOAD], *es = &r->eng[SIM_ENG_STORE];
  sim_engine_stats *e2 = &r->eng[SIM_ENG_ARRAY], *e1 = &r->eng1d;
  uint64_t a_free = start, c_free = start, end = start, n = 0;
  uint64_t a_end[FP_RING] = {0}, c_end[FP_RING] = {0}, tile_a[FP_RING] = {0}, o_done[FP_RING] = {0};
  uint64_t nsteps = p->steps * (uint64_t)p->passes, kv_off = 0, q_off = 0, o_off = 0;
  for (uint64_t j = 0; j < p->q_tiles; j++) {
    uint64_t k0 = (uint64_t)((u128)j * p->steps / p->q_tiles);
    uint64_t k1 = (uint64_t)((u128)(j + 1) * p->steps / p->q_tiles);
    uint64_t qb = fp_share(p->q_bytes, p->q_tiles, j), ready = j >= 2 ? tile_a[(j - 2) % FP_RING] : start;
    uint64_t q_done = fp_transfer(d, &ld, dma, ready, q_off, qb, el, &el->stall_out);
    q_off += qb;
    uint64_t last_c = q_done, last_a = q_done;
    for (int pass = 0; pass < p->passes; pass++)
      for (uint64_t k = k0; k < k1; k++, n++) {
        uint64_t kb = fp_share(p->kv_bytes, nsteps, n);
        ready = n >= 2 ? a_end[(n - 2) % FP_RING] : start; /* K/V double-buffered */
        uint64_t kv = fp_transfer(d, &ld, dma, ready, ((uint64_t)1 << 40) + kv_off, kb, el, &el->stall_out);
        kv_off += kb;
        /* the 2D array: inputs, then the 1D array's progress */
        uint64_t t = fp_max(a_free, fp_max(kv, q_done));
        e2->stall_in += t - a_free;
        uint64_t dep = p->pipelined ? (n >= 2 ? c_end[(n - 2) % FP_RING] : start)
                                    : (n >= 1 ? c_end[(n - 1) % FP_RING] : start);
        uint64_t a0 = fp_max(t, dep), wa = fp_share(p->work[pass][MAP_FUSE_2D], p->steps, k);
        e2->stall_out += a0 - t;
        e2->busy += wa;
        a_free = a_end[n % FP_RING] = last_a = a0 + wa;
        fp_union_add(&u, 0, a0, a_free);
        /* the 1D array: the step's 2D results, then (first step of a tile) a free O buffer */
        t = fp_max(c_free, a_free);
        e1->stall_in += t - c_free;
        uint64_t c0 = t;
        if (pass == 0 && k == k0 && j >= 2) c0 = fp_max(t, o_done[(j - 2) % FP_RING]);
        e1->stall_out += c0 - t;
        uint64_t wc = fp_share(p->work[pass][MAP_FUSE_1D], p->steps, k);
        e1->busy += wc;
        c_free = c_end[n % FP_RING] = last_c = c0 + wc;
        fp_union_add(&u, 1, c0, c_free);
        fp_union_flush(&u, a_free);
      }
    tile_a[j % FP_RING] = last_a;
    uint64_t ob = fp_share(p->o_bytes, p->q_tiles, j);
    o_done[j % FP_RING] = fp_transfer(d, &st, dma, last_c, ((uint64_t)2 << 40) + o_off, ob, es, &es->stall_in);
    o_off += ob;
    end = fp_max(end, fp_max(o_done[j % FP_RING], last_c));
  }
  fp_union_flush(&u, UINT64_MAX);
  end = fp_max(end, fp_max(ld.last_done, fp_max(a_free, c_free)));
  r->tiles = n;
  fp_finish(p, start, end, u.total, r);
}
