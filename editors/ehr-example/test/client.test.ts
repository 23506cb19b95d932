// End-to-end test of the example EHR client against the real server: the
// binary comes from SOAPLINT_BIN (what .ci/editors-test.sh builds) or PATH.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { SoaplintClient, VersionReport, applyEdits, fileUri } from '../src/client';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const sample = fs.readFileSync(path.join(repoRoot, 'editors', 'testdata', 'sample.soap'), 'utf8');
const serverPath = process.env.SOAPLINT_BIN ?? 'soaplint';

/** The sample bills 97530 without GP: Medicare's discipline modifier error. */
const missingModifier = 'modifier/discipline-missing';

function codes(ds: { code?: string | number }[]): string[] {
  return ds.map((d) => String(d.code)).sort();
}

describe('soaplint EHR example client', () => {
  let dir: string;
  before(() => {
    const probe = spawnSync(serverPath, ['rules'], { encoding: 'utf8' });
    assert.equal(probe.status, 0, `no soaplint binary at ${serverPath}: set SOAPLINT_BIN (${probe.error?.message ?? probe.stderr})`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soaplint-ehr-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const transport of ['stdio', 'tcp'] as const) {
    it(`pulls exactly one answer for each of versions 1..N, some edits changing nothing (${transport})`, async () => {
      const client = await SoaplintClient.start({ serverPath, transport, rootDir: dir });
      try {
        assert.deepEqual(client.capabilities.diagnosticProvider, {
          identifier: 'soaplint',
          interFileDependencies: false,
          workspaceDiagnostics: true,
        });
        const uri = fileUri(path.join(dir, 'visit.soap'));
        const withGP = sample.replace('97530 x2 units', '97530-GP x2 units');
        const moved = 'Addendum: reviewed with patient.\n' + withGP;
        // [new text, whether the findings differ from the previous version's]
        const steps: Array<[string, boolean]> = [
          [sample, false], // identical text: a version that changes nothing
          [sample + '\n', false], // a trailing blank line: no finding moves
          [withGP, true], // the modifier added: the error goes
          [withGP, false], // identical again
          [moved, false], // a line above every finding — but none remain, so nothing moves
          [sample, true], // back to the original: the error returns
          [sample.replace('Subjective:', 'Subjective:\n'), true], // the error moves down a line
        ];
        const answers: VersionReport[] = [];
        client.open(uri, sample);
        answers.push(await client.diagnostics(uri));
        for (const [text] of steps) {
          client.edit(uri, text);
          answers.push(await client.diagnostics(uri));
        }
        // One answer per version, in order, each for the version it was asked for.
        assert.deepEqual(
          answers.map((a) => a.version),
          Array.from({ length: steps.length + 1 }, (_, i) => i + 1),
        );
        assert.equal(answers[0]!.unchanged, false);
        assert.deepEqual(codes(answers[0]!.diagnostics), [missingModifier]);
        steps.forEach(([text, changes], i) => {
          const a = answers[i + 1]!;
          assert.equal(a.unchanged, !changes, `version ${a.version}: unchanged=${a.unchanged}`);
          assert.deepEqual(codes(a.diagnostics), text.includes('97530-GP') ? [] : [missingModifier], `version ${a.version}`);
        });
        const line = (v: number) => answers[v - 1]!.diagnostics[0]!.range.start.line;
        assert.equal(line(8), line(1) + 1, 'the finding of version 8 is a line further down');
        assert.equal(client.pushed.length, 0, 'a pulling client gets no publishDiagnostics');
      } finally {
        await client.dispose();
      }
    });
  }

  it('gates signing on errors and applies fix-all only when asked', async () => {
    const client = await SoaplintClient.start({ serverPath, rootDir: dir });
    try {
      const uri = fileUri(path.join(dir, 'sign.soap'));
      client.open(uri, sample);
      const blocked = await client.signCheck(uri);
      assert.equal(blocked.ok, false);
      assert.deepEqual(codes(blocked.errors), [missingModifier]);
      assert.ok(blocked.errors.every((d) => d.severity === DiagnosticSeverity.Error));

      // Nothing changed the note by itself.
      assert.equal(client.text(uri), sample);
      // Fix-all applies the safe fixes — here the discipline modifier, the one
      // right answer for a PT note — as one new version, and nothing else.
      const first = await client.fixAll(uri);
      assert.deepEqual(first, { applied: true, version: 2 });
      assert.equal(client.text(uri), sample.replace('97530 x2 units', '97530-GP x2 units'));
      // The same text `soaplint lint --fix` writes.
      const copy = path.join(dir, 'cli-fix.soap');
      fs.writeFileSync(copy, sample);
      spawnSync(serverPath, ['lint', '--fix', copy], { encoding: 'utf8' });
      assert.equal(client.text(uri), fs.readFileSync(copy, 'utf8'), 'fix-all and lint --fix agree');
      const again = await client.fixAll(uri);
      assert.deepEqual(again, { applied: false, version: 2 }, 'a second fix-all finds nothing left');
      // The version the user signs is the one checked, and it is clean.
      const ok = await client.signCheck(uri);
      assert.equal(ok.version, 2);
      assert.equal(ok.ok, true, `errors remain: ${JSON.stringify(ok.errors)}`);

      // A new error (the user deletes the modifier again) blocks the next version.
      const v = client.edit(uri, sample);
      const blockedAgain = await client.signCheck(uri);
      assert.equal(blockedAgain.version, v);
      assert.equal(blockedAgain.ok, false);
    } finally {
      await client.dispose();
    }
  });

  it('pulls the whole folder with partial results', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'ws-'));
    fs.writeFileSync(path.join(folder, 'a.soap'), sample);
    fs.writeFileSync(path.join(folder, 'b.soap'), sample.replace('97530 x2 units', '97530-GP x2 units'));
    fs.mkdirSync(path.join(folder, '.cache'));
    fs.writeFileSync(path.join(folder, '.cache', 'c.soap'), sample); // hidden folders are not walked
    const client = await SoaplintClient.start({ serverPath, rootDir: folder });
    try {
      let batches = 0;
      const reports = await client.workspaceDiagnostics(() => batches++);
      assert.ok(batches >= 1, 'reports came as partial results');
      const byName = new Map(reports.map((r) => [path.basename(decodeURIComponent(r.uri)), r]));
      assert.deepEqual([...byName.keys()].sort(), ['a.soap', 'b.soap']);
      const a = byName.get('a.soap')!;
      assert.equal(a.kind, 'full');
      assert.equal(a.version, null, 'a note that is not open has version null');
      assert.deepEqual(codes(a.kind === 'full' ? a.items : []), [missingModifier]);
    } finally {
      await client.dispose();
    }
  });

  it('applies edits at UTF-16 positions', () => {
    const text = '°😀 bad\nnext';
    const out = applyEdits(text, [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 7 } }, newText: 'good' }]);
    assert.equal(out, '°😀 good\nnext');
  });
});
