/*
 * json — a streaming JSON writer with correct escaping and comma handling, for --json output
 * and reports. Numbers: integers exactly (64-bit), doubles with %.17g (round-trippable);
 * non-finite doubles are written as null since JSON has no Inf/NaN.
 * One writer per stream; not thread-safe.
 */
#ifndef COM_JSON_H
#define COM_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define COM_JSON_MAX_DEPTH 32

typedef struct com_json {
  FILE *out;
  int depth;
  bool first[COM_JSON_MAX_DEPTH]; /* no element written yet at this depth */
  bool after_key;
} com_json;

void com_json_init(com_json *j, FILE *out);
/* key is the member name inside an object, NULL inside an array or at top level. */
void com_json_obj_begin(com_json *j, const char *key);
void com_json_obj_end(com_json *j);
void com_json_arr_begin(com_json *j, const char *key);
void com_json_arr_end(com_json *j);
void com_json_str(com_json *j, const char *key, const char *value); /* NULL value -> null */
void com_json_u64(com_json *j, const char *key, uint64_t value);
void com_json_i64(com_json *j, const char *key, int64_t value);
void com_json_f64(com_json *j, const char *key, double value);
void com_json_bool(com_json *j, const char *key, bool value);
void com_json_null(com_json *j, const char *key);
/* Ends the document with a newline. */
void com_json_finish(com_json *j);

#endif
