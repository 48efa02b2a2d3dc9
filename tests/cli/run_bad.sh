#!/usr/bin/env bash
# run_bad.sh BIN FILE [WRAPPER...] — one entry of the bad-input corpus, run as
# WRAPPER... BIN COMMAND FILE (the wrapper is e.g. valgrind with its options). FILE's first line is
# "# expect: EXACT FIRST LINE OF STDERR", its optional second line "# command: SUBCOMMAND"
# (default check). Passes when accel-sim exits 2 and prints exactly that line first.
# Run from the repository root so that messages carry the relative path tests/bad/...
set -u
bin=$1 file=$2
shift 2
expect=$(sed -n '1s/^# expect: //p' "$file")
cmd=$(sed -n '2s/^# command: //p' "$file")
cmd=${cmd:-check}
if [ -z "$expect" ]; then echo "$file: no '# expect:' line" >&2; exit 1; fi
err=$("$@" "$bin" "$cmd" "$file" 2>&1 >/dev/null)
rc=$?
first=$(printf '%s\n' "$err" | head -n 1)
if [ "$rc" -ne 2 ] || [ "$first" != "$expect" ]; then
  printf 'FAIL %s\n  exit:     %s (expected 2)\n  got:      %s\n  expected: %s\n' "$file" "$rc" "$first" "$expect"
  printf '%s\n' "$err" | tail -n +2
  exit 1
fi
echo "ok $file"
