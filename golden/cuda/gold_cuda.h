/*
 * gold_cuda — host entry points of the CUDA golden kernels (C linkage). The GEMM kernel runs
 * golden/dot.h's gold_dot for one output element per thread, the very function the CPU scalar
 * path runs; the attention kernel runs golden/att_row.h's gold_att_1pass_row for one query row
 * per thread, the function the CPU 1-pass runs; so results are bit-identical to the CPU (nvcc
 * -fmad=false, no contraction).
 */
#ifndef GOLD_CUDA_H
#define GOLD_CUDA_H

#include <stdint.h>

#include "golden/att_row.h"
#include "golden/dot.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Number of usable CUDA devices (0 when the runtime reports none or fails). */
int gold_cuda_devices(void);
/* val[i*n+j] / raw / ovf of gold_dot over a (m x kp), bt (n x kp) and the block scales sa
 * (m x nblk), sb (n x nblk; both NULL when cfg->block is 0). *ms gets the kernel time.
 * Returns 0, or -1 with a message in err (cap bytes). */
int gold_cuda_gemm(const gold_dot_cfg *cfg, const float *a, const float *bt, const double *sa,
                   const double *sb, uint64_t m, uint64_t n, uint64_t kp, uint64_t nblk,
                   double *val, int64_t *raw, uint64_t *ovf, double *ms, char *err, int cap);

/* 1-pass attention (cfg: shapes, tile_k, causal mask, c = scale * log2 e, P and O formats) of
 * q (sq x d), k (sk x d), v (sk x dv), first rounded on the host into qf / kf / vf (NULL: fp32),
 * into o (sq x dv): gold_attention's GOLD_ATT_1PASS bits. *ms gets the kernel time. Returns 0,
 * or -1 with a message in err (cap bytes). */
int gold_cuda_attention(const gold_att_row_cfg *cfg, const gold_mf *qf, const gold_mf *kf,
                        const gold_mf *vf, const float *q, const float *k, const float *v,
                        float *o, double *ms, char *err, int cap);

#ifdef __cplusplus
}
#endif

#endif
