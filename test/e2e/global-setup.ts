import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM script shared with `npm run dev`, no type declarations
import { seedStock } from '../../scripts/seed-stock.mjs';

/**
 * The browser tests drive the store the way a developer runs it: local D1 migrations, the seed
 * script (D1 rows, R2 images, KV version) and `wrangler dev` on a loopback port, all in a throwaway
 * state directory so the developer's own `.wrangler/state` is untouched.
 */
const root = resolve(import.meta.dirname, '../..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
};

let dev: ChildProcess | undefined;
let state: string | undefined;

export async function setup(project: TestProject) {
  state = mkdtempSync(join(tmpdir(), 'edgefront-e2e-'));
  run(bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);
  run(bin('tsx'), ['scripts/seed.ts', '--products', '40', '--persist-to', state]);
  const port = String(18_000 + Math.floor(Math.random() * 2_000));
  const secrets = ['ADMIN_TOKEN:e2e-admin-token', 'CART_COOKIE_SECRET:e2e-cart-cookie-secret-0123456789abcdef0123456789'];
  dev = spawn(
    bin('wrangler'),
    ['dev', '--ip', '127.0.0.1', '--port', port, '--persist-to', state, '--show-interactive-dev-session=false', ...secrets.flatMap((s) => ['--var', s])],
    { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  dev.stdout?.on('data', (chunk) => (output += chunk));
  dev.stderr?.on('data', (chunk) => (output += chunk));
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${baseURL}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`wrangler dev did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  await seedStock(baseURL, 'e2e-admin-token');
  project.provide('baseURL', baseURL);
}

export async function teardown() {
  if (dev?.pid) {
    try {
      process.kill(-dev.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  if (state) rmSync(state, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}
