/*
 * fuse_test — architecture loaders shared by the fused-attention tests: an arch from YAML text
 * (each test file has its own small template) and a preset by name. NULL (message on stderr)
 * when loading fails, which the tests then CHECK.
 */
#ifndef FUSE_TEST_H
#define FUSE_TEST_H

#include <stdio.h>
#include <string.h>

#include "arch/arch.h"

static arch_spec *arch_from_text(const char *text) {
  com_ydoc *d = NULL;
  arch_spec *a = NULL;
  com_err e = {0};
  if (com_ydoc_load_buffer("tiny.yaml", text, strlen(text), &d, &e) || arch_load_node(d->root, &a, &e))
    fprintf(stderr, "%s\n", e.msg);
  com_ydoc_free(d);
  return a;
}

static arch_spec *preset(const char *name) {
  char path[256];
  snprintf(path, sizeof path, "arch/presets/%s.yaml", name);
  arch_spec *a = NULL;
  com_err e = {0};
  if (arch_load_file(path, &a, &e)) fprintf(stderr, "%s\n", e.msg);
  return a;
}

#endif
