#!/usr/bin/env bash
# trace_check.sh SIM_CLI WORKLOAD OUT.json — runs `sim --trace` and checks the file is a valid
# Chrome/Perfetto trace with named engine tracks and at least 4 slices.
set -eu
"$1" sim "$2" --trace "$3" >/dev/null
python3 - "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["traceEvents"]
x = [e for e in ev if e["ph"] == "X"]
names = {e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
assert len(x) >= 4, len(x)
assert {"DMA load", "DMA store", "array", "einsums"} <= names, names
assert all(e["dur"] >= 0 and e["ts"] >= 0 for e in x)
print(len(x), "slices")
PY
