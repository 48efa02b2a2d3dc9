#!/bin/sh
# run.sh ACCEL_SIM MODE — end-to-end sweep tests on tests/sweep/points.yaml (from the project root).
#   kill:   start a sweep (one point per transaction), SIGKILL it after some points, rerun the
#           same command, and check the database equals an uninterrupted run's, row for row;
#   sigint: the same with SIGINT (exit 130 after the batch in flight), then resume;
#   jobs:   -j 1 and -j 4 give identical databases; the pareto command prints a front;
#   change: a changed sweep file is refused (exit 2) unless --new;
#   mpi:    2 ranks under mpirun (one machine) give the single-process database (77: no mpirun).
set -u
bin=$1
mode=$2
dump="python3 tests/sweep/dbdump.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$bin" sweep tests/sweep/points.yaml --db "$tmp/ref.sqlite" -j 2 --quiet >/dev/null || fail "reference run"
$dump "$tmp/ref.sqlite" > "$tmp/ref.txt"
[ "$(wc -l < "$tmp/ref.txt")" -eq 100 ] || fail "reference has $(wc -l < "$tmp/ref.txt") rows"

interrupt() { # $1: signal
  "$bin" sweep tests/sweep/points.yaml --db "$tmp/cut.sqlite" -j 1 --batch 1 --quiet > "$tmp/first.out" 2>&1 &
  pid=$!
  n=0
  while [ $n -lt 400 ]; do
    next=$($dump "$tmp/cut.sqlite" --meta next_point 2>/dev/null)
    [ -n "$next" ] && [ "$next" -ge 5 ] && break
    sleep 0.02
    n=$((n + 1))
  done
  kill -"$1" $pid
  wait $pid
  rc=$?
  next=$($dump "$tmp/cut.sqlite" --meta next_point)
  echo "signal $1 after $next of 100 points, exit $rc"
  [ "$next" -lt 100 ] || echo "note: the sweep finished before the signal"
  if [ "$1" = INT ] && [ "$next" -lt 100 ]; then [ $rc -eq 130 ] || fail "SIGINT exit $rc, expected 130"; fi
  "$bin" sweep tests/sweep/points.yaml --db "$tmp/cut.sqlite" -j 2 > "$tmp/second.out" 2>&1 || fail "resume: $(cat "$tmp/second.out")"
  grep -q "($next done before)" "$tmp/second.out" || fail "resume did not skip $next points: $(cat "$tmp/second.out")"
  $dump "$tmp/cut.sqlite" > "$tmp/cut.txt"
  cmp -s "$tmp/ref.txt" "$tmp/cut.txt" || fail "resumed database differs: $(diff "$tmp/ref.txt" "$tmp/cut.txt" | head -5)"
}

case $mode in
kill) interrupt KILL ;;
sigint) interrupt INT ;;
jobs)
  "$bin" sweep tests/sweep/points.yaml --db "$tmp/j4.sqlite" -j 4 --batch 7 --quiet >/dev/null || fail "-j 4 run"
  $dump "$tmp/j4.sqlite" > "$tmp/j4.txt"
  cmp -s "$tmp/ref.txt" "$tmp/j4.txt" || fail "-j 4 differs from -j 2"
  "$bin" pareto "$tmp/ref.sqlite" --metrics latency,area > "$tmp/p.txt" || fail "pareto"
  grep -q "pareto front (latency,area" "$tmp/p.txt" || fail "pareto output: $(cat "$tmp/p.txt")"
  grep -q "rows=" "$tmp/p.txt" || fail "pareto output lacks parameters"
  "$bin" pareto "$tmp/ref.sqlite" --html "$tmp/p.html" > "$tmp/p2.txt" || fail "pareto --html"
  python3 tests/sweep/check_html.py "$tmp/p.html" "$tmp/p2.txt" || fail "pareto HTML"
  ;;
change)
  sed "s/1.6, 3.2/1.6, 2.4/; s|workload: tiny-gemm.yaml|workload: $PWD/tests/sweep/tiny-gemm.yaml|" \
    tests/sweep/points.yaml > "$tmp/changed.yaml"
  "$bin" sweep "$tmp/changed.yaml" --db "$tmp/ref.sqlite" --quiet > "$tmp/c.out" 2>&1
  rc=$?
  [ $rc -eq 2 ] || fail "changed sweep: exit $rc, expected 2"
  grep -q "another sweep" "$tmp/c.out" || fail "changed sweep message: $(cat "$tmp/c.out")"
  "$bin" sweep "$tmp/changed.yaml" --db "$tmp/ref.sqlite" --new --quiet >/dev/null || fail "--new"
  [ "$($dump "$tmp/ref.sqlite" | wc -l)" -eq 100 ] || fail "--new rows"
  ;;
mpi)
  command -v mpirun >/dev/null 2>&1 || { echo "skip: no mpirun"; exit 77; }
  # Open MPI keeps allocations until exit: no leak reports when the tool is built with ASan.
  ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" timeout 120 mpirun -n 2 --oversubscribe --allow-run-as-root \
    "$bin" sweep tests/sweep/points.yaml \
    --db "$tmp/mpi.sqlite" --batch 9 --quiet > "$tmp/mpi.out" 2>&1 || fail "mpirun: $(tail -5 "$tmp/mpi.out")"
  grep -q "2 MPI ranks" "$tmp/mpi.out" || fail "not sharded over 2 ranks: $(cat "$tmp/mpi.out")"
  $dump "$tmp/mpi.sqlite" > "$tmp/mpi.txt"
  cmp -s "$tmp/ref.txt" "$tmp/mpi.txt" || fail "2-rank database differs: $(diff "$tmp/ref.txt" "$tmp/mpi.txt" | head -5)"
  ;;
*) fail "unknown mode $mode" ;;
esac
echo ok
