#!/usr/bin/env node
// Builds the .vsix with @vscode/vsce.
//
//   npm run package                      extension only (soaplint found via setting or PATH)
//   npm run package -- --bundle          also cross-compile soaplint into bin/<platform>-<arch>/
//   npm run package -- --bundle=linux-x64,win32-x64
//   SOAPLINT_BUNDLE=all npm run package  the same through the environment
//
// Bundled binaries are built from ../../cmd/soaplint with `go build`
// (CGO_ENABLED=0, GOOS/GOARCH per target). Without --bundle, bin/ is removed so
// that a stale binary never ships.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const repo = path.resolve(root, '..', '..');
const targets = {
  'linux-x64': { GOOS: 'linux', GOARCH: 'amd64', exe: 'soaplint' },
  'darwin-arm64': { GOOS: 'darwin', GOARCH: 'arm64', exe: 'soaplint' },
  'win32-x64': { GOOS: 'windows', GOARCH: 'amd64', exe: 'soaplint.exe' },
};

function die(msg) {
  console.error(`package: ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) {
    die(`${cmd}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    die(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  }
}

function bundleList() {
  let spec = process.env.SOAPLINT_BUNDLE || '';
  const passthrough = [];
  for (const a of process.argv.slice(2)) {
    if (a === '--bundle') {
      spec = 'all';
    } else if (a.startsWith('--bundle=')) {
      spec = a.slice('--bundle='.length);
    } else {
      passthrough.push(a);
    }
  }
  if (!spec) {
    return { list: [], passthrough };
  }
  const list = spec === 'all' ? Object.keys(targets) : spec.split(',').map((s) => s.trim()).filter(Boolean);
  for (const t of list) {
    if (!targets[t]) {
      die(`unknown bundle target ${t} (want ${Object.keys(targets).join(', ')} or all)`);
    }
  }
  return { list, passthrough };
}

const { list, passthrough } = bundleList();
const bin = path.join(root, 'bin');
fs.rmSync(bin, { recursive: true, force: true });
for (const t of list) {
  const { GOOS, GOARCH, exe } = targets[t];
  const out = path.join(bin, t, exe);
  console.log(`package: building soaplint for ${t}`);
  run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, './cmd/soaplint'], {
    cwd: repo,
    env: { ...process.env, GOOS, GOARCH, CGO_ENABLED: '0' },
  });
  if (GOOS !== 'windows') {
    fs.chmodSync(out, 0o755);
  }
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
let outFile = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const i = passthrough.indexOf('--out');
if (i >= 0 && passthrough[i + 1]) {
  outFile = path.resolve(passthrough[i + 1]);
  passthrough.splice(i, 2);
}
const vsce = require.resolve('@vscode/vsce/vsce');
// vscode:prepublish compiles the TypeScript before vsce collects files.
// No LICENSE file in this directory: the project's licence applies.
run(process.execPath, [vsce, 'package', '--skip-license', '--out', outFile, ...passthrough], { cwd: root });
console.log(`package: wrote ${path.relative(process.cwd(), outFile)}${list.length ? ` with ${list.join(', ')}` : ''}`);
