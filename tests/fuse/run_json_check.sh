#!/usr/bin/env bash
# run_json_check.sh ACCEL_SIM — `accel-sim run --engine cycle --json` on a workload that mixes
# unfused GEMMs and a fused attention op: the fused op carries its simulation as the op-level
# `sim` object (fused: true, a 1D-array engine whose counters partition its cycles), and the
# run's simulated total is the sum of the ops' simulated cycles.
set -eu
"$1" run tests/fuse/cycle-mix.yaml --engine cycle --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
fused = [o for o in d["ops"] if o["fused"]]
assert fused and all(o["sim"] and o["sim"]["fused"] for o in fused), fused
for o in fused:
    s = o["sim"]
    for name, e in s["engines"].items():
        assert e["busy"] + e["stalled_on_input"] + e["stalled_on_output"] + e["idle"] == s["cycles"], (name, e)
    assert s["engines"]["array_1d"]["busy"] > 0 and s["cycles"] >= o["cycles"]
assert d["total"]["simulated_cycles"] == sum(o["sim"]["cycles"] for o in d["ops"])
print("fused op simulations in run --json ok")
'
