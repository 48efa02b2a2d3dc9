/* fuzz_sweep_expr — the sweep constraint parser (sweep/expr.c) on arbitrary text, faster than
 * going through a whole sweep file: parameters rows, cols, bw (numeric) and fmt (text) declared;
 * a parsed constraint is evaluated on values that include 0, negatives, inf and nan (division by
 * zero and nan comparisons must stay defined). An error or a value; never a crash or a leak. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "sweep/sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static swp_spec s; /* only the parameter names and kinds are read by the parser */
  static const char *const names[] = {"rows", "cols", "bw", "fmt"};
  s.nparams = 4;
  for (int i = 0; i < 4; i++) {
    strcpy(s.params[i].name, names[i]);
    s.params[i].numeric = i < 3;
  }
  char text[1024];
  if (size >= sizeof text) size = sizeof text - 1;
  memcpy(text, data, size);
  text[size] = '\0';
  com_loc where = {"fuzz.yaml", 1, 1};
  swp_expr *x = NULL;
  com_err e = {0};
  if (swp_expr_parse(&s, text, where, &x, &e) != 0) return 0;
  static const double samples[][3] = {{8, 16, 6.4}, {0, 0, 0}, {-1, 3, -2.5}, {INFINITY, NAN, 1e308}};
  for (size_t k = 0; k < sizeof samples / sizeof *samples; k++) {
    swp_val vals[4] = {{"", samples[k][0], true}, {"", samples[k][1], true}, {"", samples[k][2], true},
                       {"int8", 0, false}};
    swp_expr_eval(x, vals);
  }
  swp_expr_free(x);
  return 0;
}
