/* acc — parsing and naming of accumulator and reduction-order specs; see golden.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden/golden.h"

/* Parses a decimal integer filling all of s; false otherwise. */
static bool acc_int(const char *s, long lo, long hi, int *out) {
  char *end;
  if (!*s) return false;
  long v = strtol(s, &end, 10);
  if (*end || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

int gold_acc_parse(const char *s, gold_acc *out, com_err *e) {
  gold_acc a = {GOLD_ACC_FP32, 0, 0};
  if (!strcmp(s, "fp32")) a.kind = GOLD_ACC_FP32;
  else if (!strcmp(s, "fp64")) a.kind = GOLD_ACC_FP64;
  else if (!strcmp(s, "exact")) a.kind = GOLD_ACC_EXACT;
  else if (!strcmp(s, "int32")) a.kind = GOLD_ACC_FIXED, a.width = 32;
  else if (!strncmp(s, "fixed:", 6)) {
    char w[32];
    const char *dot = strchr(s + 6, '.');
    size_t wl = dot ? (size_t)(dot - (s + 6)) : strlen(s + 6);
    a.kind = GOLD_ACC_FIXED;
    if (wl >= sizeof w) wl = sizeof w - 1;
    memcpy(w, s + 6, wl);
    w[wl] = '\0';
    if (!acc_int(w, 2, 62, &a.width) || (dot && !acc_int(dot + 1, -64, 64, &a.frac)))
      return com_err_plain(e, COM_EINPUT,
                           "accumulator '%s': fixed:W[.F] needs a width W in 2..62 and fraction "
                           "bits F in -64..64", s);
  } else {
    return com_err_plain(e, COM_EINPUT,
                         "unknown accumulator '%s' (expected fp32, fp64, exact, int32, fixed:W or "
                         "fixed:W.F)", s);
  }
  *out = a;
  return 0;
}

int gold_order_parse(const char *s, gold_order *out, com_err *e) {
  int t = 0;
  if (!strcmp(s, "k-sequential")) {
    out->kind = GOLD_ORDER_SEQ, out->tile = 0;
    return 0;
  }
  if (!strncmp(s, "k-tiled:", 8) && acc_int(s + 8, 1, 256, &t)) {
    out->kind = GOLD_ORDER_TILED, out->tile = (unsigned)t;
    return 0;
  }
  return com_err_plain(e, COM_EINPUT,
                       "unknown reduction order '%s' (expected k-sequential or k-tiled:T with T "
                       "in 1..256)", s);
}

void gold_acc_name(const gold_acc *a, char *buf, unsigned cap) {
  switch (a->kind) {
  case GOLD_ACC_FP32: snprintf(buf, cap, "fp32"); break;
  case GOLD_ACC_FP64: snprintf(buf, cap, "fp64"); break;
  case GOLD_ACC_EXACT: snprintf(buf, cap, "exact"); break;
  case GOLD_ACC_FIXED:
    if (a->frac) snprintf(buf, cap, "fixed:%d.%d", a->width, a->frac);
    else snprintf(buf, cap, "fixed:%d", a->width);
    break;
  }
}
