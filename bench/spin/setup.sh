#!/usr/bin/env bash
# Installs Spin and a C compiler for the side-by-side benchmark (bench/spin.bench.ts), from
# Debian's packages, only when they are missing. Benchmarking only: nothing else needs them.
set -euo pipefail
missing=()
command -v spin >/dev/null 2>&1 || missing+=(spin)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
spin -V
gcc --version | head -1
