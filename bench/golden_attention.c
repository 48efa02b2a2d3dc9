/* golden_attention — GFLOP/s of golden attention, 1-pass vs 3-pass (fp16 Q/K/V/P/O), seq and
 * head_dim from argv (default 4096 x 128), threads argv[3] (default 2). Figures, not pass/fail. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "golden/golden.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  uint64_t s = argc > 1 ? strtoull(argv[1], NULL, 10) : 4096, d = argc > 2 ? strtoull(argv[2], NULL, 10) : 128;
  unsigned th = argc > 3 ? (unsigned)atoi(argv[3]) : 2;
  float *q = malloc(s * d * 4), *k = malloc(s * d * 4), *v = malloc(s * d * 4), *o = malloc(s * d * 4);
  for (uint64_t i = 0; i < s * d; i++) q[i] = sinf((float)i), k[i] = cosf((float)i * 0.7f), v[i] = sinf((float)i * 1.3f);
  double flop = 4.0 * s * s * d;
  for (int c = 0; c < 2; c++) {
    gold_att_spec sp = gold_att_spec_default();
    sp.cascade = c ? GOLD_ATT_3PASS : GOLD_ATT_1PASS;
    sp.q_fmt = sp.k_fmt = sp.v_fmt = sp.p_fmt = sp.o_fmt = &OPS_FP16;
    sp.threads = th;
    double t0 = now();
    if (gold_attention(&sp, q, k, v, s, s, d, d, o, NULL)) return 1;
    printf("golden attention %s seq %llu head_dim %llu, %u threads: %.2f GFLOP/s\n", c ? "3-pass" : "1-pass",
           (unsigned long long)s, (unsigned long long)d, th, flop / (now() - t0) / 1e9);
  }
  free(q), free(k), free(v), free(o);
  return 0;
}
