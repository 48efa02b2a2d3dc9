#!/usr/bin/env bash
# install_test.sh BUILD — `cmake --install` into a fresh prefix must give a working accel-sim
# whose installed workloads find the installed presets.
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
"$prefix/bin/accel-sim" --version
for w in "$prefix"/share/accel-sim/workloads/*.yaml; do
  "$prefix/bin/accel-sim" check "$w" >/dev/null
done
ls "$prefix/share/accel-sim/arch/presets/"*.yaml "$prefix/share/accel-sim/cascades/"*.yaml >/dev/null
echo "installed binary, presets, cascades and workloads work"
