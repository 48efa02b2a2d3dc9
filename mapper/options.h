/*
 * options — the `mapper:` and `simulate:` sections of a workload: what the mapper optimizes,
 * how it searches, its limits, and which engine evaluates the chosen mappings.
 *
 *   mapper:   {objective: latency|energy|edp|dram_traffic (edp), search: auto|exhaustive|
 *              random|ilp (auto), time_limit_s: > 0 (30), threads: >= 0 (0 = all cores),
 *              seed: integer (1)}
 *   simulate: {engine: analytical|cycle (analytical), memory: realistic|ideal (realistic),
 *              functional: true|false (false), data: {seed: integer (1), ...functional-mode
 *              keys, checked by sim/core/func.h},
 *              dram: {banks: 1..1024, row_bytes: bytes, row_hit_cycles: >= 0,
 *                     row_miss_cycles: >= row_hit_cycles} (absent: no bank/row model)}
 */
#ifndef MAP_OPTIONS_H
#define MAP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/ydoc.h"

typedef enum { MAP_OBJ_LATENCY, MAP_OBJ_ENERGY, MAP_OBJ_EDP, MAP_OBJ_DRAM } map_objective;
typedef enum { MAP_SEARCH_AUTO, MAP_SEARCH_EXHAUSTIVE, MAP_SEARCH_RANDOM, MAP_SEARCH_ILP } map_search;
typedef enum { MAP_ENGINE_ANALYTICAL, MAP_ENGINE_CYCLE } map_engine;

/* Optional open-page DRAM bank/row-buffer model of the cycle simulator; banks == 0: off. */
typedef struct map_dram_rows {
  uint64_t banks;
  uint64_t row_bytes;
  uint64_t row_hit_cycles;   /* cycles added to an access whose row is open in its bank */
  uint64_t row_miss_cycles;  /* cycles added to an access that must open another row */
} map_dram_rows;

typedef struct map_options {
  map_objective objective;
  map_search search;
  double time_limit_s;
  uint64_t threads;
  uint64_t seed;
  map_engine engine;
  bool ideal_memory;   /* simulate with infinite bandwidth and zero latency (SCALE-Sim's default) */
  bool functional;     /* simulate: carry real tensor data through the tiles */
  uint64_t data_seed;  /* seed of the generated input data of the functional mode */
  const com_ynode *data; /* the simulate.data node (NULL: none): its other keys are the
                            functional mode's, parsed there; lives as long as the document */
  map_dram_rows dram;
} map_options;

/* Fills opts from the two sections (either may be NULL: defaults). Returns 0 or -1. */
int map_options_parse(const com_ynode *mapper, const com_ynode *simulate, map_options *opts,
                      com_err *e);
const char *map_objective_name(map_objective o);
const char *map_search_name(map_search s);
const char *map_engine_name(map_engine g);

#endif
