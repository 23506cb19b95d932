#!/usr/bin/env bash
# Installs Debian's neovim (0.7) for the Neovim end-to-end test of the language
# server (lsp/nvim_e2e_test.go, editors/neovim). Idempotent: installs only when
# nvim is missing.
set -euo pipefail
if ! command -v nvim >/dev/null 2>&1; then
  echo "install-neovim-deps: apt-get install neovim"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 neovim >/dev/null
fi
nvim --version | head -1
