#!/usr/bin/env bash
# run_check.sh ACCEL_SIM WORKLOAD OUT.vcd — `accel-sim run --engine cycle --json --vcd`: the
# run report carries a `sim` object per op and einsum (fields of docs/report-fields.md), each
# engine's busy / stalled / idle cycles partition the einsum's cycles, an op's figures are the
# sums of its einsums', the energy priced from simulated counts is the sum of its levels and
# compute, and the VCD's time at 1 per wire equals the engines' busy cycles summed.
set -eu
"$1" run "$2" --engine cycle --json -j 2 --vcd "$3" > "$3.json"
python3 - "$3.json" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["engine"] == "cycle", d["engine"]
assert d["simulation"]["simulated_cycles"] == d["total"]["simulated_cycles"] > 0
engines = ("dma_load", "dma_store", "array")
busy = {e: 0 for e in engines}
total = 0
for op in d["ops"]:
    s = op["sim"]
    es = [m["sim"] for m in op["mapping"]]
    assert s["cycles"] == sum(x["cycles"] for x in es)
    for x in es:
        for e in engines:
            g = x["engines"][e]
            assert g["busy"] + g["stalled_on_input"] + g["stalled_on_output"] + g["idle"] == x["cycles"], (op["name"], e, g)
            busy[e] += g["busy"]
        parts = x["compute"] + x["bank_conflicts"] + x["pipeline_bubbles"] + x["fill_drain"] + x["dma_stall"]
        assert parts == x["cycles"], (op["name"], parts, x["cycles"])
        lv = sum(l["energy_pj"] for l in x["levels"]) + x["compute_energy_pj"]
        assert abs(lv - x["energy_pj"]) <= 1e-9 * x["energy_pj"], (lv, x["energy_pj"])
        assert x["dram_energy_pj"] == x["levels"][0]["energy_pj"]
        for l in x["levels"]:  # per-tensor counts add up to the level's
            for f in ("reads", "fills", "updates"):
                assert sum(t[f] for t in l["tensors"]) == l[f], (l["name"], f)
            assert abs(sum(t["energy_pj"] for t in l["tensors"]) - l["energy_pj"]) <= 1e-9 * max(1, l["energy_pj"])
        # the DRAM's simulated bytes are the DMA's
        d0 = x["levels"][0]
        assert round(d0["read_bytes"]) == x["dram_read_bytes"] and round(d0["write_bytes"]) == x["dram_write_bytes"], (d0, x["dram_read_bytes"], x["dram_write_bytes"])
        assert x["dram_bw_bytes_per_cycle"] <= x["dram_bw_peak_bytes_per_cycle"] + 1e-9
    total += s["cycles"]
assert total == d["total"]["simulated_cycles"]
# the VCD: header, one wire per engine, increasing timestamps, busy time per wire
ids, now, last, since, on = {}, -1, None, {}, {}
for line in open(sys.argv[2]):
    w = line.split()
    if line.startswith("$var"):
        ids[w[3]] = w[4]
    elif line.startswith("#"):
        t = int(line[1:])
        assert t > now, (t, now)
        now = t
    elif now >= 0 and line[:1] in "01" and line[1:].strip() in ids:
        n = ids[line[1:].strip()]
        if line[0] == "1": since[n] = now
        else: on[n] = on.get(n, 0) + now - since.pop(n)
assert sorted(ids.values()) == sorted(engines), ids
assert not since
for e in engines:
    assert on.get(e, 0) == busy[e], (e, on.get(e, 0), busy[e])
print(len(d["ops"]), "ops, busy", busy)
PY
