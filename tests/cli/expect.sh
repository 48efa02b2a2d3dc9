#!/usr/bin/env bash
# expect.sh STATUS [--json] [--grep TEXT] [--absent TEXT] -- COMMAND... — runs COMMAND and
# passes when it exits with STATUS; --json also requires stdout to be valid JSON, --grep
# requires TEXT in stdout+stderr, --absent requires TEXT in neither.
set -u
want=$1; shift
json=0 grep_text="" absent_text=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case $1 in
    --json) json=1 ;;
    --grep) grep_text=$2; shift ;;
    --absent) absent_text=$2; shift ;;
  esac
  shift
done
shift
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" >"$out" 2>"$err"
rc=$?
if [ "$rc" -ne "$want" ]; then
  echo "FAIL: exit $rc, expected $want: $*"; cat "$err" | head -20; exit 1
fi
if [ "$json" = 1 ] && ! python3 -m json.tool "$out" >/dev/null; then
  echo "FAIL: stdout is not valid JSON: $*"; head -c 2000 "$out"; exit 1
fi
if [ -n "$grep_text" ] && ! cat "$out" "$err" | grep -qF -- "$grep_text"; then
  echo "FAIL: output lacks '$grep_text': $*"; head -40 "$out" "$err"; exit 1
fi
if [ -n "$absent_text" ] && cat "$out" "$err" | grep -qF -- "$absent_text"; then
  echo "FAIL: output has '$absent_text': $*"; head -40 "$out" "$err"; exit 1
fi
echo "ok: $*"
