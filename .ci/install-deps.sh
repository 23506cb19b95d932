#!/usr/bin/env bash
# Installs what the test suite needs and the machine may lack. Idempotent:
# installs only what is missing and runs apt-get update only then.
#
# Add a tool here by adding its check to the APT list below, or drop an
# .ci/install-<name>-deps.sh script beside this one (it is run automatically).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v go >/dev/null 2>&1 || { echo "install-deps: Go 1.26 is required (https://go.dev/dl/)" >&2; exit 1; }

# --- Debian packages: "command package" pairs. -----------------------------
# chromium: headless rendering of `soaplint report` (report tests).
apt_needs=(
  "chromium chromium"
  "make make"
)
missing=()
for pair in "${apt_needs[@]}"; do
  set -- $pair
  command -v "$1" >/dev/null 2>&1 || missing+=("$2")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
fi

# --- Go modules (a no-op when the module cache is warm). --------------------
go mod download

# --- Per-component installers (editors: Emacs/eglot, Neovim, npm ...). -----
for script in .ci/install-*-deps.sh; do
  [ -e "$script" ] || continue
  echo "install-deps: $script"
  bash "$script"
done
