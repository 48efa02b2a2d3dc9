/*
 * ydoc — a strict YAML document tree over libyaml, with a location on every node.
 *
 * Loading rejects what a configuration file should never contain, with a located error:
 * syntax errors, more than one document, aliases (no "billion laughs"), custom tags,
 * non-scalar or duplicate mapping keys, nesting deeper than COM_YDOC_MAX_DEPTH, files larger
 * than COM_YDOC_MAX_BYTES. A `base: PATH` key at the top of a file (when the caller asks for
 * it) names another file of the same kind that this one extends: mappings merge recursively,
 * the extending file wins, and cycles are reported.
 *
 * The typed accessors (com_y*) turn a node into a C value or a located error such as
 *     arch.yaml:12:9: error: 'size' is not an integer (got '1.5')
 * Nodes live in the document's arena and are freed with it. Documents are not thread-safe.
 */
#ifndef COM_YDOC_H
#define COM_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"
#include "common/err.h"

#define COM_YDOC_MAX_DEPTH 64
#define COM_YDOC_MAX_BYTES ((size_t)16 << 20)
#define COM_YDOC_MAX_BASES 8

typedef enum { COM_Y_SCALAR, COM_Y_MAP, COM_Y_SEQ } com_ykind;

typedef struct com_ynode com_ynode;
struct com_ynode {
  com_ykind kind;
  com_loc loc;       /* where the node starts (file, 1-based line and column) */
  const char *text;  /* SCALAR: the value; NULL otherwise */
  bool quoted;       /* SCALAR: written in quotes or tagged !!str (never a number or null) */
  bool null;         /* SCALAR: empty, ~ or null, unquoted */
  size_t len;        /* MAP: number of pairs; SEQ: number of items */
  com_ynode **keys;  /* MAP: key scalars */
  com_ynode **items; /* MAP: values; SEQ: items */
};

typedef struct com_ydoc {
  com_arena arena;
  com_ynode *root;
  const char *file; /* the path given to the loader, kept for messages */
} com_ydoc;

/* Loads and validates a file. base_key: NULL, or the top-level key ("base") through which a
 * file may extend another one. On success *out owns everything; free with com_ydoc_free. */
int com_ydoc_load_file(const char *path, const char *base_key, com_ydoc **out, com_err *e);
/* Same for an in-memory buffer; name is used in messages. No base files. */
int com_ydoc_load_buffer(const char *name, const void *buf, size_t len, com_ydoc **out,
                         com_err *e);
void com_ydoc_free(com_ydoc *doc);

/* ---- typed accessors: each returns 0, or -1 with a located error naming `what` ---- */

/* A short name of a node's kind for messages: "a mapping", "a list", "a value". */
const char *com_ykind_name(const com_ynode *n);
/* Fails unless n is of the given kind: "'what' must be a mapping, got a list". */
int com_yexpect(const com_ynode *n, com_ykind kind, const char *what, com_err *e);
/* The value for key in a mapping, or NULL. */
const com_ynode *com_yget(const com_ynode *map, const char *key);
/* The value for a key that must be there: "missing required key 'k' in what". */
int com_yrequire(const com_ynode *map, const char *key, const char *what, const com_ynode **out,
                 com_err *e);
/* Fails on the first key not in allowed (NULL-terminated), with a "did you mean" hint. */
int com_ycheck_keys(const com_ynode *map, const char *what, const char *const *allowed,
                    com_err *e);
/* A non-empty string scalar. */
int com_ystr(const com_ynode *n, const char *what, const char **out, com_err *e);
/* An integer in [min, max]; zero/negative/fractional/overflowing values get their own words. */
int com_yu64(const com_ynode *n, const char *what, uint64_t min, uint64_t max, uint64_t *out,
             com_err *e);
/* A finite number in [min, max]. */
int com_yf64(const com_ynode *n, const char *what, double min, double max, double *out,
             com_err *e);
/* true/false (also yes/no/on/off, as YAML 1.1 users write). */
int com_ybool(const com_ynode *n, const char *what, bool *out, com_err *e);
/* A byte size (integer or "108 KiB"), at least min. */
int com_ybytes(const com_ynode *n, const char *what, uint64_t min, uint64_t *out, com_err *e);
/* One of names (NULL-terminated); *out is its index. */
int com_yenum(const com_ynode *n, const char *what, const char *const *names, int *out,
              com_err *e);

#endif
