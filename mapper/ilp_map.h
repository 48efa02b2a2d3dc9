/*
 * ilp_map — the exact mode (`mapper: {search: ilp}`): tiling as a MIP in the style of CoSA,
 * solved by GLPK through ilp/, warm-started with the search's best mapping.
 *
 * Binary x[i][k] places prime factor i of a rank (every prime with its multiplicity) in slot k
 * (a level's temporal loops, or its X or Y fan-out). Rows: every factor in one slot; fan-outs
 * in the log domain (sum log p <= log fan); a rank on one axis per level; capacity in the log
 * domain per kept tensor, each tensor getting an equal share of the level (conservative: a
 * sliding window counts as the product of its ranks). Bypass is the search's. Objective (log
 * domain): w_c x log(temporal iterations) + w_t x sum over tensors of log(DRAM loops of ranks
 * that do not index them); weights by objective (latency: compute, energy/dram: traffic, edp:
 * both). Loop orders of the MIP's tiling are chosen by the model (each rank innermost in turn,
 * level by level). The MIP optimum is optimal for this surrogate, not for the model's objective:
 * the caller keeps whichever of the MIP's and the search's mappings the model rates better.
 * Calls GLPK: not thread-safe.
 */
#ifndef MAP_ILP_MAP_H
#define MAP_ILP_MAP_H

#include "ilp/ilp.h"
#include "mapper/search.h"

typedef struct map_ilp_info {
  ilp_status status;
  double gap, seconds, objective;
  int vars;
  bool warm_used;       /* the search's mapping satisfied the MIP's rows and seeded it */
  bool fits;            /* the MIP's mapping fits the buffers under the model */
  double cost;          /* its objective value under the model */
  bool chosen;          /* better than the search's mapping, and used */
} map_ilp_info;

/* Solves the MIP for t with the time limit of o; warm: the search's best (required). On
 * success (even when the MIP has no solution: see info->status) returns 0 and, when the MIP's
 * mapping fits, fills *m and *r with it. -1 with an error when the solver failed. */
int map_ilp_einsum(const map_target *t, const map_options *o, const map_best *warm, map_mapping *m,
                   map_result *r, map_ilp_info *info, com_err *e);

#endif
