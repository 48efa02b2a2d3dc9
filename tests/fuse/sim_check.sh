#!/usr/bin/env bash
# sim_check.sh ACCEL_SIM WORKLOAD OUT — `accel-sim sim --json` on fused attention ops, with ideal
# and with realistic memory, against the fused evaluator (docs/simulator.md, "Fused attention
# schedules"):
#   ideal      architecture and flash: simulated cycles == the model's compute cycles exactly;
#              fusemax and cascade: within 1% (pipeline fill/drain: the model charges one step
#              of the shorter stage per traversal, cascade none; the simulator one per run of
#              steps, the 2-pass traversals interleaved per query tile); flat: between the
#              model's compute and that plus the shorter array's busy cycles (the pipeline fill:
#              the first row block's QK runs before any softmax, the last block's AV after the
#              last; measured: exactly one row block's 2D work when the 1D array is the longer)
#   realistic  1-pass: simulated cycles >= max(compute, memory) of the model; 2-pass: >= the
#              model's memory cycles and its compute less 1%
# Both: each engine's busy + stalls + idle == cycles, compute + DMA stall == cycles, the DRAM
# bytes are the model's, the 1D array's utilization is reported, and the run's simulated cycles
# are the sum of its einsums' and fused ops' (they run one after the other).
set -eu
"$1" sim "$2" --json --ideal > "$3.ideal.json"
"$1" sim "$2" --json > "$3.real.json"
python3 - "$3.ideal.json" "$3.real.json" <<'PY'
import json, sys
ideal, real = (json.load(open(p)) for p in sys.argv[1:3])
assert ideal["ideal_memory"] and not real["ideal_memory"]
assert len(ideal["fused_ops"]) == len(real["fused_ops"]) > 0
worst = fill = 0.0
for d in (ideal, real):
    parts = [e["sim"]["cycles"] for e in d["einsums"]] + [f["sim"]["cycles"] for f in d["fused_ops"]]
    assert sum(parts) == d["simulated_cycles"], (parts, d["simulated_cycles"])
for d, is_ideal in ((ideal, True), (real, False)):
    for op in d["fused_ops"]:
        s, name, sch = op["sim"], op["op"], op["schedule"]
        assert s["fused"] is True and "array_1d_utilization" in s
        for e in ("dma_load", "dma_store", "array", "array_1d"):
            g = s["engines"][e]
            assert g["busy"] + g["stalled_on_input"] + g["stalled_on_output"] + g["idle"] == s["cycles"], (name, e, g)
        assert s["compute"] + s["dma_stall"] == s["cycles"], name
        assert s["dram_read_bytes"] + s["dram_write_bytes"] == s["analytical_dram_bytes"], name
        comp, cyc = s["analytical_compute_cycles"], s["cycles"]
        if is_ideal:
            if sch in ("architecture", "flash"):
                assert cyc == comp, (name, cyc, comp)
            elif sch == "flat":
                shorter = min(s["engines"]["array"]["busy"], s["engines"]["array_1d"]["busy"])
                assert comp <= cyc <= comp + shorter, (name, cyc, comp, shorter)
                fill = max(fill, (cyc - comp) / comp)
            else:
                worst = max(worst, abs(cyc / comp - 1))
                assert abs(cyc / comp - 1) <= 0.01, (name, cyc, comp)
        else:
            two = name.endswith("_2p")
            floor = s["analytical_cycles"] if not two else max(comp * 0.99, s["analytical_cycles"] * 0.99)
            assert cyc >= floor, (name, cyc, s["analytical_cycles"])
print("ok: %d fused ops; worst ideal-memory pipeline difference %.4f%%, flat fill %.4f%%" %
      (len(ideal["fused_ops"]), 100 * worst, 100 * fill))
PY
