/* options — mapper and simulate sections; see options.h for the contract. */
#include "mapper/options.h"

static const char *const objective_names[] = {"latency", "energy", "edp", "dram_traffic", NULL};
static const char *const search_names[] = {"auto", "exhaustive", "random", "ilp", NULL};
static const char *const engine_names[] = {"analytical", "cycle", NULL};
static const char *const mapper_keys[] = {"objective", "search", "time_limit_s", "threads", "seed", NULL};
static const char *const simulate_keys[] = {"engine", "memory", "functional", "data", "dram", NULL};
static const char *const dram_keys[] = {"banks", "row_bytes", "row_hit_cycles", "row_miss_cycles", NULL};
static const char *const memory_names[] = {"realistic", "ideal", NULL};

/* simulate.dram: all four keys are required so that a half-specified model is never guessed. */
static int parse_dram(const com_ynode *n, map_dram_rows *d, com_err *e) {
  const com_ynode *v;
  if (com_yexpect(n, COM_Y_MAP, "simulate.dram", e) ||
      com_ycheck_keys(n, "'simulate.dram'", dram_keys, e))
    return -1;
  if (com_yrequire(n, "banks", "simulate.dram", &v, e) ||
      com_yu64(v, "simulate.dram.banks", 1, 1024, &d->banks, e) ||
      com_yrequire(n, "row_bytes", "simulate.dram", &v, e) ||
      com_ybytes(v, "simulate.dram.row_bytes", 1, &d->row_bytes, e) ||
      com_yrequire(n, "row_hit_cycles", "simulate.dram", &v, e) ||
      com_yu64(v, "simulate.dram.row_hit_cycles", 0, 1u << 20, &d->row_hit_cycles, e) ||
      com_yrequire(n, "row_miss_cycles", "simulate.dram", &v, e) ||
      com_yu64(v, "simulate.dram.row_miss_cycles", d->row_hit_cycles, 1u << 20,
               &d->row_miss_cycles, e))
    return -1;
  return 0;
}

int map_options_parse(const com_ynode *mapper, const com_ynode *simulate, map_options *opts,
                      com_err *e) {
  *opts = (map_options){.objective = MAP_OBJ_EDP, .search = MAP_SEARCH_AUTO, .time_limit_s = 30.0,
                        .seed = 1, .engine = MAP_ENGINE_ANALYTICAL, .data_seed = 1};
  const com_ynode *n;
  int idx;
  if (mapper) {
    if (com_yexpect(mapper, COM_Y_MAP, "mapper", e) || com_ycheck_keys(mapper, "'mapper'", mapper_keys, e))
      return -1;
    if ((n = com_yget(mapper, "objective"))) {
      if (com_yenum(n, "objective", objective_names, &idx, e)) return -1;
      opts->objective = (map_objective)idx;
    }
    if ((n = com_yget(mapper, "search"))) {
      if (com_yenum(n, "search", search_names, &idx, e)) return -1;
      opts->search = (map_search)idx;
    }
    if ((n = com_yget(mapper, "time_limit_s")) &&
        com_yf64(n, "time_limit_s", 1e-3, 7 * 24 * 3600.0, &opts->time_limit_s, e))
      return -1;
    if ((n = com_yget(mapper, "threads")) && com_yu64(n, "threads", 0, 4096, &opts->threads, e))
      return -1;
    if ((n = com_yget(mapper, "seed")) && com_yu64(n, "seed", 0, UINT64_MAX, &opts->seed, e))
      return -1;
  }
  if (simulate) {
    if (com_yexpect(simulate, COM_Y_MAP, "simulate", e) ||
        com_ycheck_keys(simulate, "'simulate'", simulate_keys, e))
      return -1;
    if ((n = com_yget(simulate, "engine"))) {
      if (com_yenum(n, "simulation engine", engine_names, &idx, e)) return -1;
      opts->engine = (map_engine)idx;
    }
    if ((n = com_yget(simulate, "memory"))) {
      if (com_yenum(n, "memory model", memory_names, &idx, e)) return -1;
      opts->ideal_memory = idx == 1;
    }
    if ((n = com_yget(simulate, "functional")) && com_ybool(n, "simulate.functional", &opts->functional, e))
      return -1;
    if ((n = com_yget(simulate, "data"))) {
      /* its other keys (tensor files, distribution, ...) belong to the functional mode,
       * which parses and checks the node itself (sim/core/func.h) */
      if (com_yexpect(n, COM_Y_MAP, "simulate.data", e)) return -1;
      opts->data = n;
      const com_ynode *sd = com_yget(n, "seed");
      if (sd && com_yu64(sd, "simulate.data.seed", 0, UINT64_MAX, &opts->data_seed, e)) return -1;
    }
    if ((n = com_yget(simulate, "dram")) && parse_dram(n, &opts->dram, e)) return -1;
  }
  return 0;
}

const char *map_objective_name(map_objective o) { return objective_names[o]; }
const char *map_search_name(map_search s) { return search_names[s]; }
const char *map_engine_name(map_engine g) { return engine_names[g]; }
