#!/usr/bin/env node
// `npm run dev`: everything a newcomer needs, with no cloud account and no network:
// secrets from .dev.vars.example, local D1 migrations, the seeded demo catalog (D1 + images in local
// R2), then `wrangler dev` on http://127.0.0.1:8787.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedStock } from './seed-stock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const port = process.env.PORT ?? '8787';

function step(title, command, args) {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) {
    console.error(`✗ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(join(root, '.dev.vars'))) {
  copyFileSync(join(root, '.dev.vars.example'), join(root, '.dev.vars'));
  console.log('▸ Created .dev.vars from .dev.vars.example (local secrets; never commit it)');
}
step('Applying D1 migrations to the local database', bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local']);
step('Seeding the demo catalog (skipped when already seeded)', bin('tsx'), ['scripts/seed.ts']);

console.log(`\n▸ Starting the store on http://127.0.0.1:${port}\n`);
const dev = spawn(bin('wrangler'), ['dev', '--ip', '127.0.0.1', '--port', port, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// Demo stock goes into the per-SKU counters through the running store (see scripts/seed-stock.mjs).
const base = `http://127.0.0.1:${port}`;
const token = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(join(root, '.dev.vars'), 'utf8'))?.[1]?.trim();
(async () => {
  for (let tries = 0; tries < 240; tries += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const count = await seedStock(base, token);
  if (count > 0) console.log(`\n▸ Stocked ${count} SKUs in their inventory counters\n`);
})().catch((err) => console.error(`✗ Setting demo stock failed: ${err.message}`));
