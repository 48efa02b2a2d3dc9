/*
 * capture — helpers of the tests that drive a CLI subcommand in-process: run it with stdout
 * sent to a file, read the file back, and pick a number out of its JSON.
 */
#ifndef UNIT_CAPTURE_H
#define UNIT_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs fn(argc, argv) with stdout sent to path; returns its exit status (-1 when the
 * redirection fails). */
static int capture(int (*fn)(int, char **), const char *path, int argc, char **argv) {
  fflush(stdout);
  int saved = dup(1);
  FILE *f = fopen(path, "w");
  if (!f || saved < 0) {
    if (f) fclose(f);
    if (saved >= 0) close(saved);
    return -1;
  }
  dup2(fileno(f), 1);
  int st = fn(argc, argv);
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  fclose(f);
  return st;
}

/* The file's text (at most 1 MiB) in a static buffer, overwritten by the next call; NULL when
 * it cannot be read. */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  static char buf[1 << 20];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  return buf;
}

/* The number after `"key":` following the first occurrence of section in json; -1 when absent. */
static double field(const char *json, const char *section, const char *key) {
  const char *s = strstr(json, section);
  if (!s) return -1;
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":", key);
  const char *k = strstr(s, pat);
  return k ? strtod(k + strlen(pat), NULL) : -1;
}

#endif
