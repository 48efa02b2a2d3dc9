// gemm.cu — the golden GEMM on the GPU: one thread per output element running gold_dot
// (golden/dot.h, shared with the CPU); see gold_cuda.h.
#include <cuda_runtime.h>
#include <stdio.h>

#include "golden/cuda/cuda_check.h"
#include "golden/cuda/gold_cuda.h"

__global__ void gold_gemm_kernel(gold_dot_cfg cfg, const float *a, const float *bt, const double *sa,
                                 const double *sb, uint64_t m, uint64_t n, uint64_t kp, uint64_t nblk,
                                 double *val, long long *raw, unsigned long long *ovf) {
  uint64_t j = blockIdx.x * (uint64_t)blockDim.x + threadIdx.x, i = blockIdx.y * (uint64_t)blockDim.y + threadIdx.y;
  if (i >= m || j >= n) return;
  gold_dot_out o = gold_dot(&cfg, a + i * kp, bt + j * kp, sa ? sa + i * nblk : NULL, sb ? sb + j * nblk : NULL);
  val[i * n + j] = o.value;
  raw[i * n + j] = o.raw;
  if (o.ovf) atomicAdd(ovf, (unsigned long long)o.ovf);
}

extern "C" int gold_cuda_devices(void) {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) return 0;
  return n;
}

extern "C" int gold_cuda_gemm(const gold_dot_cfg *cfg, const float *a, const float *bt, const double *sa,
                              const double *sb, uint64_t m, uint64_t n, uint64_t kp, uint64_t nblk,
                              double *val, int64_t *raw, uint64_t *ovf, double *ms, char *err, int cap) {
  int rc = 0;
  float *da = NULL, *db = NULL;
  double *dsa = NULL, *dsb = NULL, *dv = NULL;
  long long *dr = NULL;
  unsigned long long *dovf = NULL, hovf = 0;
  cudaEvent_t e0 = NULL, e1 = NULL;
  float t = 0;
  dim3 blk(16, 16), grd((unsigned)((n + 15) / 16), (unsigned)((m + 15) / 16));
  CK(cudaMalloc(&da, m * kp * sizeof(float) + 4));
  CK(cudaMalloc(&db, n * kp * sizeof(float) + 4));
  CK(cudaMalloc(&dv, m * n * sizeof(double) + 8));
  CK(cudaMalloc(&dr, m * n * sizeof(long long) + 8));
  CK(cudaMalloc(&dovf, sizeof hovf));
  CK(cudaMemcpy(da, a, m * kp * sizeof(float), cudaMemcpyHostToDevice));
  CK(cudaMemcpy(db, bt, n * kp * sizeof(float), cudaMemcpyHostToDevice));
  CK(cudaMemset(dovf, 0, sizeof hovf));
  if (cfg->block) {
    CK(cudaMalloc(&dsa, m * nblk * sizeof(double) + 8));
    CK(cudaMalloc(&dsb, n * nblk * sizeof(double) + 8));
    CK(cudaMemcpy(dsa, sa, m * nblk * sizeof(double), cudaMemcpyHostToDevice));
    CK(cudaMemcpy(dsb, sb, n * nblk * sizeof(double), cudaMemcpyHostToDevice));
  }
  CK(cudaEventCreate(&e0));
  CK(cudaEventCreate(&e1));
  CK(cudaEventRecord(e0));
  gold_gemm_kernel<<<grd, blk>>>(*cfg, da, db, dsa, dsb, m, n, kp, nblk, dv, dr, dovf);
  CK(cudaGetLastError());
  CK(cudaEventRecord(e1));
  CK(cudaEventSynchronize(e1));
  CK(cudaEventElapsedTime(&t, e0, e1));
  *ms = t;
  CK(cudaMemcpy(val, dv, m * n * sizeof(double), cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(raw, dr, m * n * sizeof(long long), cudaMemcpyDeviceToHost));
  CK(cudaMemcpy(&hovf, dovf, sizeof hovf, cudaMemcpyDeviceToHost));
  *ovf = hovf;
out:
  cudaFree(da), cudaFree(db), cudaFree(dsa), cudaFree(dsb), cudaFree(dv), cudaFree(dr), cudaFree(dovf);
  if (e0) cudaEventDestroy(e0);
  if (e1) cudaEventDestroy(e1);
  return rc;
}
