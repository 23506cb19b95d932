// A complete example of an EHR embedding soaplint over LSP 3.17 (see
// docs/ehr-integration.md): start the server (stdio or loopback TCP), open a
// note, pull the diagnostics of the exact version the user is about to sign,
// gate signing on errors, and apply the safe fixes (fix-all).
//
// It pulls diagnostics (textDocument/diagnostic): every request is answered
// for the text the server has at that point — the last version this client
// sent, since the server handles messages in order — so "version N was
// checked" is a fact, not a guess about when a push will arrive.

import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as readline from 'node:readline';
import {
  CodeAction,
  CodeActionRequest,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializeRequest,
  InitializeResult,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  TextEdit,
  WorkspaceDiagnosticReport,
  WorkspaceDiagnosticReportPartialResult,
  WorkspaceDiagnosticRequest,
  WorkspaceDocumentDiagnosticReport,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

/** The code action kind of soaplint's fix-all: the safe fixes only. */
export const fixAllKind = 'source.fixAll.soaplint';

export interface StartOptions {
  /** The soaplint binary. */
  serverPath: string;
  /** stdio (default): one server per client. tcp: `soaplint lsp --listen 127.0.0.1:0`. */
  transport?: 'stdio' | 'tcp';
  /** The folder of the notes (its .soaplint.yaml applies); workspace diagnostics walk it. */
  rootDir?: string;
  /** The "soaplint" settings (profile, rules, lexicon), as .soaplint.yaml has them. */
  settings?: Record<string, unknown>;
}

/** The answer for one version of a note. */
export interface VersionReport {
  uri: string;
  version: number;
  /** The server answered "unchanged": these are the findings of the previous answer. */
  unchanged: boolean;
  resultId?: string;
  diagnostics: Diagnostic[];
}

/** Whether a note may be signed: no error-severity finding in the version checked. */
export interface SignCheck extends VersionReport {
  ok: boolean;
  errors: Diagnostic[];
}

interface OpenNote {
  text: string;
  version: number;
  last?: { resultId: string; diagnostics: Diagnostic[] };
}

export class SoaplintClient {
  /** Every publishDiagnostics received; a pulling client gets none. */
  readonly pushed: unknown[] = [];
  /** Request/notification log for debugging (methods and versions only, never note text). */
  readonly traffic: string[] = [];
  private readonly notes = new Map<string, OpenNote>();

  private constructor(
    readonly conn: ProtocolConnection,
    readonly capabilities: InitializeResult['capabilities'],
    private readonly proc: ChildProcess,
    private readonly socket?: net.Socket,
  ) {}

  /** Starts the server and runs the initialize handshake, declaring pull diagnostics. */
  static async start(opts: StartOptions): Promise<SoaplintClient> {
    const tcp = opts.transport === 'tcp';
    const args = tcp ? ['lsp', '--listen', '127.0.0.1:0'] : ['lsp'];
    const proc = spawn(opts.serverPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr?.resume(); // the server's log; never note text
    let conn: ProtocolConnection;
    let socket: net.Socket | undefined;
    if (tcp) {
      // The server prints the address it listens on as its first line of output.
      const addr = await firstLine(proc);
      const [host, port] = splitHostPort(addr);
      socket = await connect(host, port);
      conn = createProtocolConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    } else {
      conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    }
    const pushed: unknown[] = [];
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => pushed.push(p));
    // The server asks for the "soaplint" settings when the client says it can answer.
    conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((i) => (i.section === 'soaplint' ? (opts.settings ?? {}) : null)),
    );
    conn.onRequest('workspace/diagnostic/refresh', () => null);
    conn.listen();
    const rootUri = opts.rootDir ? fileUri(opts.rootDir) : null;
    const init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      clientInfo: { name: 'soaplint-ehr-example' },
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'notes' }] : null,
      capabilities: {
        // Declaring textDocument.diagnostic makes the server answer pulls and push nothing.
        textDocument: {
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [fixAllKind, 'quickfix'] } } },
          synchronization: { didSave: false },
        },
        workspace: { configuration: true, diagnostics: { refreshSupport: true }, workspaceFolders: true },
      },
    });
    conn.sendNotification(InitializedNotification.type, {});
    const c = new SoaplintClient(conn, init.capabilities, proc, socket);
    (c.pushed as unknown[]).push(...pushed);
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => c.pushed.push(p));
    return c;
  }

  /** Opens a note as version 1. */
  open(uri: string, text: string, languageId = 'soap-note'): number {
    this.notes.set(uri, { text, version: 1 });
    this.traffic.push(`-> didOpen ${uri} v1`);
    void this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return 1;
  }

  /** Replaces the note's text (full sync) and returns the new version. */
  edit(uri: string, text: string): number {
    const n = this.note(uri);
    n.text = text;
    n.version++;
    this.traffic.push(`-> didChange ${uri} v${n.version}`);
    void this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: n.version },
      contentChanges: [{ text }],
    });
    return n.version;
  }

  text(uri: string): string {
    return this.note(uri).text;
  }

  /**
   * Pulls the diagnostics of the note's current version. The previous answer's
   * resultId goes with the request, so an edit that changed no finding is
   * answered "unchanged" (and the previous findings are returned).
   */
  async diagnostics(uri: string): Promise<VersionReport> {
    const n = this.note(uri);
    const version = n.version;
    this.traffic.push(`-> textDocument/diagnostic ${uri} v${version}`);
    const rep: DocumentDiagnosticReport = await this.conn.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
      previousResultId: n.last?.resultId,
    });
    this.traffic.push(`<- ${rep.kind} ${rep.resultId ?? ''}`);
    if (rep.kind === DocumentDiagnosticReportKind.Unchanged) {
      if (!n.last || rep.resultId !== n.last.resultId) {
        throw new Error(`unchanged report for ${uri} without a matching previous result`);
      }
      return { uri, version, unchanged: true, resultId: rep.resultId, diagnostics: n.last.diagnostics };
    }
    if (rep.resultId) {
      n.last = { resultId: rep.resultId, diagnostics: rep.items };
    }
    return { uri, version, unchanged: false, resultId: rep.resultId, diagnostics: rep.items };
  }

  /** The sign gate: the note may be signed when its current version has no error. */
  async signCheck(uri: string): Promise<SignCheck> {
    const r = await this.diagnostics(uri);
    const errors = r.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    return { ...r, ok: errors.length === 0, errors };
  }

  /**
   * Applies soaplint's fix-all (the safe fixes: those `soaplint lint --fix`
   * applies) to the note, as a new version. Returns false when the note has no
   * safe fix. Call it only when the user asks: nothing is fixed unattended.
   */
  async fixAll(uri: string): Promise<{ applied: boolean; version: number }> {
    const n = this.note(uri);
    const actions = (await this.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [fixAllKind] },
    })) as CodeAction[] | null;
    const action = (actions ?? []).find((a) => a.kind === fixAllKind);
    const edits = action?.edit?.changes?.[uri] ?? [];
    if (edits.length === 0) {
      return { applied: false, version: n.version };
    }
    return { applied: true, version: this.edit(uri, applyEdits(n.text, edits)) };
  }

  /**
   * Pulls the diagnostics of every note in the workspace folder (a pre-sign
   * batch check). With onPartial, reports stream in as the server finds them.
   */
  async workspaceDiagnostics(onPartial?: (items: WorkspaceDocumentDiagnosticReport[]) => void): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const all: WorkspaceDocumentDiagnosticReport[] = [];
    const token = onPartial ? `ws-${Date.now()}` : undefined;
    const sub = token
      ? this.conn.onProgress(WorkspaceDiagnosticRequest.partialResult, token, (p: WorkspaceDiagnosticReportPartialResult) => {
          all.push(...p.items);
          onPartial!(p.items);
        })
      : undefined;
    try {
      const res: WorkspaceDiagnosticReport = await this.conn.sendRequest(WorkspaceDiagnosticRequest.type, {
        previousResultIds: [],
        partialResultToken: token,
      });
      all.push(...res.items);
      return all;
    } finally {
      sub?.dispose();
    }
  }

  close(uri: string): void {
    this.notes.delete(uri);
    void this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Shuts the session down and stops the server. */
  async dispose(): Promise<void> {
    try {
      await this.conn.sendRequest(ShutdownRequest.type);
      await this.conn.sendNotification(ExitNotification.type);
    } finally {
      this.conn.dispose();
      this.socket?.destroy();
      if (this.socket) {
        this.proc.kill(); // the TCP listener serves other clients until stopped
      }
      await new Promise<void>((resolve) => {
        if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
          resolve();
        } else {
          this.proc.once('exit', () => resolve());
        }
      });
    }
  }

  private note(uri: string): OpenNote {
    const n = this.notes.get(uri);
    if (!n) {
      throw new Error(`${uri} is not open`);
    }
    return n;
  }
}

/** Applies LSP text edits (UTF-16 positions, as JavaScript strings count) to text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      lineStarts.push(i + 1);
    }
  }
  const offset = (p: { line: number; character: number }): number => {
    if (p.line >= lineStarts.length) {
      return text.length;
    }
    const start = lineStarts[p.line]!;
    const end = p.line + 1 < lineStarts.length ? lineStarts[p.line + 1]! - 1 : text.length;
    return Math.min(start + p.character, end);
  };
  const spans = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) {
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
  }
  return out;
}

export function fileUri(p: string): string {
  return 'file://' + p.split('/').map(encodeURIComponent).join('/');
}

function firstLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: proc.stdout! });
    rl.once('line', (l) => {
      rl.close();
      resolve(l.trim());
    });
    proc.once('exit', (code) => reject(new Error(`soaplint lsp --listen exited (${code}) before printing its address`)));
  });
}

function splitHostPort(addr: string): [string, number] {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i).replace(/^\[|\]$/g, ''), Number(addr.slice(i + 1))];
}

function connect(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host, () => resolve(s));
    s.once('error', reject);
  });
}
