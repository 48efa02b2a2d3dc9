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
  if (f->schedule == OPS_SCHED_FLAT)
    return com_err_at(e, op->loc, "op '%s': the cycle simulator does not run schedule flat "
                         "yet (its row blocks are not a key-tile pipeline); it runs architecture, "
                         "fusemax, cascade and flash; use the analytical engine for flat "
                         "(docs/simulator.md)", name);
  p->pipelined = f->schedule == OPS_SCHED_FUSEMAX || f->schedule == OPS_SCHED_CASCADE;
  p->passes = s->cascade == OPS_CASCADE_2PASS ? 2 : 1;
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
  p->kv_bytes = f->dram_kv;
  p->q_bytes = f->dram_read - f->dram_kv;
  p->o_bytes = f->dram_write;
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

void sim_fuse_exec(const sim_fuse_prog *p, sim_dram *d, uint64_t start, const sim_fuse_dma *dma,
                   sim_result *r) {
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
  r->cycles = end - start;
  r->compute = u.total;
  r->dma_stall = r->cycles - u.total;
  r->tiles = n;
  r->dram_read_bytes = p->q_bytes + p->kv_bytes;
  r->dram_write_bytes = p->o_bytes;
  sim_engine_stats *all[4] = {el, es, e2, e1};
  for (int k = 0; k < 4; k++) {
    uint64_t used = all[k]->busy + all[k]->stall_in + all[k]->stall_out;
    all[k]->idle = r->cycles > used ? r->cycles - used : 0;
  }
  double cyc = (double)r->cycles;
  r->dram_bw = r->cycles ? (double)(r->dram_read_bytes + r->dram_write_bytes) / cyc : 0;
  r->utilization = r->cycles ? (double)e2->busy / cyc : 0;
  r->utilization_1d = r->cycles ? (double)e1->busy / cyc : 0;
}
