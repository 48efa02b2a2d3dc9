/* num — strict number parsing; see num.h for the contract. */
#include "common/num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Copies s without '_' digit separators into buf; false when it does not fit or a '_' is
 * not between two digits. */
static bool num_strip_underscores(const char *s, char *buf, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; s[i]; i++) {
    if (s[i] == '_') {
      if (i == 0 || !isdigit((unsigned char)s[i - 1]) || !isdigit((unsigned char)s[i + 1]))
        return false;
      continue;
    }
    if (n + 1 >= cap) return false;
    buf[n++] = s[i];
  }
  buf[n] = '\0';
  return true;
}

com_num_status com_parse_f64(const char *s, double *out) {
  char buf[128];
  if (!s || !*s) return COM_NUM_EMPTY;
  if (!num_strip_underscores(s, buf, sizeof buf)) return COM_NUM_SYNTAX;
  if (isspace((unsigned char)buf[0])) return COM_NUM_SYNTAX;
  for (const char *p = buf; *p; p++) /* strtod accepts "inf", "nan", "infinity": we do not */
    if (*p == 'n' || *p == 'N' || *p == 'i' || *p == 'I') return COM_NUM_SYNTAX;
  errno = 0;
  char *end = NULL;
  double v = strtod(buf, &end);
  if (end == buf || *end != '\0') return COM_NUM_SYNTAX;
  if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL)) return COM_NUM_RANGE;
  if (!isfinite(v)) return COM_NUM_RANGE;
  *out = v;
  return COM_NUM_OK;
}

com_num_status com_parse_u64(const char *s, uint64_t *out) {
  char buf[128];
  if (!s || !*s) return COM_NUM_EMPTY;
  if (!num_strip_underscores(s, buf, sizeof buf)) return COM_NUM_SYNTAX;
  const char *p = buf;
  if (*p == '+') p++;
  if (*p == '-') {
    double v;
    if (com_parse_f64(buf, &v) != COM_NUM_OK) return COM_NUM_SYNTAX;
    return v == 0 ? (*out = 0, COM_NUM_OK) : COM_NUM_NEGATIVE;
  }
  bool all_digits = *p != '\0';
  for (const char *q = p; *q; q++)
    if (!isdigit((unsigned char)*q)) all_digits = false;
  if (all_digits) {
    uint64_t v = 0;
    for (const char *q = p; *q; q++) {
      if (!com_mul_u64(v, 10, &v) || !com_add_u64(v, (uint64_t)(*q - '0'), &v))
        return COM_NUM_RANGE;
    }
    *out = v;
    return COM_NUM_OK;
  }
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) return COM_NUM_SYNTAX;
  double v;
  com_num_status st = com_parse_f64(p, &v);
  if (st != COM_NUM_OK) return st;
  if (v != floor(v)) return COM_NUM_FRACTION;
  if (v >= 18446744073709551616.0) return COM_NUM_RANGE;
  if (v > 9007199254740992.0) return COM_NUM_RANGE; /* 2^53: beyond it "1e17" is not exact */
  *out = (uint64_t)v;
  return COM_NUM_OK;
}

com_num_status com_parse_bytes(const char *s, uint64_t *out) {
  static const struct { const char *name; unsigned shift; } units[] = {
      {"b", 0},    {"kb", 10}, {"kib", 10}, {"mb", 20}, {"mib", 20},
      {"gb", 30},  {"gib", 30}, {"tb", 40}, {"tib", 40},
  };
  if (!s || !*s) return COM_NUM_EMPTY;
  size_t n = strlen(s);
  size_t i = n;
  while (i > 0 && isalpha((unsigned char)s[i - 1])) i--;
  if (i == n) return com_parse_u64(s, out);
  const char *unit = s + i;
  unsigned shift = 0;
  bool known = false;
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
    if (strcasecmp(unit, units[u].name) == 0) { shift = units[u].shift; known = true; }
  if (!known) return COM_NUM_SYNTAX;
  size_t j = i;
  while (j > 0 && s[j - 1] == ' ') j--;
  if (j == 0 || j > 100) return COM_NUM_SYNTAX;
  char num[128];
  memcpy(num, s, j);
  num[j] = '\0';
  double v;
  com_num_status st = com_parse_f64(num, &v);
  if (st != COM_NUM_OK) return st;
  if (v < 0) return COM_NUM_NEGATIVE;
  double bytes = ldexp(v, (int)shift);
  if (bytes != floor(bytes)) return COM_NUM_FRACTION;
  if (bytes > 9007199254740992.0) return COM_NUM_RANGE;
  *out = (uint64_t)bytes;
  return COM_NUM_OK;
}

const char *com_num_status_text(com_num_status st) {
  switch (st) {
  case COM_NUM_OK: return "is valid";
  case COM_NUM_EMPTY: return "is empty";
  case COM_NUM_SYNTAX: return "is not a number";
  case COM_NUM_NEGATIVE: return "is negative";
  case COM_NUM_FRACTION: return "is not an integer";
  case COM_NUM_RANGE: return "is too large for 64 bits";
  }
  return "is invalid";
}
