#!/usr/bin/env node
// `npm run db:check`: fails when the Drizzle schema (worker/db/) and migrations/ have drifted apart,
// by letting drizzle-kit generate against a throwaway copy of migrations/: any new migration is drift.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const migrations = process.argv[2] ?? join(root, 'migrations');
// Inside the repository and passed relative: drizzle-kit prefixes `--out` with `./`.
mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
const copy = mkdtempSync(join(root, 'node_modules', '.cache', 'edgefront-drift-'));
/** The migrations drizzle-kit would add to a copy of `dir` (null: drizzle-kit itself failed). */
function wouldAdd(dir) {
  cpSync(dir, copy, { recursive: true });
  const before = new Set(readdirSync(copy));
  const kit = join(root, 'node_modules', '.bin', 'drizzle-kit');
  const args = ['generate', '--dialect', 'sqlite', '--schema', './worker/db/schema.ts', '--out', relative(root, copy), '--name', 'drift'];
  const run = spawnSync(kit, args, { cwd: root, encoding: 'utf8' });
  // drizzle-kit can print an error and still exit 0.
  if (run.status !== 0 || /Error:|ENOENT/.test(run.stderr + run.stdout)) {
    console.error(`drizzle-kit generate failed:\n${run.stdout}${run.stderr}`);
    return null;
  }
  return readdirSync(copy)
    .filter((name) => name.endsWith('.sql') && !before.has(name))
    .map((name) => readFileSync(join(copy, name), 'utf8'));
}

try {
  const added = wouldAdd(migrations);
  if (added === null) {
    process.exitCode = 2;
  } else if (added.length > 0) {
    console.error(`migrations/ is behind the Drizzle schema; \`npm run db:generate\` would add:\n\n${added.join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('migrations match the Drizzle schema');
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
