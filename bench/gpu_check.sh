#!/usr/bin/env bash
# gpu_check.sh — on a machine with an NVIDIA GPU: builds accel-sim with CUDA, runs the CUDA
# golden test at two sizes — CPU-vs-GPU bit agreement of the GEMM kernel (several formats,
# accumulators, orders) and of the 1-pass attention kernel (fp16/bf16/fp32/fp8 inputs, P formats,
# causal and full masks, tile sizes), with GPU GFLOP/s of both — and the CPU golden benchmarks
# for comparison. Exit status: non-zero when the build fails or CPU and GPU disagree.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build-gpu}
cmake -S "$root" -B "$build" -DACCEL_ASAN_TESTS=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target golden_cuda_test bench_golden_gemm bench_golden_attention
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
echo "== CPU vs GPU agreement: GEMM 96^3, attention seq 200 (+56 keys), d 64 =="
"$build/golden/cuda/golden_cuda_test" 96 200
echo "== CPU vs GPU agreement: GEMM 512^3, attention seq 1024 (+56 keys), d 64 =="
"$build/golden/cuda/golden_cuda_test" 512 1024
echo "== CPU golden GEMM and attention for comparison =="
"$build/bench/bench_golden_gemm" 1024 "$(nproc)"
"$build/bench/bench_golden_attention" 1024 128 "$(nproc)"
