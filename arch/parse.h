/*
 * parse — internal to arch/: the pieces of the arch YAML reader shared between arch.c (top
 * level), parse_level.c (memory levels) and parse_compute.c (arrays and units). Every function
 * returns 0, or -1 with a located error in e. Not part of the public API.
 */
#ifndef ARCH_PARSE_H
#define ARCH_PARSE_H

#include "arch/arch.h"

/* Names of the enums, in enum order, NULL-terminated (for com_yenum and messages). */
extern const char *const arch_op_names[];
extern const char *const arch_dataflow_names[];

/* A copy of loc whose file lives in the spec's string arena (NULL file on exhaustion). */
com_loc arch_own_loc(arch_spec *a, com_loc loc);
/* Reads map[key] as a name that fits ARCH_NAME_MAX; the key is required. */
int arch_parse_name(const com_ynode *map, const char *key, const char *what, char *out,
                    com_err *e);
/* Reads an optional number map[key] into v (given = true, source "given at FILE:L:C"). */
int arch_parse_value(const com_ynode *map, const char *key, double max, arch_value *v,
                     com_err *e);
/* Reads a word or a list of words from names into a bitmask; `what` names the key. Duplicates
 * and empty lists are errors. */
int arch_parse_word_set(const com_ynode *n, const char *what, const char *word_kind,
                        const char *const *names, unsigned *mask, com_err *e);
/* Reads an optional number > 0 (bandwidths); *set tells whether it was there. */
int arch_parse_positive(const com_ynode *map, const char *key, double *out, bool *set,
                        com_err *e);

/* Parses one memory level of the chain (local = false) or an array's per-PE register file
 * (local = true: kind regfile by default or sram, no DRAM/mesh keys, name optional). */
int arch_parse_level(arch_spec *a, const com_ynode *n, bool local, const char *default_name,
                     arch_level *out, com_err *e);
/* Parses one compute array (after the memory chain is complete). */
int arch_parse_array(arch_spec *a, const com_ynode *n, arch_array *out, com_err *e);

#endif
