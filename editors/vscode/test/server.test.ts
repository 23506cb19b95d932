// End-to-end test of the extension's server wiring without VS Code: starts
// `soaplint lsp` exactly as the extension's client options describe (binary
// resolution, executable, initializationOptions, document selector, the
// workspace/configuration answer) and talks LSP to it over stdio.
//
// The binary comes from SOAPLINT_SERVER_PATH (what the soaplint.serverPath
// setting would hold) or else from PATH; the test fails when neither has one.

import { strict as assert } from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationParams,
  ConfigurationRequest,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShutdownRequest,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  Settings,
  configurationSection,
  defaultSettings,
  didChangeConfigurationParams,
  documentSelector,
  initializationOptions,
  isLinted,
  resolveServer,
  serverExecutable,
  serverSettings,
} from '../src/server';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const sampleNote = path.join(repoRoot, 'editors', 'testdata', 'sample.soap');
const timeoutMs = 20_000;

/** The rule the sample note breaks under medicare only (97530 billed without GP). */
const medicareOnlyRule = 'modifier/discipline-missing';

/** Resolves the binary through the extension's own lookup; never skips. */
function serverCommand(): string {
  const res = resolveServer({
    configuredPath: process.env.SOAPLINT_SERVER_PATH ?? '',
    extensionPath: path.resolve(__dirname, '..', '..'),
  });
  if (!res.ok) {
    assert.fail(
      'no soaplint binary: build one (go build -o DIR/soaplint ./cmd/soaplint) and set SOAPLINT_SERVER_PATH, ' +
        `or put it on PATH (${res.reason})`,
    );
  }
  return res.server.command;
}

/** A started server and the client side of its connection. */
class Session {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly traffic: string[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  readonly configRequests: ConfigurationParams[] = [];
  stderr = '';
  settings: Settings;
  private waiters: Array<() => void> = [];

  constructor(command: string, settings: Settings, cwd: string) {
    this.settings = settings;
    const exe = serverExecutable(command, cwd);
    this.proc = spawn(exe.command, exe.args, { env: exe.options.env, cwd: exe.options.cwd, stdio: 'pipe' });
    this.proc.stderr?.on('data', (b: Buffer) => {
      this.stderr += b.toString('utf8');
    });
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.traffic.push(`<- publishDiagnostics v${p.version ?? '-'} ${p.diagnostics.map((d) => d.code).join(',') || '[]'}`);
      this.published.push(p);
      this.wake();
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => {
      this.traffic.push(`<- workspace/configuration ${p.items.map((i) => i.section).join(',')}`);
      this.configRequests.push(p);
      this.wake();
      // Exactly what the extension's middleware answers.
      return p.items.map((i) => (i.section === configurationSection ? serverSettings(this.settings) : null));
    });
    this.conn.onRequest(RegistrationRequest.type, () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.traffic.push(`<- logMessage ${p.message}`);
    });
    this.conn.onUnhandledNotification((n) => this.traffic.push(`<- ${n.method}`));
    this.conn.listen();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Waits until pred holds, re-checking on every message; fails after the timeout. */
  waitFor<T>(what: string, pred: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\ntraffic:\n  ${this.traffic.join('\n  ')}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      const check = (): void => {
        const v = pred();
        if (v !== undefined) {
          clearTimeout(timer);
          resolve(v);
          return;
        }
        this.waiters.push(check);
      };
      check();
    });
  }

  /** The latest diagnostics published for uri after index `since`, if any. */
  latestFor(uri: string, since: number): PublishDiagnosticsParams | undefined {
    for (let i = this.published.length - 1; i >= since; i--) {
      if (this.published[i]!.uri === uri) {
        return this.published[i];
      }
    }
    return undefined;
  }
}

describe('server resolution', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soaplint-resolve-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function exe(p: string): string {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    return p;
  }

  it('prefers the setting, then PATH, then the bundled binary', () => {
    const ext = path.join(dir, 'ext');
    const bundled = exe(path.join(ext, 'bin', 'linux-x64', 'soaplint'));
    const onPath = exe(path.join(dir, 'pathdir', 'soaplint'));
    const configured = exe(path.join(dir, 'custom', 'soaplint-dev'));
    const env = { PATH: `${path.join(dir, 'empty')}:${path.dirname(onPath)}` };
    const base = { extensionPath: ext, platform: 'linux' as const, arch: 'x64', env };

    assert.deepEqual(resolveServer({ ...base, configuredPath: configured }), {
      ok: true,
      server: { command: configured, source: 'setting' },
    });
    assert.deepEqual(resolveServer({ ...base, configuredPath: '' }), {
      ok: true,
      server: { command: onPath, source: 'PATH' },
    });
    assert.deepEqual(resolveServer({ ...base, configuredPath: '', env: { PATH: '' } }), {
      ok: true,
      server: { command: bundled, source: 'bundled' },
    });
    const none = resolveServer({ ...base, configuredPath: '', env: { PATH: '' }, arch: 'arm64' });
    assert.equal(none.ok, false);
    assert.equal(!none.ok && none.reason, 'not-found');
  });

  it('reports a configured path that does not exist instead of falling back', () => {
    const res = resolveServer({
      configuredPath: path.join(dir, 'nope', 'soaplint'),
      extensionPath: dir,
      platform: 'linux',
      arch: 'x64',
      env: { PATH: '' },
    });
    assert.deepEqual(res, { ok: false, reason: 'configured-missing', path: path.join(dir, 'nope', 'soaplint') });
  });

  it('lints plaintext and markdown only when enabled', () => {
    const langs = (enable: string[]): string[] => [...new Set(documentSelector(enable).map((f) => f.language))];
    assert.deepEqual(langs(defaultSettings.enable), ['soap-note']);
    assert.deepEqual(langs(['soap-note', 'markdown']), ['soap-note', 'markdown']);
    assert.deepEqual(langs(['plaintext']), ['plaintext']);
    assert.ok(documentSelector(['soap-note']).every((f) => f.scheme === 'file' || f.scheme === 'untitled'));
  });

  it('starts the server only for documents in a language soaplint.enable names', () => {
    assert.ok(isLinted(defaultSettings.enable, 'soap-note', 'file'));
    assert.ok(isLinted(defaultSettings.enable, 'soap-note', 'untitled'));
    assert.ok(!isLinted(defaultSettings.enable, 'plaintext', 'file'), 'plaintext is off by default');
    assert.ok(!isLinted(defaultSettings.enable, 'markdown', 'file'), 'markdown is off by default');
    assert.ok(isLinted(['markdown'], 'markdown', 'file'));
    assert.ok(!isLinted(['markdown'], 'soap-note', 'file'), 'soap-note can be switched off');
    assert.ok(!isLinted(['soap-note'], 'soap-note', 'git'), 'never git views');
    assert.ok(!isLinted(['plaintext'], 'typescript', 'file'));
  });

  it('sends the server only the keys it understands', () => {
    const s: Settings = {
      ...defaultSettings,
      profile: 'commercial',
      rules: { 'goal/no-timeframe': 'off' },
      serverPath: '/opt/soaplint',
      enable: ['plaintext'],
    };
    assert.deepEqual(serverSettings(s), { profile: 'commercial', rules: { 'goal/no-timeframe': 'off' } });
  });
});

describe('soaplint lsp over stdio', () => {
  let command: string;
  let workspace: string;
  let notePath: string;
  let noteUri: string;
  let session: Session;

  before(() => {
    command = serverCommand();
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'soaplint-vscode-'));
    notePath = path.join(workspace, 'visit.soap');
    fs.copyFileSync(sampleNote, notePath);
    noteUri = pathToFileURL(notePath).href;
  });

  after(() => {
    session?.proc.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('initializes, publishes rule-coded diagnostics, follows the configured profile, and shuts down', async () => {
    const settings: Settings = { ...defaultSettings, rules: {}, lexicon: {} };
    session = new Session(command, settings, workspace);
    const { conn } = session;

    const init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'notes' }],
      initializationOptions: initializationOptions(settings),
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
    });
    const sync = init.capabilities.textDocumentSync;
    assert.ok(sync !== undefined && sync !== 0, 'server advertises text document sync');
    conn.sendNotification(InitializedNotification.type, {});

    // The language the extension assigns to *.soap files, and which it hands to the server.
    const language = documentSelector(settings.enable)[0]!.language;
    assert.equal(language, 'soap-note');
    const text = fs.readFileSync(notePath, 'utf8');
    const before1 = session.published.length;
    conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: noteUri, languageId: language, version: 1, text },
    });

    const first = await session.waitFor(`${medicareOnlyRule} on the opened note`, () => {
      const p = session.latestFor(noteUri, before1);
      return p && p.diagnostics.some((d) => d.code === medicareOnlyRule) ? p : undefined;
    });
    const diag = first.diagnostics.find((d) => d.code === medicareOnlyRule) as Diagnostic;
    const billingLine = text.split('\n').findIndex((l) => l.startsWith('97530 x2'));
    assert.equal(diag.range.start.line, billingLine, 'finding is on the 97530 billing line');
    assert.equal(diag.source, 'soaplint');
    assert.equal(diag.severity, 1, 'modifier/discipline-missing is an error by default');
    assert.ok(/GP|modifier/i.test(diag.message), `message names the modifier: ${diag.message}`);
    assert.ok(first.version === undefined || first.version === 1, 'diagnostics are for version 1');

    // The server asked for the "soaplint" section and got the profile.
    await session.waitFor('workspace/configuration for "soaplint"', () =>
      session.configRequests.some((r) => r.items.some((i) => i.section === configurationSection)) ? true : undefined,
    );

    // Switch the profile as the settings UI would: the client announces the
    // change and answers the server's workspace/configuration with the new one.
    session.settings = { ...settings, profile: 'commercial' };
    const before2 = session.published.length;
    conn.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(session.settings));
    const second = await session.waitFor('re-lint without the medicare-only rule', () => {
      const p = session.latestFor(noteUri, before2);
      return p && !p.diagnostics.some((d) => d.code === medicareOnlyRule) ? p : undefined;
    });
    assert.ok(second.diagnostics.every((d) => typeof d.code === 'string' && d.code.includes('/')));

    // A severity override from soaplint.rules reaches the server too.
    session.settings = { ...settings, profile: 'medicare', rules: { [medicareOnlyRule]: 'info' } };
    const before3 = session.published.length;
    conn.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(session.settings));
    const third = await session.waitFor(`${medicareOnlyRule} as information`, () => {
      const p = session.latestFor(noteUri, before3);
      const d = p?.diagnostics.find((x) => x.code === medicareOnlyRule);
      return d && d.severity === 3 ? d : undefined;
    });
    assert.equal(third.range.start.line, billingLine);

    // Closing the note clears its diagnostics.
    const before4 = session.published.length;
    conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: noteUri } });
    await session.waitFor('[] after close', () => {
      const p = session.latestFor(noteUri, before4);
      return p && p.diagnostics.length === 0 ? p : undefined;
    });

    await conn.sendRequest(ShutdownRequest.type);
    const exited = new Promise<number | null>((resolve) => session.proc.once('exit', (code) => resolve(code)));
    conn.sendNotification(ExitNotification.type);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('server did not exit after exit')), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    assert.equal(code, 0, `server exit code (stderr: ${session.stderr})`);
    conn.dispose();
  });
});
