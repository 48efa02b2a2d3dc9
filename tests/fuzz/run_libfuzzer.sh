#!/usr/bin/env bash
# run_libfuzzer.sh SRC BUILD — builds the fuzz targets with clang + libFuzzer + ASan/UBSan in
# BUILD and runs each for FUZZ_SECONDS (default 20: 3 minutes for the 9 targets) on 1 core,
# starting from its committed corpus and the project's inputs (workloads, presets, cascades, sweep
# files, bad inputs). Prints executions per target; fails on any crash, leak or sanitizer report
# (the reproducer is left in BUILD/crashes/).
set -euo pipefail
src=$1 build=$2
seconds=${FUZZ_SECONDS:-20}
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DACCEL_FUZZ=ON -DACCEL_ASAN_TESTS=OFF -DACCEL_CUDA=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=$(cd "$src/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')
cmake --build "$build" -j "$(nproc)" --target $targets >/dev/null
mkdir -p "$build/crashes"
status=0
for t in $targets; do
  work="$build/corpus/$t"
  mkdir -p "$work"
  log="$build/$t.log"
  seeds=()
  for d in "$src/tests/fuzz/corpus/$t" "$src/workloads" "$src/ops/cascades" "$src/arch/presets" "$src/tests/bad" \
           "$src/workloads/sweeps" "$src/tests/sweep"; do
    [ -d "$d" ] && seeds+=("$d")
  done
  if "$build/tests/$t" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 \
       -artifact_prefix="$build/crashes/$t-" -print_final_stats=1 "$work" "${seeds[@]}" \
       >"$log" 2>&1; then
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "$t: ok, ${execs:-?} executions in ${seconds} s"
  else
    echo "$t: FAILED (log: $log)"
    grep -E 'ERROR|SUMMARY|Test unit written|No such file' "$log" | head -20
    status=1
  fi
done
exit $status
