#!/usr/bin/env bash
# Installs what .ci/editors-test.sh needs and the machine image may lack:
# Debian's Emacs 28 and eglot for the Emacs end-to-end test. Node.js/npm, Go and
# Python 3.11 (tomllib) come with the image; their absence is reported, not
# papered over. Idempotent: installs only what is missing.
set -euo pipefail

pkgs=()
command -v emacs >/dev/null 2>&1 || pkgs+=(emacs-nox)
dpkg -s elpa-eglot >/dev/null 2>&1 || pkgs+=(elpa-eglot)
if [ "${#pkgs[@]}" -gt 0 ]; then
  echo "install-editors-deps: apt-get install ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${pkgs[@]}" >/dev/null
fi

for tool in node npm go python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-editors-deps: $tool is missing from this machine" >&2; exit 1; }
done
