/* options — mapper and simulate sections; see options.h for the contract. */
#include "mapper/options.h"

static const char *const objective_names[] = {"latency", "energy", "edp", "dram_traffic", NULL};
static const char *const search_names[] = {"auto", "exhaustive", "random", "ilp", NULL};
static const char *const engine_names[] = {"analytical", "cycle", NULL};
static const char *const mapper_keys[] = {"objective", "search", "time_limit_s", "threads", "seed", NULL};
static const char *const simulate_keys[] = {"engine", "memory", NULL};
static const char *const memory_names[] = {"realistic", "ideal", NULL};

int map_options_parse(const com_ynode *mapper, const com_ynode *simulate, map_options *opts,
                      com_err *e) {
  *opts = (map_options){MAP_OBJ_EDP, MAP_SEARCH_AUTO, 30.0, 0, 1, MAP_ENGINE_ANALYTICAL, false};
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
  }
  return 0;
}

const char *map_objective_name(map_objective o) { return objective_names[o]; }
const char *map_search_name(map_search s) { return search_names[s]; }
const char *map_engine_name(map_engine g) { return engine_names[g]; }
