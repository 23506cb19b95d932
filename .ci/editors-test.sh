#!/usr/bin/env bash
# Editor integration tests (issue 5), run from the repository root or anywhere:
#
#   bash .ci/editors-test.sh
#
# 1. VS Code: the lock file names no download host but the npm registry;
#    npm ci && npm test (tsc + node:test against the built server) && npm run
#    package; the .vsix holds what the extension needs and nothing it shouldn't;
#    a --bundle build carries a binary the extension's lookup finds and can run.
# 2. The example EHR client (editors/ehr-example): npm ci && npm test against
#    the built server (LSP 3.17 pull diagnostics, sign gate, fix-all).
# 3. Emacs 28 + eglot (Debian packages): soaplint.el byte-compiles without
#    warnings; batch Emacs opens a note and gets the server's diagnostics.
# 4. Helix: not packaged for Debian 12, so languages.toml is checked with a
#    TOML parser (said so below, not skipped silently); with hx on PATH its
#    own health check runs as well.
#
# A missing tool is a failure: run .ci/install-editors-deps.sh first.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

for tool in go node npm emacs python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "editors-test: $tool not found; run .ci/install-editors-deps.sh" >&2
    exit 1
  fi
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "=== build soaplint"
if ! go build -o "$tmp/soaplint" ./cmd/soaplint; then
  echo "editors-test: go build ./cmd/soaplint failed" >&2
  echo "editors: 0 passed, 1 failed"
  exit 1
fi
export SOAPLINT_SERVER_PATH="$tmp/soaplint" # what soaplint.serverPath would hold
export SOAPLINT_BIN="$tmp/soaplint"

passed=0
failed=0
failures=()
step() {
  local name="$1"
  shift
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "--- PASS: $name ($((SECONDS - start))s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "--- FAIL: $name ($((SECONDS - start))s)"
  fi
}

vscode="$repo/editors/vscode"

lockfile_hosts() {
  # Every "resolved" URL must be on the npm registry (npm may omit them all).
  python3 - "${1:-$vscode}/package-lock.json" <<'PY'
import json, sys, urllib.parse
lock = json.load(open(sys.argv[1]))
bad = []
for name, entry in lock.get("packages", {}).items():
    url = entry.get("resolved")
    if url and urllib.parse.urlparse(url).hostname != "registry.npmjs.org":
        bad.append(f"{name or '(root)'}: {url}")
if bad:
    print("lock file downloads from outside the npm registry:", *bad, sep="\n  ")
    sys.exit(1)
print(f"{len(lock.get('packages', {})) - 1} locked packages, no foreign hosts")
PY
}

vscode_npm() {
  (cd "$vscode" && npm ci --no-audit --no-fund && npm test && npm run package)
}

# check_vsix FILE [bundled-target...]: required entries present, sources and
# tests absent, and bin/ holding exactly the given targets.
check_vsix() {
  python3 - "$@" <<'PY'
import sys, zipfile
path, targets = sys.argv[1], sys.argv[2:]
names = set(zipfile.ZipFile(path).namelist())
need = [
    "extension/package.json",
    "extension/readme.md",
    "extension/language-configuration.json",
    "extension/syntaxes/soap-note.tmLanguage.json",
    "extension/out/src/extension.js",
    "extension/out/src/server.js",
    "extension/out/src/cli.js",
    "extension/node_modules/vscode-languageclient/package.json",
    "extension/node_modules/vscode-languageclient/node.js",
    "extension/node_modules/vscode-languageserver-protocol/package.json",
]
errs = [f"missing {n}" for n in need if n not in names]
for n in sorted(names):
    if n.startswith(("extension/src/", "extension/test/", "extension/out/test/", "extension/scripts/")) or n.endswith(".ts"):
        errs.append(f"should not ship {n}")
    if n.startswith("extension/node_modules/") and any(d in n for d in ("/typescript/", "/@vscode/vsce", "/@types/")):
        errs.append(f"dev dependency shipped: {n}")
exe = {"linux-x64": "soaplint", "darwin-arm64": "soaplint", "win32-x64": "soaplint.exe"}
bins = sorted(n for n in names if n.startswith("extension/bin/"))
want = sorted(f"extension/bin/{t}/{exe[t]}" for t in targets)
if bins != want:
    errs.append(f"bin/ holds {bins}, want {want}")
if errs:
    print(*errs, sep="\n")
    sys.exit(1)
import os
print(f"{os.path.basename(path)}: {len(names)} files, {os.path.getsize(path) / 1024:.0f} KiB, bundled: {targets or 'none'}")
PY
}

vscode_vsix() {
  local vsix
  vsix="$(ls "$vscode"/soaplint-*.vsix 2>/dev/null | head -n 1)"
  [ -n "$vsix" ] || { echo "no .vsix in editors/vscode"; return 1; }
  check_vsix "$vsix"
}

vscode_bundle() {
  # Only the host's target, to keep CI time down; all three with --bundle.
  local out="$tmp/bundle"
  (cd "$vscode" && SOAPLINT_BUNDLE=linux-x64 npm run package -- --out "$tmp/bundled.vsix") || return 1
  check_vsix "$tmp/bundled.vsix" linux-x64 || return 1
  mkdir -p "$out"
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$tmp/bundled.vsix" "$out" || return 1
  # The extension's own lookup, with nothing on PATH and no setting, must pick
  # the bundled binary; it must then answer as soaplint does.
  (cd "$vscode" && node -e '
    const fs = require("node:fs");
    const { resolveServer } = require("./out/src/server.js");
    const ext = process.argv[1];
    const r = resolveServer({ configuredPath: "", extensionPath: ext, env: { PATH: "" }, platform: "linux", arch: "x64" });
    if (!r.ok || r.server.source !== "bundled") { console.error("bundled binary not found:", JSON.stringify(r)); process.exit(1); }
    fs.chmodSync(r.server.command, 0o755); // what the extension does when unzip drops the mode
    console.log(r.server.command);
  ' "$out/extension" >"$tmp/bundled-path") || return 1
  rm -rf "$vscode/bin" # built for this package only; a plain package removes it too
  "$(cat "$tmp/bundled-path")" rules --format json >"$tmp/rules.json" || { echo "bundled soaplint does not run"; return 1; }
  # The bundled binary must list the same catalogue as the one built from this tree.
  "$SOAPLINT_BIN" rules --format json >"$tmp/rules-built.json" || return 1
  python3 -c 'import json,sys; n=len(json.load(open(sys.argv[1]))); m=len(json.load(open(sys.argv[2]))); assert n == m and n > 0, (n, m); print(f"bundled soaplint lists {n} rules")' "$tmp/rules.json" "$tmp/rules-built.json"
}

ehr="$repo/editors/ehr-example"

ehr_example() {
  # The example EHR client (docs/ehr-integration.md) against the built server:
  # pull diagnostics per version over stdio and TCP, the sign gate, fix-all,
  # workspace diagnostics with partial results. npm ci is idempotent.
  (cd "$ehr" && npm ci --no-audit --no-fund && SOAPLINT_BIN="$SOAPLINT_BIN" npm test)
}

emacs_compile() {
  mkdir -p "$tmp/elc"
  cp editors/emacs/soaplint.el "$tmp/elc/"
  emacs --batch --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile "$tmp/elc/soaplint.el"
}

emacs_e2e() {
  emacs --batch --eval "(require 'eglot)" 2>/dev/null ||
    { echo "eglot is not installed (apt-get install elpa-eglot); run .ci/install-editors-deps.sh"; return 1; }
  echo "$(emacs --version | head -n 1), eglot $(dpkg-query -W -f '${Version}' elpa-eglot 2>/dev/null || echo '(built in)')"
  timeout 300 emacs --batch -l editors/emacs/soaplint.el -l editors/emacs/test/soaplint-test.el \
    -f ert-run-tests-batch-and-exit
}

helix_check() {
  if command -v hx >/dev/null 2>&1; then
    local cfg="$tmp/helix-config/helix"
    mkdir -p "$cfg"
    cp editors/helix/languages.toml "$cfg/languages.toml"
    PATH="$tmp:$PATH" XDG_CONFIG_HOME="$tmp/helix-config" hx --health soap-note || return 1
  else
    echo "helix (hx) is not installed and Debian 12 does not package it: checking languages.toml with tomllib only"
  fi
  python3 -c 'import tomllib' || { echo "python3 lacks tomllib (needs Python 3.11+)"; return 1; }
  python3 editors/helix/test_languages.py
}

step "vscode: lock file hosts" lockfile_hosts
step "vscode: npm ci, npm test, npm run package" vscode_npm
step "vscode: .vsix contents" vscode_vsix
step "vscode: bundled binary (linux-x64)" vscode_bundle
step "ehr example: lock file hosts" lockfile_hosts "$ehr"
step "ehr example: npm ci, npm test (pull diagnostics, sign gate, fix-all)" ehr_example
step "emacs: soaplint.el byte-compiles cleanly" emacs_compile
step "emacs: eglot end-to-end" emacs_e2e
step "helix: languages.toml" helix_check

if [ "$failed" -gt 0 ]; then
  printf 'failed: %s\n' "${failures[@]}"
fi
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
