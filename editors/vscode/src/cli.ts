// Running the soaplint CLI (lint, rules, explain) and reading its JSON output.
// Free of the 'vscode' module so the Node tests can run it against the binary.

import { spawn } from 'node:child_process';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary with args; resolves when it exits, rejects if it cannot start. */
export function runCli(
  command: string,
  args: string[],
  opts: { cwd?: string; signal?: AbortSignal } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, signal: opts.signal, windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** One finding of `soaplint lint --format json` (1-based lines and columns). */
export interface LintDiagnostic {
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LintFile {
  path: string;
  diagnostics: LintDiagnostic[];
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : fallback;
}

/**
 * Reads the JSON report ({"files":[{"path","diagnostics":[…]}],"summary":{…}}).
 * Throws on anything that is not that shape, so a CLI/extension mismatch shows
 * up as an error instead of an empty Problems panel.
 */
export function parseLintReport(text: string): LintFile[] {
  const doc = JSON.parse(text) as unknown;
  if (!doc || typeof doc !== 'object' || !Array.isArray((doc as { files?: unknown }).files)) {
    throw new Error('soaplint lint --format json: expected an object with a "files" array');
  }
  const files: LintFile[] = [];
  for (const f of (doc as { files: unknown[] }).files) {
    if (!f || typeof f !== 'object') {
      continue;
    }
    const fo = f as Record<string, unknown>;
    if (typeof fo.path !== 'string') {
      continue;
    }
    const diags: LintDiagnostic[] = [];
    for (const d of Array.isArray(fo.diagnostics) ? fo.diagnostics : []) {
      if (!d || typeof d !== 'object') {
        continue;
      }
      const r = d as Record<string, unknown>;
      const line = num(r.line, 1);
      const column = num(r.column, 1);
      const sev = r.severity;
      diags.push({
        rule: typeof r.rule === 'string' ? r.rule : '',
        severity: sev === 'error' || sev === 'warning' || sev === 'hint' ? sev : 'info',
        message: typeof r.message === 'string' ? r.message : '',
        line,
        column,
        endLine: num(r.endLine, line),
        endColumn: num(r.endColumn, column),
      });
    }
    files.push({ path: fo.path, diagnostics: diags });
  }
  return files;
}

/** One entry of `soaplint rules --format json`. */
export interface RuleInfo {
  id: string;
  severity: string;
  summary: string;
}

/**
 * Reads the rule catalogue: a JSON array of rule objects, or an object holding
 * one under "rules". The summary is the first sentence of the rule's doc.
 */
export function parseRules(text: string): RuleInfo[] {
  const doc = JSON.parse(text) as unknown;
  const list = Array.isArray(doc) ? doc : (doc as { rules?: unknown })?.rules;
  if (!Array.isArray(list)) {
    throw new Error('soaplint rules --format json: expected an array of rules');
  }
  const out: RuleInfo[] = [];
  for (const r of list) {
    if (!r || typeof r !== 'object') {
      continue;
    }
    const o = r as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id : typeof o.rule === 'string' ? o.rule : '';
    if (!id) {
      continue;
    }
    const text = [o.summary, o.title, o.doc, o.description].find((v): v is string => typeof v === 'string') ?? '';
    const summary = text.split(/(?<=\.)\s/)[0]?.trim() ?? '';
    out.push({ id, severity: typeof o.severity === 'string' ? o.severity : '', summary });
  }
  return out;
}

/** Arguments for linting a folder the way the Problems panel wants it. */
export function lintArgs(folder: string, profile: string): string[] {
  return ['lint', '--format', 'json', '--profile', profile, folder];
}
