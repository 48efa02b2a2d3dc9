#!/bin/sh
# bench/fusemax.sh — the FuseMax reproduction tables (docs/fusemax.md): per model and sequence
# length the speedup of +Cascade, +Architecture and FuseMax over FLAT for attention, FuseMax's
# energy relative to FLAT, 2D-array utilizations and the means next to the published 6.7x / 79%;
# then the end-to-end transformer layers (workloads/fusemax/*-layer-*.yaml, mapped in process)
# next to the published 5.3x / 83%. Then `accel-sim run` on every attention workload of
# workloads/fusemax/ as a check of the same numbers through the CLI.
# Usage: bench/fusemax.sh [BUILD_DIR] (default build). Run from anywhere.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
"$build/bench/bench_fusemax" "$root"
echo
echo "attention through the CLI (accel-sim run, cycles per op):"
for f in "$root"/workloads/fusemax/*.yaml; do
  case $f in *-layer-*) continue ;; esac
  printf '%-24s' "$(basename "$f" .yaml)"
  "$build/cli/accel-sim" run "$f" | awk '/^op /{sub(/\(.*/, "", $2); op=$2} /^  total:/{printf " %s=%s", op, $2} END{print ""}'
done
