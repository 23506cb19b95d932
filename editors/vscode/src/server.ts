// How the extension finds and starts the soaplint language server, and what it
// tells it. Kept free of the 'vscode' module so the Node tests can start the
// server exactly as the extension does.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The configuration section the server asks for with workspace/configuration. */
export const configurationSection = 'soaplint';

/** Languages the extension can lint; only soap-note is on by default. */
export const lintableLanguages = ['soap-note', 'plaintext', 'markdown'] as const;
export type LintableLanguage = (typeof lintableLanguages)[number];

export type Profile = 'medicare' | 'commercial';
export type RuleSetting = 'off' | 'on' | 'error' | 'warning' | 'info';

/** The extension's settings (the "soaplint.*" keys of package.json). */
export interface Settings {
  profile: Profile;
  rules: Record<string, RuleSetting>;
  lexicon: Partial<Record<'functional' | 'exercise' | 'skilled', string[]>>;
  serverPath: string;
  enable: string[];
  debounceMs: number;
  /** Apply the server's source.fixAll.soaplint (the safe fixes) on save. */
  fixAllOnSave: boolean;
}

export const defaultSettings: Settings = {
  profile: 'medicare',
  rules: {},
  lexicon: {},
  serverPath: '',
  enable: ['soap-note'],
  // The server's own default (lsp.DefaultDebounce), so leaving it unset and
  // setting it to the default behave alike.
  debounceMs: 100,
  fixAllOnSave: false,
};

/**
 * The part of the settings the server understands, as it reads them from
 * workspace/configuration (section "soaplint"): the keys of .soaplint.yaml.
 * Client-only keys (serverPath, enable, debounceMs, fixAllOnSave, trace) are left out because
 * the server rejects keys it does not know.
 */
export interface ServerSettings {
  profile: Profile;
  rules: Record<string, RuleSetting>;
  lexicon?: Partial<Record<'functional' | 'exercise' | 'skilled', string[]>>;
}

/** Reads loosely typed settings (as VS Code returns them) into Settings. */
export function readSettings(get: (key: keyof Settings) => unknown): Settings {
  const s: Settings = { ...defaultSettings, rules: {}, lexicon: {} };
  const profile = get('profile');
  if (profile === 'medicare' || profile === 'commercial') {
    s.profile = profile;
  }
  const rules = get('rules');
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    for (const [id, v] of Object.entries(rules as Record<string, unknown>)) {
      if (v === 'off' || v === 'on' || v === 'error' || v === 'warning' || v === 'info') {
        s.rules[id] = v;
      }
    }
  }
  const lexicon = get('lexicon');
  if (lexicon && typeof lexicon === 'object' && !Array.isArray(lexicon)) {
    for (const cls of ['functional', 'exercise', 'skilled'] as const) {
      const terms = (lexicon as Record<string, unknown>)[cls];
      if (Array.isArray(terms)) {
        s.lexicon[cls] = terms.filter((t): t is string => typeof t === 'string' && t.trim() !== '');
      }
    }
  }
  const serverPath = get('serverPath');
  if (typeof serverPath === 'string') {
    s.serverPath = serverPath.trim();
  }
  const enable = get('enable');
  if (Array.isArray(enable)) {
    s.enable = enable.filter((l): l is string => typeof l === 'string');
  }
  const debounce = get('debounceMs');
  if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0) {
    s.debounceMs = Math.round(debounce);
  }
  s.fixAllOnSave = get('fixAllOnSave') === true;
  return s;
}

/** The object sent as the "soaplint" section of workspace/configuration. */
export function serverSettings(s: Settings): ServerSettings {
  const out: ServerSettings = { profile: s.profile, rules: { ...s.rules } };
  if (Object.keys(s.lexicon).length > 0) {
    out.lexicon = s.lexicon;
  }
  return out;
}

/**
 * The workspace/didChangeConfiguration notification the extension sends when a
 * server setting changes: the settings pushed under "soaplint", reduced to the
 * keys the server understands (it rejects unknown ones, so the client's own
 * synchronize option, which pushes the whole section, is not used).
 */
export function didChangeConfigurationParams(s: Settings): { settings: Record<string, ServerSettings> } {
  return { settings: { [configurationSection]: serverSettings(s) } };
}

/** A document filter as vscode-languageclient takes it. */
export interface DocumentFilter {
  language: string;
  scheme: string;
}

/**
 * The documents the client hands to the server: soap-note files, plus plaintext
 * and markdown only when listed in soaplint.enable. Saved files and unsaved
 * (untitled) buffers; never git or output views.
 */
export function documentSelector(enable: readonly string[]): DocumentFilter[] {
  const langs = lintableLanguages.filter((l) => enable.includes(l));
  const out: DocumentFilter[] = [];
  for (const language of langs) {
    for (const scheme of ['file', 'untitled']) {
      out.push({ language, scheme });
    }
  }
  return out;
}

/**
 * Whether a document of this language and URI scheme is one the extension
 * lints under soaplint.enable. VS Code activates the extension for every
 * language in activationEvents, whatever the settings say, so the extension
 * starts the server only once such a document is open.
 */
export function isLinted(enable: readonly string[], languageId: string, scheme: string): boolean {
  return documentSelector(enable).some((f) => f.language === languageId && f.scheme === scheme);
}

/** Where a server binary came from, for messages and the status bar tooltip. */
export type ServerSource = 'setting' | 'PATH' | 'bundled';

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

export interface ResolveInput {
  /** soaplint.serverPath; empty when unset. */
  configuredPath: string;
  /** The extension's install directory (holds bin/<platform>-<arch>/ when bundled). */
  extensionPath: string;
  platform?: NodeJS.Platform;
  arch?: string;
  env?: NodeJS.ProcessEnv;
}

/** The outcome of looking for the binary: a command, or what was tried. */
export type Resolution =
  | { ok: true; server: ResolvedServer }
  | { ok: false; reason: 'configured-missing'; path: string }
  | { ok: false; reason: 'not-found'; tried: string[] };

/** The bundled target names the package step can build. */
export const bundleTargets = ['linux-x64', 'darwin-arm64', 'win32-x64'] as const;

export function exeName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'soaplint.exe' : 'soaplint';
}

/** bin/<platform>-<arch>/soaplint[.exe] inside the extension. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform, arch: string): string {
  return path.join(extensionPath, 'bin', `${platform}-${arch}`, exeName(platform));
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutable(p: string, platform: NodeJS.Platform): boolean {
  if (!isFile(p)) {
    return false;
  }
  if (platform === 'win32') {
    return true;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks name up on PATH as a shell would (with PATHEXT on Windows). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const pathVar = (platform === 'win32' ? env.Path ?? env.PATH : env.PATH) ?? '';
  const sep = platform === 'win32' ? ';' : ':';
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of pathVar.split(sep)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const p = path.join(dir, name + ext.toLowerCase());
      if (isExecutable(p, platform)) {
        return p;
      }
    }
  }
  return undefined;
}

/**
 * Finds the server binary: the soaplint.serverPath setting, then soaplint on
 * PATH, then the binary bundled in the extension for this platform. A setting
 * that names a missing file is reported as such rather than silently skipped.
 */
export function resolveServer(input: ResolveInput): Resolution {
  const platform = input.platform ?? process.platform;
  const arch = input.arch ?? process.arch;
  const env = input.env ?? process.env;
  const tried: string[] = [];

  if (input.configuredPath !== '') {
    let p = input.configuredPath;
    if (p.startsWith('~/') && env.HOME) {
      p = path.join(env.HOME, p.slice(2));
    }
    if (!path.isAbsolute(p) && !p.includes('/') && !p.includes('\\')) {
      // A bare name such as "soaplint-dev": look it up on PATH.
      const found = findOnPath(p.replace(/\.exe$/i, ''), env, platform);
      if (found) {
        return { ok: true, server: { command: found, source: 'setting' } };
      }
      return { ok: false, reason: 'configured-missing', path: input.configuredPath };
    }
    if (isExecutable(p, platform)) {
      return { ok: true, server: { command: p, source: 'setting' } };
    }
    return { ok: false, reason: 'configured-missing', path: input.configuredPath };
  }

  const onPath = findOnPath('soaplint', env, platform);
  if (onPath) {
    return { ok: true, server: { command: onPath, source: 'PATH' } };
  }
  tried.push('soaplint on PATH');

  const bundled = bundledServerPath(input.extensionPath, platform, arch);
  if (isFile(bundled)) {
    return { ok: true, server: { command: bundled, source: 'bundled' } };
  }
  tried.push(`bundled binary for ${platform}-${arch}`);
  return { ok: false, reason: 'not-found', tried };
}

/**
 * The process the client starts: "soaplint lsp" over stdio. The shape matches
 * vscode-languageclient's Executable (transport defaults to stdio).
 */
export interface ServerExecutable {
  command: string;
  args: string[];
  options: { env: NodeJS.ProcessEnv; cwd?: string };
}

export function serverExecutable(command: string, cwd?: string): ServerExecutable {
  const exe: ServerExecutable = {
    command,
    args: ['lsp'],
    // The server logs to stderr only; nothing here may carry note text.
    options: { env: { ...process.env } },
  };
  if (cwd) {
    exe.options.cwd = cwd;
  }
  return exe;
}

/** Sent as initializationOptions: what the server needs before any document opens. */
export function initializationOptions(s: Settings): { debounceMs: number } {
  return { debounceMs: s.debounceMs };
}

/** The message shown when no binary is found, written for a therapist, not a developer. */
export function notFoundMessage(r: Exclude<Resolution, { ok: true }>): string {
  if (r.reason === 'configured-missing') {
    return `soaplint: the program set in "soaplint.serverPath" (${r.path}) was not found or cannot be run. ` +
      'Correct the path in Settings, or clear it to use soaplint from your PATH.';
  }
  return 'soaplint: the soaplint program was not found, so notes are not being checked. ' +
    'Ask your IT team to install soaplint (or run "go install github.com/soaplint/soaplint/cmd/soaplint@latest"), ' +
    'or set "soaplint.serverPath" in Settings to the full path of the soaplint program.';
}
