/*
 * sim_engines — DRAM, scratchpad, DMA and array engines (see sim_engines.h). Each thread walks
 * the job's tile program with its own streaming iterator (core/lower.h) and waits on the
 * tokens the program defines.
 */
#include "sim/sim_engines.h"

using sc_core::sc_time;
using sc_core::SC_NS;

void sim_clock::to(uint64_t c) {
  if (c <= t) return;
  t = c;
  qk.set(offset());
  if (qk.need_sync()) sync();
}

void sim_clock::sync() {
  qk.set(offset());
  qk.sync();
}

sc_time sim_clock::offset() const {
  uint64_t g = global();
  return sc_time((double)(t > g ? t - g : 0), SC_NS);
}

void sim_dram_mod::b_transport(tlm::tlm_generic_payload &gp, sc_time &delay) {
  uint64_t g = sim_clock::global();
  uint64_t now = g + (uint64_t)(delay / sc_time(1, SC_NS));
  sim_time_ext *x = nullptr;
  gp.get_extension(x);
  if (x) now = x->cycle; /* the initiator's own cycle (may lag the kernel's) */
  uint64_t done = sim_dram_access(&core, now, gp.get_address(), gp.get_data_length());
  if (x) x->cycle = done;
  delay = sc_time((double)(done > g ? done - g : 0), SC_NS);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void sim_spad_mod::b_transport(tlm::tlm_generic_payload &gp, sc_time &) {
  bytes += gp.get_data_length();
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

/* Waits (syncing first) until cond() holds; records what the engine waits for. */
template <class F>
static void sim_wait(sim_shared *sh, sim_clock &c, int eng, const char *what, F cond) {
  if (cond()) return;
  sh->where[eng] = what;
  c.sync();
  while (!cond()) sc_core::wait(sh->progress);
  sh->where[eng] = nullptr;
  /* no move to the kernel's time: the token's cycle decides (see sim_time_ext) */
}

static void sim_signal(sim_shared *sh) { sh->progress.notify(sc_core::SC_ZERO_TIME); }

static void sim_finish(sim_shared *sh, sim_clock &c, int eng) {
  sh->finish[eng] = c.t;
  c.sync();
  sh->done++;
  sh->done_ev.notify(sc_core::SC_ZERO_TIME);
}

/* Cycles a DMA queue stalled waiting for a token: from when it had nothing in flight (its
 * clock t0 is the issue cycle of its last request, whose transfers still count as busy) to
 * the cycle the token let it go on. Keeps busy and stalled disjoint. */
static uint64_t sim_stalled(uint64_t t0, uint64_t last_done, uint64_t now) {
  uint64_t from = t0 > last_done ? t0 : last_done;
  return now > from ? now - from : 0;
}

/* Moves bytes between DRAM and the scratchpad as requests of dma_request_bytes with at most
 * dma_outstanding in flight per queue (the window carries over between descriptors, so
 * consecutive descriptors pipeline). The queue's clock advances to the issue of the last
 * request; returns the completion cycle of the last. Engine eng is busy for the cycles the
 * queue had requests in flight that no earlier descriptor already covered. */
uint64_t sim_dma_mod::transfer(tlm_utils::simple_initiator_socket<sim_dma_mod> &s, sim_clock &c,
                               sim_dma_queue &q, bool write, uint64_t addr, uint64_t bytes,
                               int eng) {
  const sim_config *cfg = sh->cfg;
  uint64_t req = cfg->dma_request_bytes ? cfg->dma_request_bytes : 4096;
  if (bytes / req > 4096) req = (bytes + 4095) / 4096; /* coalesce absurd descriptors */
  uint64_t nout = cfg->dma_outstanding ? cfg->dma_outstanding : 8;
  if (nout > 64) nout = 64;
  uint64_t issue = c.t, begin = c.t > q.last_done ? c.t : q.last_done, last = c.t;
  static unsigned char dummy[1];
  tlm::tlm_generic_payload gp;
  sim_time_ext ext;
  gp.set_extension(&ext);
  for (uint64_t off = 0; off < bytes; q.k++, off += req) {
    uint64_t n = bytes - off < req ? bytes - off : req;
    if (q.k >= nout && q.ring[q.k % nout] > issue) issue = q.ring[q.k % nout];
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(addr + off);
    gp.set_data_ptr(dummy); /* timing-only payload: no data travels (no functional mode yet) */
    gp.set_data_length((unsigned)n);
    gp.set_streaming_width((unsigned)n);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    uint64_t g = sim_clock::global();
    sc_time d((double)(issue > g ? issue - g : 0), SC_NS);
    ext.cycle = issue;
    s->b_transport(gp, d);
    uint64_t done = ext.cycle;
    q.ring[q.k % nout] = done;
    if (done > last) last = done;
  }
  if (last > q.last_done) {
    sh->r->eng[eng].busy += last > begin ? last - begin : 0;
    sim_vcd_busy(sh->vcd, eng, begin, last);
    q.last_done = last;
  }
  gp.set_command(write ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
  gp.set_data_length((unsigned)(bytes > 0xffffffffu ? 0xffffffffu : bytes));
  sc_time z = sc_core::SC_ZERO_TIME;
  spad->b_transport(gp, z);
  gp.clear_extension(&ext); /* the payload must not free a stack extension */
  c.to(issue);
  return last;
}

/* Base address of generation g of slot s in DRAM (distinct regions per slot). */
static uint64_t sim_addr(const sim_prog *p, int s, uint64_t g) {
  return ((uint64_t)s << 40) + (g * p->tile_bytes[s]) % ((uint64_t)1 << 40);
}

void sim_dma_mod::load_thread() {
  for (;;) {
    sc_core::wait(sh->start_ev);
    const sim_prog *p = sh->p;
    sim_result *r = sh->r;
    ld.t = sh->start;
    sim_iter it;
    sim_iter_init(&it, p);
    sim_tile tl;
    while (sim_lower_next(&it, &tl)) {
      sh->at[SIM_ENG_LOAD] = tl.index;
      for (int s = 0; s < MAP_NT; s++) {
        if (p->home[s] < 0 || !tl.fresh[s] || (s == 2 && !tl.reload)) continue;
        uint64_t g = tl.gen[s], nb = (uint64_t)p->nbuf[s], t0 = ld.t;
        if (g >= nb) {
          if (s == 2) {
            sim_wait(sh, ld, SIM_ENG_LOAD, "an output buffer (store)", [&] { return sh->stored > g - nb; });
            ld.to(sh->store_t[(g - nb) % SIM_RING]);
          } else {
            sim_wait(sh, ld, SIM_ENG_LOAD, "an input buffer (compute)", [&] { return sh->released[s] > g - nb; });
            ld.to(sh->rel_t[s][(g - nb) % SIM_RING]);
          }
        }
        r->eng[SIM_ENG_LOAD].stall_out += sim_stalled(t0, qld.last_done, ld.t);
        uint64_t bytes = p->tile_bytes[s] * p->dram_scale[s], begin = ld.t;
        uint64_t done = transfer(dram_ld, ld, qld, false, sim_addr(p, s, g), bytes, SIM_ENG_LOAD);
        r->dram_read_bytes += bytes;
        sim_energy_dma(p, s, false, r->lv);
        sh->load_t[s][g % SIM_RING] = done;
        if (sh->trace) {
          char nm[96];
          snprintf(nm, sizeof nm, "load %s#%llu", p->t->tensor[s]->name, (unsigned long long)g);
          sim_trace_slice(sh->trace, SIM_ENG_LOAD, nm, begin, done - begin);
        }
        sh->loaded[s] = g + 1;
        sim_signal(sh);
      }
    }
    ld.to(qld.last_done);
    sim_finish(sh, ld, SIM_ENG_LOAD);
  }
}

void sim_dma_mod::store_thread() {
  for (;;) {
    sc_core::wait(sh->start_ev);
    const sim_prog *p = sh->p;
    sim_result *r = sh->r;
    st.t = sh->start;
    sim_iter it;
    sim_iter_init(&it, p);
    sim_tile tl;
    while (sim_lower_next(&it, &tl)) {
      if (!tl.last[2]) continue;
      sh->at[SIM_ENG_STORE] = tl.index;
      uint64_t g = tl.gen[2], t0 = st.t;
      sim_wait(sh, st, SIM_ENG_STORE, "a finished output tile (compute)", [&] { return sh->released[2] > g; });
      st.to(sh->rel_t[2][g % SIM_RING]);
      r->eng[SIM_ENG_STORE].stall_in += sim_stalled(t0, qst.last_done, st.t);
      uint64_t bytes = p->tile_bytes[2] * p->dram_scale[2], begin = st.t;
      uint64_t done = transfer(dram_st, st, qst, true, sim_addr(p, 2, g), bytes, SIM_ENG_STORE);
      r->dram_write_bytes += bytes;
      sim_energy_dma(p, 2, true, r->lv);
      sh->store_t[g % SIM_RING] = done;
      if (sh->trace) {
        char nm[96];
        snprintf(nm, sizeof nm, "store %s#%llu", p->t->tensor[2]->name, (unsigned long long)g);
        sim_trace_slice(sh->trace, SIM_ENG_STORE, nm, begin, done - begin);
      }
      sh->stored = g + 1;
      sim_signal(sh);
    }
    st.to(qst.last_done);
    sim_finish(sh, st, SIM_ENG_STORE);
  }
}

void sim_array_mod::run() {
  for (;;) {
    sc_core::wait(sh->start_ev);
    const sim_prog *p = sh->p;
    sim_result *r = sh->r;
    c.t = sh->start;
    uint64_t stream_end = sh->start, over = p->is2d ? sim_a2d_overhead(&p->a2d) : sim_vec_overhead(p->depth);
    bool in_burst = false;
    sim_iter it;
    sim_iter_init(&it, p);
    sim_tile tl;
    tlm::tlm_generic_payload gp;
    static unsigned char dummy[1];
    while (sim_lower_next(&it, &tl)) {
      sh->at[SIM_ENG_ARRAY] = tl.index;
      uint64_t t0 = c.t, g2 = tl.gen[2], nb2 = (uint64_t)p->nbuf[2];
      for (int s = 0; s < MAP_NT; s++) {
        if (p->home[s] < 0 || s == 2) continue;
        uint64_t g = tl.gen[s];
        sim_wait(sh, c, SIM_ENG_ARRAY, "an input tile (load)", [&] { return sh->loaded[s] > g; });
        c.to(sh->load_t[s][g % SIM_RING]);
      }
      if (tl.reload) {
        sim_wait(sh, c, SIM_ENG_ARRAY, "partial sums (load)", [&] { return sh->loaded[2] > g2; });
        c.to(sh->load_t[2][g2 % SIM_RING]);
      }
      uint64_t t1 = c.t;
      if (tl.fresh[2] && g2 >= nb2) {
        /* the first results land `over` cycles after the stream starts: the buffer's previous
         * generation must be stored by then, not before the start */
        sim_wait(sh, c, SIM_ENG_ARRAY, "an output buffer (store)", [&] { return sh->stored > g2 - nb2; });
        uint64_t free_at = sh->store_t[(g2 - nb2) % SIM_RING];
        c.to(free_at > over ? free_at - over : 0);
      }
      r->eng[SIM_ENG_ARRAY].stall_in += t1 - t0;
      r->eng[SIM_ENG_ARRAY].stall_out += c.t - t1;
      uint64_t start = c.t > stream_end ? c.t : stream_end;
      bool burst_start = !in_burst || start > stream_end;
      if (burst_start) {
        if (in_burst) r->fill_drain += start - stream_end < over ? start - stream_end : over;
        r->bursts++;
        in_burst = true;
      }
      uint64_t cost, comp, bank = 0, bub = 0;
      if (p->is2d) {
        uint64_t bc = tl.acc_in ? p->bank_acc : p->bank_fresh;
        uint64_t stall = bc > p->ii ? bc - p->ii : 0;
        cost = sim_a2d_tile(&p->a2d, sim_a2d_chain(&p->a2d, tl.acc_in, p->has_acc), stall,
                            burst_start, &comp, &bank, &bub);
      } else {
        cost = comp = sim_vec_tile(p->per_lane, p->ii);
      }
      r->compute += comp;
      r->bank += bank;
      r->bubble += bub;
      r->eng[SIM_ENG_ARRAY].busy += cost;
      sim_vcd_busy(sh->vcd, SIM_ENG_ARRAY, start, start + cost);
      gp.set_command(tlm::TLM_READ_COMMAND);
      gp.set_data_ptr(dummy);
      gp.set_data_length((unsigned)(p->tile_bytes[0] + p->tile_bytes[1]));
      sc_time z = sc_core::SC_ZERO_TIME;
      spad->b_transport(gp, z);
      stream_end = start + cost;
      c.to(stream_end);
      if (sh->trace) {
        char nm[64];
        snprintf(nm, sizeof nm, "tile %llu%s", (unsigned long long)tl.index, tl.acc_in ? " +psum" : "");
        sim_trace_slice(sh->trace, SIM_ENG_ARRAY, nm, start, cost);
      }
      for (int s = 0; s < MAP_NT; s++) {
        if (p->home[s] < 0 || !tl.last[s]) continue;
        sh->rel_t[s][tl.gen[s] % SIM_RING] = s == 2 ? stream_end + over : stream_end;
        sh->released[s] = tl.gen[s] + 1;
      }
      sh->computed = tl.index + 1;
      r->tiles++;
      sim_signal(sh);
    }
    r->fill_drain += over;
    c.to(stream_end + over);
    sim_finish(sh, c, SIM_ENG_ARRAY);
  }
}
