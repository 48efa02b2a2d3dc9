/*
 * cuda_check — CK(call): on a CUDA error, writes "CUDA error: ..." into err (cap bytes), sets
 * rc = -1 and jumps to the caller's `out:` label, where device buffers are freed. Used by the
 * host entry points of the CUDA kernels, which all declare err, cap, rc and out.
 */
#ifndef GOLD_CUDA_CHECK_H
#define GOLD_CUDA_CHECK_H

#include <cuda_runtime.h>
#include <stdio.h>

#define CK(x)                                                                         \
  do {                                                                                \
    cudaError_t st_ = (x);                                                            \
    if (st_ != cudaSuccess) {                                                         \
      snprintf(err, (size_t)cap, "CUDA error: %s (%s)", cudaGetErrorString(st_), #x); \
      rc = -1;                                                                        \
      goto out;                                                                       \
    }                                                                                 \
  } while (0)

#endif
