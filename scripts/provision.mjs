#!/usr/bin/env node
// `npm run provision [-- --dry-run]`: creates on your Cloudflare account every resource wrangler.toml
// names (D1, KV, R2, the queues and the dead-letter queue), then prints the ids to put in
// wrangler.toml and the secrets to set. Needs `wrangler login` (or CLOUDFLARE_API_TOKEN); --dry-run
// only prints the commands. Re-running is safe: a resource that exists is reported and kept.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'smol-toml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every resource of the config, as the wrangler command that creates it. */
export function provisionPlan(config) {
  const queues = new Set([
    ...(config.queues?.producers ?? []).map((q) => q.queue),
    ...(config.queues?.consumers ?? []).flatMap((q) => [q.queue, q.dead_letter_queue].filter(Boolean)),
  ]);
  return [
    ...(config.d1_databases ?? []).map((d) => ({ kind: 'd1', binding: d.binding, args: ['d1', 'create', d.database_name] })),
    ...(config.kv_namespaces ?? []).map((k) => ({ kind: 'kv', binding: k.binding, args: ['kv', 'namespace', 'create', k.binding] })),
    ...(config.r2_buckets ?? []).map((b) => ({ kind: 'r2', binding: b.binding, args: ['r2', 'bucket', 'create', b.bucket_name] })),
    ...[...queues].map((name) => ({ kind: 'queue', binding: name, args: ['queues', 'create', name] })),
  ];
}

/** Secrets the Worker reads (`.dev.vars.example` lists them with local values). */
export const secretNames = (example) => [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

const ID = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})\b/;

/** The wrangler.toml lines to change: the D1 and KV ids the account handed out. */
export function configSnippet(config, ids) {
  const d1 = (config.d1_databases ?? []).map(
    (d) => `[[d1_databases]]\nbinding = "${d.binding}"\ndatabase_name = "${d.database_name}"\ndatabase_id = "${ids[d.binding] ?? '<id printed by wrangler d1 create>'}"\nmigrations_dir = "${d.migrations_dir ?? 'migrations'}"`,
  );
  const kv = (config.kv_namespaces ?? []).map(
    (k) => `[[kv_namespaces]]\nbinding = "${k.binding}"\nid = "${ids[k.binding] ?? '<id printed by wrangler kv namespace create>'}"`,
  );
  return [...d1, ...kv].join('\n\n');
}

function main() {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, config: { type: 'string', default: 'wrangler.toml' } } });
  const config = parse(readFileSync(join(root, values.config), 'utf8'));
  const plan = provisionPlan(config);
  const ids = {};
  let failed = 0;
  for (const step of plan) {
    console.log(`$ wrangler ${step.args.join(' ')}`);
    if (values['dry-run']) continue;
    const run = spawnSync(join(root, 'node_modules', '.bin', 'wrangler'), step.args, { cwd: root, encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    if (run.status === 0) {
      const id = ID.exec(output)?.[1];
      if (id && (step.kind === 'd1' || step.kind === 'kv')) ids[step.binding] = id;
      console.log(`  created${id ? ` (${id})` : ''}`);
    } else if (/already exists|already taken|\[code: 10014\]|\[code: 11009\]/i.test(output)) {
      console.log('  exists already: kept (look its id up with `wrangler d1 list` / `wrangler kv namespace list`)');
    } else {
      failed += 1;
      console.error(`  failed:\n${output.trim().replace(/^/gm, '    ')}`);
    }
  }
  console.log(`\nPut these in wrangler.toml (replacing the local ids):\n\n${configSnippet(config, ids)}\n`);
  console.log('Then set each secret (values: your own, never the ones in .dev.vars.example):');
  for (const name of secretNames(readFileSync(join(root, '.dev.vars.example'), 'utf8'))) console.log(`$ npx wrangler secret put ${name}`);
  console.log('\nand apply the migrations: npm run db:migrate:remote');
  if (failed > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
