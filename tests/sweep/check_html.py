#!/usr/bin/env python3
"""check_html HTML TEXT — checks a `accel-sim pareto --html` page against the text output of the
same command: the SVG parses as XML and has axes labels with units, one highlighted circle per
front point, the front table has the same points, and its data-* numbers match the text's."""
import re
import sys
import xml.dom.minidom

html = open(sys.argv[1]).read()
text = open(sys.argv[2]).read().splitlines()
svg = html[html.index("<svg"):html.index("</svg>") + 6]
xml.dom.minidom.parseString(svg)
for label in ("latency (s)", "energy (pJ)", "Pareto front"):
    assert label in svg, label
m = re.match(r"pareto front \(latency,energy, minimized\): (\d+) of (\d+) ok points", text[0])
assert m, text[0]
front, total = int(m.group(1)), int(m.group(2))
assert svg.count('class="front"') == front, "front circles"
assert svg.count('class="point"') == total - front, "other circles"
rows = re.findall(r'<tr><td>(\d+)</td><td>(\d+)</td><td data-latency="([^"]+)">[^<]*</td>'
                  r'<td data-energy="([^"]+)">', html)
assert len(rows) == front, "table rows %d, front %d" % (len(rows), front)
want = {}
for line in text[2:]:
    f = line.split()
    want[(f[0], f[1])] = (float(f[2]), float(f[3]))
for w, p, lat, en in rows:
    a, b = want[(w, p)]
    assert abs(float(lat) - a) <= 1e-5 * a and abs(float(en) - b) <= 1e-5 * b, (w, p)
print("html ok: %d front points of %d" % (front, total))
