// The soaplint VS Code extension: starts `soaplint lsp` for SOAP notes (and,
// when enabled, plaintext and Markdown), passes the soaplint.* settings through
// workspace/configuration, and adds workspace linting, rule explanations and a
// status bar item.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import {
  ResolvedServer,
  Settings,
  configurationSection,
  didChangeConfigurationParams,
  documentSelector,
  initializationOptions,
  isLinted,
  notFoundMessage,
  readSettings,
  resolveServer,
  serverExecutable,
  serverSettings,
} from './server';
import { LintDiagnostic, lintArgs, parseLintReport, parseRules, runCli } from './cli';

let ext: Extension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  ext = new Extension(context);
  await ext.start();
}

export async function deactivate(): Promise<void> {
  await ext?.dispose();
  ext = undefined;
}

/** The edits of the server's source.fixAll.soaplint action for doc: its safe fixes. */
async function fixAllEdits(doc: vscode.TextDocument): Promise<vscode.TextEdit[]> {
  const all = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    all,
    fixAllKind.value,
  );
  const action = actions?.find((a) => a.kind && fixAllKind.contains(a.kind));
  return action?.edit?.get(doc.uri) ?? [];
}

const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('soaplint');

function settings(scope?: vscode.ConfigurationScope): Settings {
  const cfg = vscode.workspace.getConfiguration(configurationSection, scope);
  return readSettings((key) => cfg.get(key));
}

class Extension {
  private client: LanguageClient | undefined;
  private server: ResolvedServer | undefined;
  private readonly output: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  /** Findings from "Lint workspace"; open documents get theirs from the server. */
  private readonly workspaceDiagnostics: vscode.DiagnosticCollection;
  /** Activated, but no open document is in a language soaplint.enable names. */
  private waiting = false;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('soaplint');
    this.status = vscode.window.createStatusBarItem('soaplint.status', vscode.StatusBarAlignment.Right, 100);
    this.status.name = 'soaplint';
    this.status.command = 'workbench.actions.view.problems';
    this.workspaceDiagnostics = vscode.languages.createDiagnosticCollection('soaplint-workspace');
    context.subscriptions.push(
      this.output,
      this.status,
      this.workspaceDiagnostics,
      vscode.commands.registerCommand('soaplint.lintWorkspace', () => this.lintWorkspace()),
      vscode.commands.registerCommand('soaplint.explainRule', (rule?: unknown) =>
        this.explainRule(typeof rule === 'string' ? rule : undefined),
      ),
      vscode.commands.registerCommand('soaplint.restartServer', () => this.restart()),
      vscode.languages.onDidChangeDiagnostics(() => this.updateStatus()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      // Once the server lints a document live, its workspace-lint findings are stale.
      vscode.workspace.onDidOpenTextDocument((doc) => {
        this.dropWorkspaceFindings(doc);
        if (this.waiting && isLinted(settings().enable, doc.languageId, doc.uri.scheme)) {
          void this.start(doc);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.dropWorkspaceFindings(e.document)),
      vscode.workspace.onWillSaveTextDocument((e) => {
        // Never on save unless the user turned it on (soaplint.fixAllOnSave).
        if (e.reason === vscode.TextDocumentSaveReason.Manual && this.fixAllOnSave(e.document)) {
          e.waitUntil(fixAllEdits(e.document));
        }
      }),
    );
  }

  async start(opened?: vscode.TextDocument): Promise<void> {
    const s = settings();
    // Activated by a language soaplint.enable does not name (activation events
    // cannot read settings): start nothing until a linted note opens.
    const docs = opened ? [opened, ...vscode.workspace.textDocuments] : vscode.workspace.textDocuments;
    this.waiting = !docs.some((d) => isLinted(s.enable, d.languageId, d.uri.scheme));
    if (this.waiting) {
      this.status.hide();
      return;
    }
    const res = resolveServer({ configuredPath: s.serverPath, extensionPath: this.context.extensionPath });
    if (!res.ok) {
      this.server = undefined;
      this.updateStatus();
      this.output.appendLine(notFoundMessage(res));
      void vscode.window.showErrorMessage(notFoundMessage(res), 'Open Settings').then((choice) => {
        if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'soaplint.serverPath');
        }
      });
      return;
    }
    this.server = res.server;
    if (res.server.source === 'bundled') {
      ensureExecutable(res.server.command);
    }
    this.output.appendLine(`soaplint: using ${res.server.command} (from ${res.server.source})`);

    const exe = serverExecutable(res.server.command, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
    const serverOptions: ServerOptions = { run: exe, debug: exe };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(s.enable),
      diagnosticCollectionName: 'soaplint',
      outputChannel: this.output,
      initializationOptions: initializationOptions(s),
      middleware: {
        // The server's workspace walk would lint every .txt/.md file, enabled or
        // not; "Lint workspace" honours soaplint.enable instead.
        provideWorkspaceDiagnostics: () => ({ items: [] }),
        workspace: {
          // Answer the server's workspace/configuration with only the keys it
          // understands; the rest of soaplint.* is for the extension.
          configuration: (params, token, next) => {
            const answers: unknown[] = [];
            let forwarded = false;
            for (const item of params.items) {
              if (item.section === configurationSection) {
                const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
                answers.push(serverSettings(settings(scope)));
              } else {
                answers.push(undefined);
                forwarded = true;
              }
            }
            if (!forwarded) {
              return answers;
            }
            return Promise.resolve(next(params, token)).then((fallback) => {
              if (!Array.isArray(fallback)) {
                return fallback;
              }
              return answers.map((a, i) => (a === undefined ? fallback[i] : a));
            });
          },
        },
      },
    };
    this.client = new LanguageClient('soaplint', 'soaplint', serverOptions, clientOptions);
    this.client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) {
        this.updateStatus();
      }
    });
    try {
      await this.client.start();
    } catch (err) {
      void vscode.window.showErrorMessage(
        `soaplint: the language server did not start (${errorText(err)}). See the "soaplint" output for details.`,
      );
    }
    this.updateStatus();
  }

  async restart(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) {
      try {
        await c.stop();
      } catch (err) {
        this.output.appendLine(`soaplint: stopping the server: ${errorText(err)}`);
      }
    }
    await this.start();
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (
      e.affectsConfiguration('soaplint.serverPath') ||
      e.affectsConfiguration('soaplint.enable') ||
      e.affectsConfiguration('soaplint.debounceMs')
    ) {
      // These change how the server is started.
      void this.restart();
      return;
    }
    if (
      e.affectsConfiguration('soaplint.profile') ||
      e.affectsConfiguration('soaplint.rules') ||
      e.affectsConfiguration('soaplint.lexicon')
    ) {
      if (this.client?.state === State.Running) {
        void this.client.sendNotification(DidChangeConfigurationNotification.type, didChangeConfigurationParams(settings()));
      }
      this.updateStatus();
    }
  }

  private fixAllOnSave(doc: vscode.TextDocument): boolean {
    return (
      this.client?.state === State.Running &&
      settings(doc.uri).fixAllOnSave &&
      vscode.languages.match(documentSelector(settings().enable), doc) > 0
    );
  }

  private dropWorkspaceFindings(doc: vscode.TextDocument): void {
    if (this.workspaceDiagnostics.has(doc.uri) && vscode.languages.match(documentSelector(settings().enable), doc) > 0) {
      this.workspaceDiagnostics.delete(doc.uri);
    }
  }

  private updateStatus(): void {
    if (this.waiting) {
      this.status.hide();
      return;
    }
    const s = settings();
    if (!this.server) {
      this.status.text = '$(warning) soaplint';
      this.status.tooltip = 'soaplint is not running: the soaplint program was not found. Click for details.';
      this.status.command = 'soaplint.restartServer';
      this.status.show();
      return;
    }
    this.status.command = 'workbench.actions.view.problems';
    // The server's findings (pushed, or pulled into the client's own collection)
    // and "Lint workspace"'s both carry the source "soaplint".
    const ours = (diags: readonly vscode.Diagnostic[]) => diags.filter((d) => d.source === 'soaplint').length;
    let total = 0;
    for (const [, diags] of vscode.languages.getDiagnostics()) {
      total += ours(diags);
    }
    const doc = vscode.window.activeTextEditor?.document;
    const here = doc ? ours(vscode.languages.getDiagnostics(doc.uri)) : 0;
    const shown = doc && vscode.languages.match(documentSelector(s.enable), doc) > 0 ? here : total;
    const running = this.client?.state === State.Running;
    this.status.text = `${running ? '$(checklist)' : '$(debug-disconnect)'} soaplint: ${shown} ${shown === 1 ? 'finding' : 'findings'} · ${s.profile}`;
    this.status.tooltip =
      `${here} in this note, ${total} in all notes. Profile: ${s.profile} (a note's own Payer line wins).\n` +
      `Server: ${this.server.command} (${this.server.source})${running ? '' : ' — not running'}`;
    this.status.show();
  }

  /** Runs `soaplint lint --format json` over each workspace folder into the Problems panel. */
  async lintWorkspace(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('soaplint: open a folder of notes first.');
      return;
    }
    const command = this.server?.command ?? this.resolveForCli();
    if (!command) {
      return;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'soaplint: linting notes', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        this.workspaceDiagnostics.clear();
        let files = 0;
        let findings = 0;
        for (const folder of folders) {
          progress.report({ message: folder.name });
          const profile = settings(folder.uri).profile;
          let result;
          try {
            result = await runCli(command, lintArgs(folder.uri.fsPath, profile), { cwd: folder.uri.fsPath, signal: abort.signal });
          } catch (err) {
            if (abort.signal.aborted) {
              return;
            }
            void vscode.window.showErrorMessage(`soaplint: could not run ${command}: ${errorText(err)}`);
            return;
          }
          // 0: clean, 1: findings; anything else is a usage or input error.
          if (result.code !== 0 && result.code !== 1) {
            this.output.appendLine(result.stderr.trim());
            void vscode.window.showErrorMessage(
              `soaplint lint failed on ${folder.name}: ${firstLine(result.stderr) || `exit code ${result.code}`}`,
            );
            continue;
          }
          let report;
          try {
            report = parseLintReport(result.stdout);
          } catch (err) {
            void vscode.window.showErrorMessage(`soaplint: unexpected output from soaplint lint: ${errorText(err)}`);
            continue;
          }
          const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
          for (const f of report) {
            const uri = vscode.Uri.file(path.isAbsolute(f.path) ? f.path : path.join(folder.uri.fsPath, f.path));
            files++;
            findings += f.diagnostics.length;
            if (open.has(uri.toString()) && this.client?.state === State.Running) {
              continue; // the server already shows live findings for it
            }
            this.workspaceDiagnostics.set(uri, f.diagnostics.map(toDiagnostic));
          }
        }
        void vscode.window.showInformationMessage(
          `soaplint: ${findings} ${findings === 1 ? 'finding' : 'findings'} in ${files} ${files === 1 ? 'note' : 'notes'}.`,
        );
      },
    );
    this.updateStatus();
  }

  /** Shows `soaplint explain RULE`; asks for the rule from the catalogue when none is given. */
  async explainRule(rule?: string): Promise<void> {
    const command = this.server?.command ?? this.resolveForCli();
    if (!command) {
      return;
    }
    if (!rule) {
      const res = await runCli(command, ['rules', '--format', 'json']).catch((err: unknown) => {
        void vscode.window.showErrorMessage(`soaplint: could not run ${command}: ${errorText(err)}`);
        return undefined;
      });
      if (!res) {
        return;
      }
      let rules;
      try {
        rules = parseRules(res.stdout);
      } catch (err) {
        void vscode.window.showErrorMessage(`soaplint: could not read the rule list: ${errorText(err)}`);
        return;
      }
      const pick = await vscode.window.showQuickPick(
        rules.map((r) => ({ label: r.id, description: r.severity, detail: r.summary })),
        { title: 'soaplint: Explain rule', placeHolder: 'Rule ID, e.g. 97530/exercise-only', matchOnDetail: true },
      );
      if (!pick) {
        return;
      }
      rule = pick.label;
    }
    const res = await runCli(command, ['explain', rule]).catch((err: unknown) => {
      void vscode.window.showErrorMessage(`soaplint: could not run ${command}: ${errorText(err)}`);
      return undefined;
    });
    if (!res) {
      return;
    }
    if (res.code !== 0) {
      void vscode.window.showErrorMessage(`soaplint explain ${rule}: ${firstLine(res.stderr) || `exit code ${res.code}`}`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument({ content: res.stdout, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  /** For commands run while the server could not start: find the binary again. */
  private resolveForCli(): string | undefined {
    const res = resolveServer({ configuredPath: settings().serverPath, extensionPath: this.context.extensionPath });
    if (res.ok) {
      return res.server.command;
    }
    void vscode.window.showErrorMessage(notFoundMessage(res), 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'soaplint.serverPath');
      }
    });
    return undefined;
  }

  async dispose(): Promise<void> {
    await this.client?.stop();
    this.client = undefined;
  }
}

function toDiagnostic(d: LintDiagnostic): vscode.Diagnostic {
  // The CLI counts 1-based lines and columns in characters; VS Code is 0-based.
  const range = new vscode.Range(d.line - 1, d.column - 1, d.endLine - 1, d.endColumn - 1);
  const severity =
    d.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : d.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : d.severity === 'hint'
          ? vscode.DiagnosticSeverity.Hint
          : vscode.DiagnosticSeverity.Information;
  const diag = new vscode.Diagnostic(range, d.message, severity);
  diag.source = 'soaplint';
  diag.code = d.rule;
  return diag;
}

/** vsce does not keep file modes on every platform; make a bundled binary runnable. */
function ensureExecutable(p: string): void {
  if (process.platform === 'win32') {
    return;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(p, 0o755);
    } catch {
      // Starting it will fail with a clear error below.
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}
