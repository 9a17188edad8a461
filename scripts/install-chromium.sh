#!/usr/bin/env bash
# Installs Debian's chromium package for the report's browser test (test/audit/report-browser.test.ts).
# Never downloads a browser from anywhere else: apt-get only, as root or through sudo.
# A no-op when /usr/bin/chromium already exists. Exits non-zero with a clear message when it
# cannot install (CI must fail, not skip the browser test).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: /usr/bin/chromium is already installed ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: apt-get not found: this script installs Debian's chromium package and needs a Debian or Ubuntu system (install chromium at /usr/bin/chromium yourself otherwise)" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-chromium: must run as root, or with sudo available without a password, to apt-get install chromium" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-chromium: apt-get update && apt-get install chromium"
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium

if [ ! -x /usr/bin/chromium ]; then
  echo "install-chromium: apt-get finished but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "install-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
