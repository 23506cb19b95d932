#!/usr/bin/env node
// soaplint-sign-gate: what an EHR's "Sign" button does, as a command.
//
//   soaplint-sign-gate [--server PATH] [--tcp] [--fix-all] NOTE
//
// Opens NOTE in a soaplint language server, optionally applies the safe fixes
// (printing the fixed note to stdout; the file is not changed), pulls the
// diagnostics of the final version and exits 0 when it may be signed (no
// errors), 1 when errors block signing, 2 on a usage or start-up problem.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { SoaplintClient, fileUri } from './client';

async function main(argv: string[]): Promise<number> {
  let server = process.env.SOAPLINT_BIN ?? 'soaplint';
  let tcp = false;
  let fixAll = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--server') {
      server = argv[++i] ?? '';
    } else if (a === '--tcp') {
      tcp = true;
    } else if (a === '--fix-all') {
      fixAll = true;
    } else if (a.startsWith('-')) {
      console.error(`soaplint-sign-gate: unknown flag ${a}`);
      return 2;
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1 || !server) {
    console.error('usage: soaplint-sign-gate [--server PATH] [--tcp] [--fix-all] NOTE');
    return 2;
  }
  const file = path.resolve(files[0]!);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`soaplint-sign-gate: ${files[0]}: ${(err as Error).message}`);
    return 2;
  }
  const client = await SoaplintClient.start({ serverPath: server, transport: tcp ? 'tcp' : 'stdio', rootDir: path.dirname(file) });
  try {
    const uri = fileUri(file);
    client.open(uri, text);
    if (fixAll && (await client.fixAll(uri)).applied) {
      process.stdout.write(client.text(uri));
    }
    const check = await client.signCheck(uri);
    for (const d of check.diagnostics) {
      const sev = d.severity === DiagnosticSeverity.Error ? 'error' : d.severity === DiagnosticSeverity.Warning ? 'warning' : 'info';
      console.error(`${files[0]}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${sev} ${d.code}: ${d.message}`);
    }
    console.error(
      check.ok
        ? `version ${check.version}: may be signed`
        : `version ${check.version}: ${check.errors.length} error(s) block signing`,
    );
    return check.ok ? 0 : 1;
  } finally {
    await client.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`soaplint-sign-gate: ${(err as Error).message}`);
    process.exit(2);
  },
);
