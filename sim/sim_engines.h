/*
 * sim_engines — the SystemC modules of the simulator (C++17, thin: timing comes from the C
 * cores). One SC_THREAD per engine; time in cycles, one cycle = 1 ns of SystemC time.
 *
 *   sim_dram      TLM target: channels, bandwidth, latency, bursts (core sim_dram)
 *   sim_spad      TLM target: counts scratchpad bytes (bank timing is per step, in the array)
 *   sim_dma       two threads (load queue, store queue), TLM initiators to DRAM and scratchpad,
 *                 descriptor split into requests with an outstanding-request limit
 *   sim_array     the 2D or 1D array the einsum is bound to: bursts of folds, fill/drain
 *   sim_ctrl      the controller: issues each job's tile program to the engines, waits for them
 * Engines synchronize through time-stamped tokens in sim_shared (counts of generations loaded,
 * released, stored and tiles computed, with the cycle each happened); a waiting engine syncs
 * its quantum keeper and waits on `progress`. Timestamps make the result independent of the
 * quantum except for the order in which the two DMA queues reach the DRAM channels.
 */
#ifndef SIM_ENGINES_H
#define SIM_ENGINES_H

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

extern "C" {
#include "sim/core/fuse_prog.h"
#include "sim/core/lower.h"
#include "sim/core/trace.h"
#include "sim/core/vcd.h"
#include "sim/sim.h"
}

#define SIM_RING 4 /* token ring per slot: > the largest nbuf */

/* The initiator's own cycle, carried with a transaction. Under temporal decoupling a thread that
 * waited on an event may resume with its logical time behind the kernel's (it is never moved
 * forward to it: the token it waited for carries the cycle that matters), and a TLM delay
 * cannot be negative; the target reads the issue cycle here and writes the completion back. */
struct sim_time_ext : tlm::tlm_extension<sim_time_ext> {
  uint64_t cycle = 0;
  tlm::tlm_extension_base *clone() const override { return new sim_time_ext(*this); }
  void copy_from(const tlm::tlm_extension_base &x) override {
    cycle = static_cast<const sim_time_ext &>(x).cycle;
  }
};

struct sim_shared {
  const sim_prog *p = nullptr;
  sim_result *r = nullptr;
  const sim_config *cfg = nullptr;
  sim_trace *trace = nullptr;                    /* NULL: no trace */
  sim_vcd *vcd = nullptr;                        /* NULL: no value change dump */
  uint64_t start = 0;                            /* job start cycle */
  uint64_t loaded[MAP_NT] = {}, load_t[MAP_NT][SIM_RING] = {};   /* generations loaded */
  uint64_t released[MAP_NT] = {}, rel_t[MAP_NT][SIM_RING] = {};  /* last use done */
  uint64_t stored = 0, store_t[SIM_RING] = {};
  uint64_t computed = 0;
  uint64_t finish[SIM_ENG_COUNT] = {};           /* each engine's last cycle in the job */
  int done = 0;                                  /* engines finished with the job */
  const char *where[SIM_ENG_COUNT] = {};         /* what each engine waits for (deadlock) */
  uint64_t at[SIM_ENG_COUNT] = {};               /* its position */
  sc_core::sc_event progress, start_ev, done_ev;
};

/* Local time of one engine: absolute cycles, synced through a quantum keeper. */
struct sim_clock {
  tlm_utils::tlm_quantumkeeper qk;
  uint64_t t = 0;
  void reset() { qk.reset(); }
  static uint64_t global() { return (uint64_t)(sc_core::sc_time_stamp() / sc_core::sc_time(1, sc_core::SC_NS)); }
  void to(uint64_t c);                 /* advance to cycle c (never backwards) */
  void sync();                         /* global time catches up with t */
  sc_core::sc_time offset() const;
};

SC_MODULE(sim_dram_mod) {
  tlm_utils::simple_target_socket<sim_dram_mod> ld, st; /* one port per DMA queue */
  sim_dram core;
  SC_CTOR(sim_dram_mod) : ld("ld"), st("st") {
    ld.register_b_transport(this, &sim_dram_mod::b_transport);
    st.register_b_transport(this, &sim_dram_mod::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
};

SC_MODULE(sim_spad_mod) {
  tlm_utils::simple_target_socket<sim_spad_mod> dma, array; /* one port per initiator */
  uint64_t bytes = 0;
  SC_CTOR(sim_spad_mod) : dma("dma"), array("array") {
    dma.register_b_transport(this, &sim_spad_mod::b_transport);
    array.register_b_transport(this, &sim_spad_mod::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
};

/* One DMA queue's request window: completion cycles of the last `outstanding` requests. */
struct sim_dma_queue {
  uint64_t ring[64] = {};
  uint64_t k = 0, last_done = 0;
};

SC_MODULE(sim_dma_mod) {
  tlm_utils::simple_initiator_socket<sim_dma_mod> dram_ld, dram_st, spad;
  sim_shared *sh = nullptr;
  sim_clock ld, st;
  sim_dma_queue qld, qst;
  SC_CTOR(sim_dma_mod) : dram_ld("dram_ld"), dram_st("dram_st"), spad("spad") {
    SC_THREAD(load_thread);
    SC_THREAD(store_thread);
  }
  void load_thread();
  void store_thread();
  uint64_t transfer(tlm_utils::simple_initiator_socket<sim_dma_mod> &s, sim_clock &c,
                    sim_dma_queue &q, bool write, uint64_t addr, uint64_t bytes, int eng);
};

SC_MODULE(sim_array_mod) {
  tlm_utils::simple_initiator_socket<sim_array_mod> spad;
  sim_shared *sh = nullptr;
  sim_clock c;
  SC_CTOR(sim_array_mod) : spad("spad") { SC_THREAD(run); }
  void run();
};

SC_MODULE(sim_ctrl_mod) {
  sim_shared *sh = nullptr;
  const sim_job *jobs = nullptr;
  const sim_config *run_cfg = nullptr;
  sim_prog *progs = nullptr;
  const sim_fuse_prog *const *fuse = nullptr; /* per job: a fused op's program, or NULL */
  sim_result *out = nullptr;
  int n = 0, finished = 0;
  uint64_t total = 0;
  sim_dram_mod *dram = nullptr;
  sim_spad_mod *sp = nullptr;
  SC_CTOR(sim_ctrl_mod) { SC_THREAD(run); }
  void run();
  uint64_t run_fused(const sim_fuse_prog *fp, const sim_config *cfg, uint64_t t, sim_result *r);
};

#endif
