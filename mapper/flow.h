/*
 * flow — maximum flow (equivalently, minimum s-t cut) on a small directed graph with 64-bit
 * capacities, by Dinic's algorithm. The scheduler's lower bound for every order uses it to
 * find, for each op, the fewest bytes that must be live around it in any topological order
 * (a minimum closure is a minimum cut). Capacities at or above MAP_FLOW_INF are infinite.
 */
#ifndef MAP_FLOW_H
#define MAP_FLOW_H

#include <stdint.h>

#define MAP_FLOW_INF ((uint64_t)1 << 62)

typedef struct map_flow map_flow;

/* A network of n nodes (0..n-1) without edges, or NULL when out of memory. */
map_flow *map_flow_new(int n);
void map_flow_free(map_flow *f);
/* Adds the edge u -> v with capacity cap (capped at MAP_FLOW_INF). Returns 0, or -1 when out
 * of memory or a node is out of range. */
int map_flow_edge(map_flow *f, int u, int v, uint64_t cap);
/* The maximum flow from s to t (= the minimum cut), at most MAP_FLOW_INF (reached when every
 * cut has an infinite edge). Returns 0, or -1 when out of memory. The flow is computed from
 * zero on each call. */
int map_flow_max(map_flow *f, int s, int t, uint64_t *value);

#endif
