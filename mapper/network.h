/*
 * network — the whole-network part of `accel-sim run`: after every op is mapped on its own
 * (each op reads its inputs from DRAM and writes its output to DRAM), the workload's operator
 * graph (map_graph_from_workload: a chain, weights as graph inputs) is planned by the residency
 * ILP (mapper/schedule.h) in an on-chip budget, giving the spill and reload traffic that the
 * per-op figures do not contain.
 *
 * Budget rule: the capacity (size_bytes x instances) of the largest on-chip level that the ops'
 * tensors stream through, i.e. among the levels 1..attach of the arrays the ops run on (every
 * array when some op has no einsum mapped, e.g. a fused attention): only levels that keep
 * inputs (the activations handed from op to op) unless none does; a level with one instance
 * (a buffer shared by every PE: the global buffer) before per-PE levels, whose aggregate is
 * partitioned; then the largest; ties go to the outer level. The capacity is taken whole.
 *
 * Planner settings (deterministic for a given time limit): the workload's order only
 * (fixed order, no min-peak or free-schedule ILPs), map_sched_defaults() otherwise, the time
 * limit per residency window = the mapper's time_limit_s.
 * Not thread-safe per result; reentrant.
 */
#ifndef MAP_NETWORK_H
#define MAP_NETWORK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arch/arch.h"
#include "common/json.h"
#include "mapper/graph.h"
#include "mapper/run.h"
#include "ops/workload.h"

/* What became of the plan. Figures (compulsory, noncompulsory) are valid only for MAP_NET_PLANNED. */
typedef enum {
  MAP_NET_PLANNED,      /* a checked plan; see status (optimal, feasible, segmented, ...) */
  MAP_NET_BELOW_WS,     /* the budget is below the largest op's working set (op named in msg) */
  MAP_NET_NO_BUFFER,    /* no on-chip level between DRAM and the arrays */
  MAP_NET_FAILED        /* the graph or the planner failed (msg says why) */
} map_net_outcome;

typedef struct map_network {
  map_net_outcome outcome;
  char status[32];          /* planner status (map_sched_status_name), or "below-working-set",
                               "no-buffer", "failed" */
  char level[ARCH_NAME_MAX];/* the level whose capacity is the budget ("" for no-buffer) */
  uint64_t level_bytes, level_instances;
  uint64_t budget_bytes;    /* level_bytes x level_instances */
  int ops, tensors;         /* of the graph */
  uint64_t m_r;             /* the largest op working set (inputs + outputs) */
  char m_r_op[64];          /* that op */
  uint64_t compulsory_bytes;    /* first load of every graph input + write of every graph output */
  uint64_t noncompulsory_bytes; /* the plan's spills + retrievals + reloads of graph inputs */
  double gap;               /* relative MIP gap; -1 unknown or segmented */
  double seconds;           /* the whole planning (ILP, addresses, checker, baselines) */
  bool segmented;
  int windows;
  char msg[COM_ERR_MAX];     /* why there is no figure (outcome != PLANNED) */
} map_network;

/* Plans the workload's graph in the budget of a (rule above). runs: the nops mapped ops
 * (used to find the arrays; may be NULL). Never fails: planner errors land in out->outcome
 * and out->msg. */
void map_network_plan(const ops_workload *w, const arch_spec *a, const map_op_run *runs,
                      double time_limit_s, map_network *out);

/* Plans g (the workload's order) at n->budget_bytes, which the caller sets; fills every other
 * figure of n (level fields untouched). Never fails (see n->outcome). */
void map_network_plan_graph(const map_graph *g, double time_limit_s, map_network *n);

/* The "network" section of the text report (several lines, ending with a blank line), and the
 * `network` JSON object under key (fields in docs/report-fields.md). per_op_dram is the sum of
 * the ops' dram_bytes. */
void map_network_text(FILE *f, const map_network *n, uint64_t per_op_dram);
void map_network_json(com_json *j, const char *key, const map_network *n);

#endif
