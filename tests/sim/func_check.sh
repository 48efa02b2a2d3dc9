#!/usr/bin/env bash
# func_check.sh ACCEL_SIM OUT_DIR — `simulate: {functional: true}` through the CLI on
# workloads/functional-check.yaml: `sim` prints a functional line per einsum and every one meets
# its guarantee; `run --json` and `sim --json` carry a `functional` object per einsum with the
# integer ones bit-identical to golden; `run --html/--csv` write their files; a tensor name in
# simulate.data that no einsum reads is an input error (exit 2) that names it.
set -eu
bin=$1 out=$2
mkdir -p "$out"
"$bin" sim workloads/functional-check.yaml > "$out/sim.txt"
test "$(grep -c 'required: ok' "$out/sim.txt")" -eq 3
! grep -q 'FAILED\|not run' "$out/sim.txt"
"$bin" run workloads/functional-check.yaml --json --html "$out/run.html" --csv "$out/run.csv" > "$out/run.json"
"$bin" sim workloads/functional-check.yaml --json > "$out/sim.json"
test -s "$out/run.html" && test "$(wc -l < "$out/run.csv")" -eq 4
python3 - "$out/run.json" "$out/sim.json" <<'PY'
import json, sys
run, sim = (json.load(open(p)) for p in sys.argv[1:3])
fr = [(op["name"], m["functional"]) for op in run["ops"] for m in op["mapping"]]
fs = [(e["op"], e["functional"]) for e in sim["einsums"]]
assert len(fr) == 3 and [f for _, f in fr] == [f for _, f in fs], (fr, fs)
for name, f in fr:
    assert f["ok"] and f["elements"] > 0, (name, f)
    if f["acc"].startswith("fixed"):
        assert f["must_match"] and f["bit_identical"] and f["vs_golden"]["mismatches"] == 0, (name, f)
PY
sed -e 's/data: {seed: 3, dist: uniform}/data: {seed: 3, Q: none.npy}/' \
    -e "s#\.\./arch#$PWD/arch#" workloads/functional-check.yaml > "$out/stray.yaml"
set +e
"$bin" sim "$out/stray.yaml" > /dev/null 2> "$out/stray.err"; rc=$?
set -e
test $rc -eq 2 && grep -q "names tensor 'Q', which is no input of any einsum" "$out/stray.err"
echo "functional mode checks passed"
