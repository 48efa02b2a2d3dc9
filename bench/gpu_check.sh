#!/usr/bin/env bash
# gpu_check.sh — on a machine with an NVIDIA GPU: builds accel-sim with CUDA, runs the CUDA
# golden test (CPU-vs-GPU bit agreement for several formats/accumulators/orders, with GPU
# GFLOP/s of the golden GEMM kernel) at two sizes, and the CPU golden benchmarks for comparison.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build-gpu}
cmake -S "$root" -B "$build" -DACCEL_ASAN_TESTS=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target golden_cuda_test bench_golden_gemm bench_golden_attention
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
echo "== CPU vs GPU agreement (96^3, then 512^3) =="
"$build/golden/cuda/golden_cuda_test" 96
"$build/golden/cuda/golden_cuda_test" 512
echo "== CPU golden GEMM for comparison =="
"$build/bench/bench_golden_gemm" 1024 "$(nproc)"
