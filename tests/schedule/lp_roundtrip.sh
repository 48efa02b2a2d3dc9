#!/usr/bin/env bash
# lp_roundtrip.sh DRIVER GRAPH — the exported residency ILP (LP and MPS), re-solved by glpsol,
# has the objective our plan reports. Exit 77 when glpsol is missing.
set -u
command -v glpsol >/dev/null || exit 77
command -v python3 >/dev/null || exit 77
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
"$1" "$2" --budget M_R --fixed-order --json --emit-lp "$d/m.lp" --emit-mps "$d/m.mps" >"$d/out.json" || exit 1
want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ilp"]["noncompulsory_bytes"])' "$d/out.json")
for f in "--lp $d/m.lp" "--freemps $d/m.mps"; do
  glpsol $f --tmlim 60 -o "$d/sol" >/dev/null || exit 1
  got=$(sed -n 's/^Objective: *[^=]*= *\([-0-9.e+]*\).*/\1/p' "$d/sol")
  python3 -c 'import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); sys.exit(0 if abs(a-b)<=1e-6*max(1,abs(b)) else 1)' "$got" "$want" \
    || { echo "glpsol $f: objective $got, plan $want"; exit 1; }
done
echo "ok: glpsol objective $want"
