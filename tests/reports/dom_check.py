#!/usr/bin/env python3
"""dom_check.py ACCEL_SIM MODE [WORKLOAD [RUN FLAGS...]] — renders `accel-sim report` pages in headless Chromium and checks
them against their source (from the project root; exit 77 when no Chromium is installed).
  run:   `accel-sim run WORKLOAD --json` (default workloads/default.yaml), then `report --html --csv`; a screenshot
         (a PNG of the window's size whose pixels are not one flat colour) and the DOM after
         Chromium parsed it (--dump-dom): the four charts are <svg> elements with their ids, and
         per op the cycles, energies, MACs, DRAM bytes in the ops table, the stacked bars'
         totals, the roofline points and the CSV rows equal the JSON's numbers; with
         `--engine cycle`, the engine chart's bars equal each op's sim.engines counters and the
         engine timeline has one span per op, back to back, whose segments are those counters.
  sweep: `accel-sim sweep tests/sweep/points.yaml`, then `report --html --csv` of the database:
         the Pareto chart is there with one highlighted circle per front row, the points table
         and the CSV have one row per database row with the same latency and energy."""
import csv
import html.parser
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zlib

ACCEL, MODE = sys.argv[1], sys.argv[2]
WORKLOAD = sys.argv[3] if len(sys.argv) > 3 else "workloads/default.yaml"
FLAGS = sys.argv[4:]
BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
if not BROWSER:
    print("SKIP: no chromium on PATH (scripts/install-deps.sh installs it when it can)")
    sys.exit(77)
TMP = tempfile.mkdtemp()


def fail(msg):
    print("FAIL: " + msg)
    shutil.rmtree(TMP, ignore_errors=True)
    sys.exit(1)


def run(*args):
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        fail("%s exited %d: %s" % (" ".join(args), p.returncode, p.stderr[-2000:]))
    return p.stdout


def chromium(*args):
    env = dict(os.environ, HOME=TMP)  # its profile and crash dumps stay in the test's folder
    p = subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + TMP + "/profile"]
                       + list(args), capture_output=True, text=True, timeout=120, env=env)
    if p.returncode != 0:
        fail("chromium exited %d: %s" % (p.returncode, p.stderr[-2000:]))
    return p.stdout


class Dom(html.parser.HTMLParser):
    """Collects the svg ids, the elements with data-* attributes, and table rows by table id."""

    def __init__(self):
        super().__init__()
        self.svgs, self.elems, self.rows, self.table = [], [], {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svgs.append(a.get("id"))
        if tag == "table":
            self.table = a.get("id")
            self.rows[self.table] = []
        if tag == "tr" and self.table:
            self.rows[self.table].append({"attrs": a, "cells": {}})
        if tag == "td" and self.table and self.rows[self.table] and "data-field" in a:
            self.rows[self.table][-1]["cells"][a["data-field"]] = a["data-value"]
        a["tag"] = tag
        a["svg"] = self.svgs[-1] if self.svgs else None
        self.elems.append(a)

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None


def near(a, b, rel=1e-9):
    return abs(float(a) - float(b)) <= rel * max(abs(float(a)), abs(float(b)), 1e-300)


def dom_of(page):
    d = Dom()
    d.feed(chromium("--dump-dom", "file://" + os.path.abspath(page)))
    return d


def check_png(path, w, h):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("screenshot is not a PNG")
    pw, ph = struct.unpack(">II", data[16:24])
    if (pw, ph) != (w, h):
        fail("screenshot is %dx%d, expected %dx%d" % (pw, ph, w, h))
    idat, i = b"", 8
    while i < len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        if kind == b"IDAT":
            idat += data[i + 8:i + 8 + n]
        i += 12 + n
    pixels = zlib.decompress(idat)
    if len(set(pixels)) < 32:
        fail("screenshot has %d distinct byte values: a blank page" % len(set(pixels)))
    print("screenshot %dx%d, %d bytes, %d distinct byte values" % (pw, ph, len(data), len(set(pixels))))


def check_run():
    doc = os.path.join(TMP, "run.json")
    open(doc, "w").write(run(ACCEL, "run", WORKLOAD, "--json", *FLAGS))
    j = json.load(open(doc))
    page, table = os.path.join(TMP, "run.html"), os.path.join(TMP, "run.csv")
    run(ACCEL, "report", doc, "--html", page, "--csv", table)
    shot = os.path.join(TMP, "run.png")
    chromium("--screenshot=" + shot, "--window-size=1200,2400", "file://" + os.path.abspath(page))
    check_png(shot, 1200, 2400)
    d = dom_of(page)
    for sid in ("energy-by-level", "energy-by-action", "cycles-per-op", "roofline"):
        if sid not in d.svgs:
            fail("chart svg#%s missing (have %s)" % (sid, d.svgs))
    ops = {r["attrs"]["data-op"]: r["cells"] for r in d.rows.get("ops", []) if "data-op" in r["attrs"]}
    if sorted(ops) != sorted(o["name"] for o in j["ops"]):
        fail("ops table %s, JSON %s" % (sorted(ops), [o["name"] for o in j["ops"]]))
    bars = {}
    for e in d.elems:
        if e["tag"] == "g" and e.get("class") == "bar":
            bars[(e["svg"], e["data-cat"])] = e["data-total"]
    points = {e["data-op"]: e for e in d.elems if e.get("class") == "op-point"}
    rows = {r["op"]: r for r in csv.DictReader(open(table))}
    for o in j["ops"]:
        n = o["name"]
        for f in ("cycles", "latency_s", "energy_pj", "macs", "dram_bytes", "utilization"):
            if not near(ops[n][f], o[f], 1e-15):
                fail("op %s %s: DOM %s, JSON %s" % (n, f, ops[n][f], o[f]))
            if not near(rows[n][f], o[f], 1e-15):
                fail("op %s %s: CSV %s, JSON %s" % (n, f, rows[n][f], o[f]))
        if o["fused"]:  # a fused schedule reports its energy per storage class in fuse.*
            parts = sum(o["fuse"][k] for k in ("compute_energy_pj", "dram_energy_pj", "buffer_energy_pj", "regfile_energy_pj"))
        else:
            parts = sum(l["energy_pj"] for l in o["levels"]) + o["compute_energy_pj"]
        for chart in ("energy-by-level", "energy-by-action"):
            if not near(bars[(chart, n)], parts) or not near(parts, o["energy_pj"], 1e-6):
                fail("op %s %s bar %s, levels + compute %s, energy_pj %s" % (n, chart, bars[(chart, n)], parts, o["energy_pj"]))
        if not near(bars[("cycles-per-op", n)], o["cycles"]):
            fail("op %s cycles bar %s, JSON %s" % (n, bars[("cycles-per-op", n)], o["cycles"]))
        if o["macs"] > 0 and o["dram_bytes"] > 0:
            p = points[n]
            if not near(p["data-intensity"], o["macs"] / o["dram_bytes"]) or not near(p["data-throughput"], o["macs"] / o["cycles"]):
                fail("op %s roofline point %s" % (n, p))
    simulated = [o for o in j["ops"] if o.get("sim")]
    if "--engine" in FLAGS and not simulated:
        fail("--engine cycle gave no op a sim object")
    if simulated and "sim-engines" not in d.svgs:
        fail("ops carry sim objects but svg#sim-engines is missing")
    if not simulated and "sim-engines" in d.svgs:
        fail("svg#sim-engines drawn for a run that was not simulated")
    for o in simulated:
        for name, counters in o["sim"]["engines"].items():
            want = sum(v for v in counters.values() if isinstance(v, (int, float)))
            if not near(bars[("sim-engines", o["name"] + "/" + name)], want):
                fail("op %s engine %s: bar %s, counters %s" % (o["name"], name, bars[("sim-engines", o["name"] + "/" + name)], want))
    # the engine timeline: one span per simulated op, in run order, starting where the previous
    # one ended; inside it each engine's busy/stalled/idle segments equal the op's counters
    if simulated and "sim-timeline" not in d.svgs:
        fail("ops carry sim objects but svg#sim-timeline is missing")
    spans, segs, op = [], {}, None
    for e in d.elems:
        if e["tag"] == "g" and e.get("class") == "span":
            op = e["data-op"]
            spans.append((op, float(e["data-start"]), float(e["data-cycles"])))
        elif e["tag"] == "rect" and e.get("svg") == "sim-timeline" and e.get("data-engine"):
            segs[(op, e["data-engine"], e["data-series"])] = e["data-value"]
    start = 0
    for (name, at, cyc), o in zip(spans, simulated):
        if name != o["name"] or not near(at, start) or not near(cyc, o["sim"]["cycles"]):
            fail("timeline span %s at %s for %s cycles, JSON op %s at %s for %s" % (name, at, cyc, o["name"], start, o["sim"]["cycles"]))
        start += o["sim"]["cycles"]
        for eng, counters in o["sim"]["engines"].items():
            for state in ("busy", "stalled_on_input", "stalled_on_output", "idle"):
                got = segs.get((name, eng, state), 0)
                if not near(got, counters[state]) and not (counters[state] == 0 and got == 0):
                    fail("timeline %s/%s/%s: %s, JSON %s" % (name, eng, state, got, counters[state]))
    if len(spans) != len(simulated):
        fail("timeline has %d spans for %d simulated ops" % (len(spans), len(simulated)))
    roofs = [e for e in d.elems if e.get("id") in ("roof-dram", "roof-compute")]
    print("run report of %s %s ok: %d ops, %d charts, %d roofs, %d roofline points, %d simulated ops"
          % (WORKLOAD, " ".join(FLAGS), len(j["ops"]), len(d.svgs), len(roofs), len(points), len(simulated)))


def check_sweep():
    db = os.path.join(TMP, "s.sqlite")
    run(ACCEL, "sweep", "tests/sweep/points.yaml", "--db", db, "-j", "2", "--quiet")
    page, table = os.path.join(TMP, "s.html"), os.path.join(TMP, "s.csv")
    run(ACCEL, "report", db, "--html", page, "--csv", table)
    d = dom_of(page)
    if "pareto-chart" not in d.svgs:
        fail("svg#pareto-chart missing")
    con = sqlite3.connect(db)
    want = {(w, p): (lat, en) for p, w, lat, en in con.execute("SELECT point, workload, latency_s, energy_pj FROM points")}
    front = con.execute("SELECT count(*) FROM pareto WHERE metrics = 'latency,energy'").fetchone()[0]
    circles = sum(1 for e in d.elems if e["tag"] == "circle" and e.get("class") == "front")
    if circles != front or len(d.rows.get("front", [])) - 1 != front:
        fail("front: %d circles, %d table rows, %d in the database" % (circles, len(d.rows["front"]) - 1, front))
    got = {(int(r["attrs"]["data-workload"]), int(r["attrs"]["data-point"])): r["cells"]
           for r in d.rows.get("points", []) if "data-point" in r["attrs"]}
    if set(got) != set(want):
        fail("points table has %d rows, the database %d" % (len(got), len(want)))
    for k, (lat, en) in want.items():
        if lat is not None and (not near(got[k]["latency_s"], lat, 1e-15) or not near(got[k]["energy_pj"], en, 1e-15)):
            fail("point %s: DOM %s, database %s" % (k, got[k], (lat, en)))
    rows = list(csv.DictReader(open(table)))
    if len(rows) != len(want):
        fail("CSV has %d rows, the database %d" % (len(rows), len(want)))
    print("sweep report ok: %d points, %d on the front" % (len(want), front))


check_run() if MODE == "run" else check_sweep()
shutil.rmtree(TMP, ignore_errors=True)
