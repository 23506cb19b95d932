// The manifest (package.json) and the code agree: every setting the code reads
// is declared with the same default, every declared command is registered,
// and the language and grammar files it points to exist and parse.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { defaultSettings, lintableLanguages, readSettings } from '../src/server';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const props: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('declares every setting the extension reads, with the same defaults', () => {
    for (const [key, value] of Object.entries(defaultSettings)) {
      const decl = props[`soaplint.${key}`];
      assert.ok(decl, `soaplint.${key} is declared`);
      assert.deepEqual(decl.default, value, `default of soaplint.${key}`);
    }
    const declared = Object.keys(props).filter((k) => k !== 'soaplint.trace.server');
    assert.deepEqual(declared.map((k) => k.slice('soaplint.'.length)).sort(), Object.keys(defaultSettings).sort());
  });

  it('reads declared defaults back unchanged and drops bad values', () => {
    const fromDecl = readSettings((k) => props[`soaplint.${k}`]?.default);
    assert.deepEqual(fromDecl, defaultSettings);
    const bad = readSettings((k) =>
      ({ profile: 'aetna', rules: { 'doc/vague-phrase': 'loud', 'goal/no-timeframe': 'off' }, debounceMs: -5, fixAllOnSave: 'yes' })[
        k as string
      ],
    );
    assert.equal(bad.profile, 'medicare');
    assert.deepEqual(bad.rules, { 'goal/no-timeframe': 'off' });
    assert.equal(bad.debounceMs, defaultSettings.debounceMs);
    assert.equal(bad.fixAllOnSave, false, 'fixAllOnSave is on only when set to true');
  });

  it('activates only on the lintable languages (the extension then checks soaplint.enable)', () => {
    assert.deepEqual(manifest.activationEvents, lintableLanguages.map((l) => `onLanguage:${l}`));
  });

  it("defaults soaplint.debounceMs to the server's own default", () => {
    const goSrc = fs.readFileSync(path.join(root, '..', '..', 'lsp', 'lsp.go'), 'utf8');
    const m = /const DefaultDebounce = (\d+) \* time\.Millisecond/.exec(goSrc);
    assert.ok(m, 'lsp/lsp.go declares DefaultDebounce in milliseconds');
    assert.equal(defaultSettings.debounceMs, Number(m[1]));
    assert.equal(props['soaplint.debounceMs']!.default, Number(m[1]));
  });

  it('offers exactly the lintable languages in soaplint.enable', () => {
    const decl = props['soaplint.enable'] as unknown as { items: { enum: string[] } };
    assert.deepEqual(decl.items.enum, [...lintableLanguages]);
  });

  it('registers every contributed command', () => {
    const src = fs.readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8');
    const cmds: Array<{ command: string; title: string; category: string }> = manifest.contributes.commands;
    assert.deepEqual(cmds.map((c) => `${c.category}: ${c.title}`).sort(), [
      'soaplint: Explain rule',
      'soaplint: Lint workspace',
      'soaplint: Restart server',
    ]);
    for (const c of cmds) {
      assert.ok(src.includes(`registerCommand('${c.command}'`), `${c.command} is registered`);
    }
  });

  it('contributes the soap-note language for .soap and .note with a grammar', () => {
    const lang = manifest.contributes.languages.find((l: { id: string }) => l.id === 'soap-note');
    assert.deepEqual(lang.extensions, ['.soap', '.note']);
    JSON.parse(fs.readFileSync(path.join(root, lang.configuration), 'utf8'));
    const g = manifest.contributes.grammars.find((x: { language: string }) => x.language === 'soap-note');
    const grammar = JSON.parse(fs.readFileSync(path.join(root, g.path), 'utf8'));
    assert.equal(grammar.scopeName, g.scopeName);
    for (const inc of grammar.patterns as Array<{ include: string }>) {
      assert.ok(grammar.repository[inc.include.slice(1)], `${inc.include} is defined`);
    }
  });
});
