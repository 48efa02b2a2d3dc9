/*
 * cascade_sources — the YAML text of the built-in cascades (the YAML files in ops/cascades/), embedded at
 * build time by ops/embed_cascades.cmake. The table ends with a NULL name.
 */
#ifndef OPS_CASCADE_SOURCES_H
#define OPS_CASCADE_SOURCES_H

#include <stddef.h>

typedef struct ops_cascade_source {
  const char *name;           /* the file name without .yaml */
  const unsigned char *text;  /* the file's bytes */
  size_t len;
} ops_cascade_source;

extern const ops_cascade_source ops_cascade_sources[];

#endif
