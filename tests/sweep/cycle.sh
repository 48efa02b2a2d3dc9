#!/bin/sh
# cycle.sh ACCEL_SIM — the cycle simulator as a sweep engine (docs/sweeps.md), from the project root:
#   every point of a rows x DRAM-bandwidth sweep of tests/sweep/cycle-gemm.yaml has the cycles that
#   `accel-sim sim` reports for the same design written out as a workload file;
#   -j 1 and -j 2 give identical databases;
#   a point the simulator cannot run (a fused attention schedule) is recorded as failed with its
#   reason while the other point of that sweep is ok.
set -u
bin=$1
dump="python3 tests/sweep/dbdump.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat > "$tmp/gemm.yaml" <<EOS
version: 1
name: cycle-gemm
workload: $PWD/tests/sweep/cycle-gemm.yaml
params:
  - {name: rows, path: arch.compute.0.rows, values: [8, 32]}
  - {name: bw, path: arch.memory.0.bandwidth_gbps, values: [3.2, 12.8]}
EOS
"$bin" sweep "$tmp/gemm.yaml" --db "$tmp/j1.sqlite" -j 1 --quiet >/dev/null || fail "-j 1 run"
"$bin" sweep "$tmp/gemm.yaml" --db "$tmp/j2.sqlite" -j 2 --quiet >/dev/null || fail "-j 2 run"
$dump "$tmp/j1.sqlite" > "$tmp/j1.txt"
$dump "$tmp/j2.sqlite" > "$tmp/j2.txt"
[ "$(grep -c "|'ok'|" "$tmp/j1.txt")" -eq 4 ] || fail "expected 4 ok points: $(cat "$tmp/j1.txt")"
cmp -s "$tmp/j1.txt" "$tmp/j2.txt" || fail "-j 1 and -j 2 differ: $(diff "$tmp/j1.txt" "$tmp/j2.txt" | head -4)"
# columns: point|workload|workload_file|status|error|cycles|...|p_rows|p_bw
while IFS='|' read -r point w file status err cycles rest; do
  rows=$(echo "$rest" | awk -F'|' '{print $(NF-1)}')
  bw=$(echo "$rest" | awk -F'|' '{print $NF}')
  sed "s/rows: 32/rows: $rows/; s/bandwidth_gbps: 12.8/bandwidth_gbps: $bw/" arch/presets/edge-32x32.yaml > "$tmp/arch$point.yaml"
  sed "s|arch: ../../arch/presets/edge-32x32.yaml|arch: $tmp/arch$point.yaml|" tests/sweep/cycle-gemm.yaml > "$tmp/w$point.yaml"
  sim=$("$bin" sim "$tmp/w$point.yaml" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['simulated_cycles'])") ||
    fail "accel-sim sim on point $point"
  echo "point $point (rows $rows, bw $bw GB/s): sweep $cycles cycles, accel-sim sim $sim cycles"
  [ "$cycles" = "$sim" ] || fail "point $point: the sweep has $cycles cycles, accel-sim sim $sim"
done < "$tmp/j1.txt"
cat > "$tmp/attn.yaml" <<EOS
version: 1
name: cycle-attn
workload: $PWD/tests/sweep/cycle-attn.yaml
params:
  - {name: schedule, path: workload.ops.0.schedule, values: [unfused, flat]}
EOS
"$bin" sweep "$tmp/attn.yaml" --db "$tmp/attn.sqlite" -j 2 --quiet > "$tmp/attn.out" || fail "attention sweep: $(cat "$tmp/attn.out")"
$dump "$tmp/attn.sqlite" > "$tmp/attn.txt"
grep -q "^0|0|.*|'ok'|NULL|[0-9]" "$tmp/attn.txt" || fail "the unfused point is not ok: $(cat "$tmp/attn.txt")"
grep -q "^1|0|.*|'failed'|.*fused schedule 'flat', which the cycle simulator does not run" "$tmp/attn.txt" ||
  fail "the fused point is not failed with its reason: $(cat "$tmp/attn.txt")"
grep -q "1 failed rows" "$tmp/attn.out" || fail "summary: $(cat "$tmp/attn.out")"
echo "ok"
