#!/bin/sh
# cli.sh ACCEL_SIM — `accel-sim report` on the command line, no browser needed (from the project
# root): --help exits 0; no input, no output, an unreadable input exit 2; documents that are not
# run documents exit 2 with a located error; an unwritable output exits 1 with the reason; a run
# JSON and a sweep database give an HTML page, a CSV with one row per op / point, and --json.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect() { # $1 exit status, $2 text the output must hold, then the command
  want=$1 text=$2
  shift 2
  "$@" > "$tmp/out" 2>&1
  rc=$?
  [ $rc -eq "$want" ] || fail "$* exited $rc, expected $want: $(cat "$tmp/out")"
  grep -qF -- "$text" "$tmp/out" || fail "$* did not print '$text': $(cat "$tmp/out")"
}
expect 0 "usage: accel-sim report" "$bin" report --help
expect 2 "expected one results file" "$bin" report --html "$tmp/x.html"
expect 2 "nothing to write" "$bin" report workloads/default.yaml
expect 2 "cannot read '$tmp/none.json'" "$bin" report "$tmp/none.json" --html "$tmp/x.html"
expect 2 "default.yaml:4:1: error: not an accel-sim run document" "$bin" report workloads/default.yaml --html "$tmp/x.html"
printf '{"version": 7, "ops": []}\n' > "$tmp/v7.json"
expect 2 "v7.json:1:13: error: run document version 7 is not supported" "$bin" report "$tmp/v7.json" --csv "$tmp/x.csv"
"$bin" run tests/sweep/tiny-gemm.yaml --json > "$tmp/run.json" || fail "run"
expect 1 "cannot write the HTML file" "$bin" report "$tmp/run.json" --html "$tmp/no/such/dir/x.html"
expect 0 '"kind": "run"' "$bin" report "$tmp/run.json" --html "$tmp/run.html" --csv "$tmp/run.csv" --json
grep -q '<svg id="roofline"' "$tmp/run.html" || fail "no roofline in the run page"
[ "$(wc -l < "$tmp/run.csv")" -eq 2 ] || fail "run CSV: $(cat "$tmp/run.csv")"
"$bin" sweep tests/sweep/points.yaml --db "$tmp/s.sqlite" --quiet > /dev/null || fail "sweep"
expect 0 "(sweep database)" "$bin" report "$tmp/s.sqlite" --html "$tmp/s.html" --csv "$tmp/s.csv"
[ "$(wc -l < "$tmp/s.csv")" -eq 101 ] || fail "sweep CSV has $(wc -l < "$tmp/s.csv") lines, expected 101"
grep -q '<table id="points">' "$tmp/s.html" || fail "no points table in the sweep page"
echo "report CLI ok"
