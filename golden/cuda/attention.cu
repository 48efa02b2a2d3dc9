// attention.cu — golden 1-pass (FlashAttention-2 order) attention on the GPU: one thread per
// query row running gold_att_1pass_row (golden/att_row.h, shared with the CPU), inputs rounded on
// the host with gold_mf_round; see gold_cuda.h.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#include "golden/cuda/cuda_check.h"
#include "golden/cuda/gold_cuda.h"

__global__ void gold_att_kernel(gold_att_row_cfg cfg, const float *q, const float *k, const float *v,
                                float *scratch, float *o) {
  uint64_t i = blockIdx.x * (uint64_t)blockDim.x + threadIdx.x;
  if (i >= cfg.sq) return;
  float *s = scratch + i * (cfg.tile_k + cfg.dv);
  gold_att_1pass_row(&cfg, i, q + i * cfg.d, k, v, s, s + cfg.tile_k, o + i * cfg.dv);
}

// x (n values) rounded into f (NULL: fp32) into a new host buffer.
static float *att_round_host(const gold_mf *f, const float *x, uint64_t n) {
  float *y = (float *)malloc(n * sizeof(float) + 4);
  for (uint64_t i = 0; y && i < n; i++) y[i] = gold_mf_round(f, x[i]);
  return y;
}

extern "C" int gold_cuda_attention(const gold_att_row_cfg *cfg, const gold_mf *qf, const gold_mf *kf,
                                   const gold_mf *vf, const float *q, const float *k, const float *v,
                                   float *o, double *ms, char *err, int cap) {
  int rc = 0;
  uint64_t nq = cfg->sq * cfg->d, nk = cfg->sk * cfg->d, nv = cfg->sk * cfg->dv, no = cfg->sq * cfg->dv;
  float *hq = att_round_host(qf, q, nq), *hk = att_round_host(kf, k, nk), *hv = att_round_host(vf, v, nv);
  float *dq = NULL, *dk = NULL, *dv = NULL, *dw = NULL, *dout = NULL;
  cudaEvent_t e0 = NULL, e1 = NULL;
  float t = 0;
  unsigned threads = 128, blocks = (unsigned)((cfg->sq + threads - 1) / threads);
  if (!hq || !hk || !hv) {
    snprintf(err, (size_t)cap, "out of memory");
    rc = -1;
    goto out;
  }
  CK(cudaMalloc(&dq, nq * sizeof(float) + 4));
  CK(cudaMalloc(&dk, nk * sizeof(float) + 4));
  CK(cudaMalloc(&dv, nv * sizeof(float) + 4));
  CK(cudaMalloc(&dout, no * sizeof(float) + 4));
  CK(cudaMalloc(&dw, cfg->sq * (cfg->tile_k + cfg->dv) * sizeof(float) + 4));
  CK(cudaMemcpy(dq, hq, nq * sizeof(float), cudaMemcpyHostToDevice));
  CK(cudaMemcpy(dk, hk, nk * sizeof(float), cudaMemcpyHostToDevice));
  CK(cudaMemcpy(dv, hv, nv * sizeof(float), cudaMemcpyHostToDevice));
  CK(cudaEventCreate(&e0));
  CK(cudaEventCreate(&e1));
  CK(cudaEventRecord(e0));
  if (blocks) gold_att_kernel<<<blocks, threads>>>(*cfg, dq, dk, dv, dw, dout);
  CK(cudaGetLastError());
  CK(cudaEventRecord(e1));
  CK(cudaEventSynchronize(e1));
  CK(cudaEventElapsedTime(&t, e0, e1));
  *ms = t;
  CK(cudaMemcpy(o, dout, no * sizeof(float), cudaMemcpyDeviceToHost));
out:
  cudaFree(dq), cudaFree(dk), cudaFree(dv), cudaFree(dw), cudaFree(dout);
  if (e0) cudaEventDestroy(e0);
  if (e1) cudaEventDestroy(e1);
  free(hq), free(hk), free(hv);
  return rc;
}
