/* json — streaming writer; see json.h for the contract. */
#include "common/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

void com_json_init(com_json *j, FILE *out) {
  j->out = out;
  j->depth = 0;
  j->first[0] = true;
  j->after_key = false;
}

static void json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\r': fputs("\\r", f); break;
    case '\t': fputs("\\t", f); break;
    default:
      if (*p < 0x20) fprintf(f, "\\u%04x", *p);
      else fputc(*p, f);
    }
  }
  fputc('"', f);
}

/* Writes the separator, indentation and key before a value. */
static void json_prefix(com_json *j, const char *key) {
  if (!j->first[j->depth]) fputc(',', j->out);
  if (j->depth > 0) {
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++) fputs("  ", j->out);
  }
  j->first[j->depth] = false;
  if (key) {
    json_string(j->out, key);
    fputs(": ", j->out);
  }
}

static void json_open(com_json *j, const char *key, char c) {
  json_prefix(j, key);
  fputc(c, j->out);
  if (j->depth + 1 < COM_JSON_MAX_DEPTH) j->depth++;
  j->first[j->depth] = true;
}

static void json_close(com_json *j, char c) {
  bool empty = j->first[j->depth];
  if (j->depth > 0) j->depth--;
  if (!empty) {
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++) fputs("  ", j->out);
  }
  fputc(c, j->out);
}

void com_json_obj_begin(com_json *j, const char *key) { json_open(j, key, '{'); }
void com_json_obj_end(com_json *j) { json_close(j, '}'); }
void com_json_arr_begin(com_json *j, const char *key) { json_open(j, key, '['); }
void com_json_arr_end(com_json *j) { json_close(j, ']'); }

void com_json_str(com_json *j, const char *key, const char *value) {
  json_prefix(j, key);
  if (value) json_string(j->out, value);
  else fputs("null", j->out);
}

void com_json_u64(com_json *j, const char *key, uint64_t value) {
  json_prefix(j, key);
  fprintf(j->out, "%" PRIu64, value);
}

void com_json_i64(com_json *j, const char *key, int64_t value) {
  json_prefix(j, key);
  fprintf(j->out, "%" PRId64, value);
}

void com_json_f64(com_json *j, const char *key, double value) {
  json_prefix(j, key);
  if (!isfinite(value)) {
    fputs("null", j->out);
    return;
  }
  /* The shortest of %.15g/%.16g/%.17g that reads back exactly: exact, and readable. */
  char buf[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, value);
    if (strtod(buf, NULL) == value) break;
  }
  fputs(buf, j->out);
}

void com_json_bool(com_json *j, const char *key, bool value) {
  json_prefix(j, key);
  fputs(value ? "true" : "false", j->out);
}

void com_json_null(com_json *j, const char *key) {
  json_prefix(j, key);
  fputs("null", j->out);
}

void com_json_finish(com_json *j) { fputc('\n', j->out); }
