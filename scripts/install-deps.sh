#!/usr/bin/env bash
# install-deps.sh — installs the Debian packages accel-sim needs to build and test.
# Idempotent: a package already installed is left alone, and apt is not touched at all when
# nothing is missing. Works as root on a fresh Debian 12 machine (sudo is used when not root).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libyaml-dev libsystemc-dev libglpk-dev glpk-utils
  libsqlite3-dev libopenblas-dev libopenmpi-dev openmpi-bin
  clang libclang-rt-dev python3
)

# Python packages of the cross-checks (ml_dtypes is the independent codec implementation the
# numerics tests compare against). Best effort: without them those tests skip (exit 77).
install_python_packages() {
  if python3 -c 'import numpy, ml_dtypes' >/dev/null 2>&1; then return 0; fi
  echo "install-deps: installing numpy and ml_dtypes from PyPI for the numerics cross-check"
  if ! python3 -m pip install --quiet --disable-pip-version-check numpy ml_dtypes >/dev/null 2>&1; then
    echo "install-deps: could not install ml_dtypes; the numerics cross-check will be skipped" >&2
  fi
}

# Chromium renders the HTML reports in the report tests (tests/reports/dom_check.py). Best effort:
# without it those tests skip (exit 77), so a failed install never fails the build or CI.
install_chromium() {
  if command -v chromium >/dev/null 2>&1; then return 0; fi
  local s=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then s="sudo"; else
      echo "install-deps: chromium missing and not root; the report browser tests will be skipped" >&2
      return 0
    fi
  fi
  echo "install-deps: installing chromium for the report browser tests"
  if ! { DEBIAN_FRONTEND=noninteractive $s apt-get install -y -qq --no-install-recommends chromium ||
         { $s apt-get update -qq && DEBIAN_FRONTEND=noninteractive $s apt-get install -y -qq --no-install-recommends chromium; }; } >/dev/null 2>&1; then
    echo "install-deps: could not install chromium; the report browser tests will be skipped" >&2
  fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} Debian packages already installed"
  install_python_packages
  install_chromium
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: missing ${missing[*]} and not root (no sudo); install them and re-run" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { $SUDO apt-get update -qq && \
       $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-deps: apt-get failed (log above)" >&2
  exit 1
fi
rm -f "$log"
echo "install-deps: installed ${#missing[@]} package(s)"
install_python_packages
install_chromium
