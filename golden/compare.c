/* compare — tensor comparison with abs/rel/ulp tolerances and an fp32 ULP histogram; see golden.h. */
#include <math.h>
#include <string.h>

#include "golden/golden.h"

/* fp32 bits mapped to a monotonic integer line (-0 and +0 coincide). */
static int64_t cmp_ordered(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return (u & 0x80000000u) ? -(int64_t)(u & 0x7FFFFFFFu) : (int64_t)u;
}

uint64_t gold_ulps_f32(double x, double y) {
  float a = (float)x, b = (float)y;
  if (isnan(a) || isnan(b)) return (isnan(a) && isnan(b)) ? 0 : UINT64_MAX;
  int64_t d = cmp_ordered(a) - cmp_ordered(b);
  return (uint64_t)(d < 0 ? -d : d);
}

void gold_compare(const double *x, const double *y, uint64_t n, double atol, double rtol,
                  long long ulp_tol, gold_cmp *out) {
  memset(out, 0, sizeof *out);
  out->n = n;
  for (uint64_t i = 0; i < n; i++) {
    double a = x[i], b = y[i];
    bool bad;
    uint64_t ulps = gold_ulps_f32(a, b);
    if (isnan(a) || isnan(b)) {
      bad = !(isnan(a) && isnan(b));
      out->nan_mismatch += bad;
    } else {
      double ad = a == b ? 0 : fabs(a - b), rd = ad == 0 ? 0 : ad / fabs(b);
      if (ad > out->max_abs) out->max_abs = ad;
      if (rd > out->max_rel || isinf(rd)) out->max_rel = rd;
      bad = ad > atol + rtol * fabs(b) && (ulp_tol < 0 || ulps > (uint64_t)ulp_tol);
    }
    if (ulps != UINT64_MAX && ulps > out->max_ulp) out->max_ulp = ulps;
    int h = ulps == 0 ? 0 : ulps == 1 ? 1 : ulps < 4 ? 2 : ulps < 16 ? 3 : ulps < 256 ? 4 : 5;
    out->ulp_hist[h]++;
    if (bad) {
      if (out->nfirst < 8) out->first[out->nfirst++] = i;
      out->mismatches++;
    }
  }
}
