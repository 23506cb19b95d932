// The CLI calls behind "soaplint: Lint workspace" and "soaplint: Explain rule",
// run against the real binary with the same arguments and parsers the
// extension uses.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintArgs, parseLintReport, parseRules, runCli } from '../src/cli';
import { resolveServer } from '../src/server';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const sampleNote = path.join(repoRoot, 'editors', 'testdata', 'sample.soap');

function binary(): string {
  const res = resolveServer({ configuredPath: process.env.SOAPLINT_SERVER_PATH ?? '', extensionPath: path.resolve(__dirname, '..', '..') });
  if (!res.ok) {
    assert.fail('no soaplint binary: set SOAPLINT_SERVER_PATH or put soaplint on PATH');
  }
  return res.server.command;
}

describe('soaplint CLI as the extension runs it', () => {
  let command: string;
  let folder: string;

  before(() => {
    command = binary();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'soaplint-ws-'));
    fs.mkdirSync(path.join(folder, 'march'));
    fs.copyFileSync(sampleNote, path.join(folder, 'march', 'visit.soap'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('lints a workspace folder into per-file diagnostics', async () => {
    const medicare = await runCli(command, lintArgs(folder, 'medicare'), { cwd: folder });
    assert.equal(medicare.code, 1, `exit 1 for findings at error level (stderr: ${medicare.stderr})`);
    const files = parseLintReport(medicare.stdout);
    const visit = files.find((f) => f.path.endsWith(path.join('march', 'visit.soap')));
    assert.ok(visit, `visit.soap in the report: ${files.map((f) => f.path).join(', ')}`);
    const d = visit.diagnostics.find((x) => x.rule === 'modifier/discipline-missing');
    assert.ok(d, `modifier/discipline-missing among ${visit.diagnostics.map((x) => x.rule).join(', ')}`);
    const text = fs.readFileSync(sampleNote, 'utf8').split('\n');
    assert.equal(d.line, text.findIndex((l) => l.startsWith('97530 x2')) + 1, '1-based line of the billing line');
    assert.equal(d.severity, 'error');
    assert.ok(d.column >= 1 && d.endLine >= d.line);

    const commercial = await runCli(command, lintArgs(folder, 'commercial'), { cwd: folder });
    const rules = parseLintReport(commercial.stdout).flatMap((f) => f.diagnostics.map((x) => x.rule));
    assert.ok(!rules.includes('modifier/discipline-missing'), `commercial profile: ${rules.join(', ')}`);
  });

  it('lists the rule catalogue and explains a rule', async () => {
    const res = await runCli(command, ['rules', '--format', 'json']);
    assert.equal(res.code, 0, res.stderr);
    const rules = parseRules(res.stdout);
    assert.equal(rules.length, 29, 'the 29 rules of the catalogue (24 per-note, doc/unfilled-placeholder, 4 episode rules)');
    const ids = rules.map((r) => r.id);
    for (const id of ['time/units-mismatch', '97530/exercise-only', 'modifier/discipline-missing', 'doc/invalid-icd10']) {
      assert.ok(ids.includes(id), `${id} in the catalogue`);
    }
    assert.ok(rules.every((r) => r.summary.length > 0), 'every rule has a summary for the quick pick');

    const explain = await runCli(command, ['explain', '97530/exercise-only']);
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /97110/, 'the explanation names the code to bill instead');

    const unknown = await runCli(command, ['explain', 'no/such-rule']);
    assert.equal(unknown.code, 2, 'unknown rule is a usage error');
  });
});
