#!/usr/bin/env bash
# golden_e2e.sh BIN — the golden CLI end to end against NumPy, an independent reference:
# an int8 x int8 GEMM (codes given as int8 .npy) with int32 accumulation, written to .npy and
# checked by `accel-sim compare`, must equal NumPy's int64 product exactly. Skips (77) without
# numpy.
set -eu
bin=$1
python3 -c 'import numpy' 2>/dev/null || { echo "numpy missing: skipped"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import sys, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(7)
a = rng.integers(-128, 128, size=(37, 91)).astype(np.int8)
b = rng.integers(-128, 128, size=(91, 23)).astype(np.int8)
np.save(f"{d}/a.npy", a); np.save(f"{d}/b.npy", b)
np.save(f"{d}/ref.npy", (a.astype(np.int64) @ b.astype(np.int64)).astype(np.float32))
PY
"$bin" golden gemm --a "$dir/a.npy" --b "$dir/b.npy" --a-format int8 --b-format int8 \
  --acc int32 --out "$dir/c.npy" -j 2
"$bin" compare "$dir/c.npy" "$dir/ref.npy"
echo "golden int8 GEMM equals NumPy exactly"
