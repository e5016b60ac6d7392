import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStripeEmulator, type StripeEmulator } from '../../dev/stripe-emulator';
import { buildClient } from '../../scripts/build-client.mjs';
import { seedStock } from '../../scripts/seed-stock.mjs';

/**
 * The browser tests drive the store the way a developer runs it: local D1 migrations, the seed
 * script (D1 rows, R2 images, KV version), the Stripe emulator (hosted checkout page, signed
 * webhooks, the warehouse) and `wrangler dev` on loopback ports, all in a throwaway state directory
 * so the developer's own `.wrangler/state` is untouched.
 */
const root = resolve(import.meta.dirname, '../..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const run = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
};

let dev: ChildProcess | undefined;
let emulator: StripeEmulator | undefined;
let state: string | undefined;

/** What the store and the emulator sign and verify with; `--var` beats a developer's `.dev.vars`. */
export const E2E_SECRETS = {
  ADMIN_TOKEN: 'e2e-admin-token',
  CART_COOKIE_SECRET: 'e2e-cart-cookie-secret-0123456789abcdef0123456789',
  STRIPE_SECRET_KEY: 'sk_test_e2e',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_e2e',
  STRIPE_WEBHOOK_SECRET: 'whsec_e2e',
  FULFILLMENT_SECRET: 'e2e-fulfillment-secret-0123456789abcdef',
  EMAIL_API_KEY: 're_e2e',
  DROP_ADMISSION_SECRET: 'e2e-drop-admission-secret-0123456789abcdef012345',
  // Cloudflare's always-passes Turnstile test keys, verified by the emulator (docs/drops.md).
  TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
  TURNSTILE_SECRET_KEY: '1x0000000000000000000000000000000AA',
};

export async function setup(project: TestProject) {
  state = mkdtempSync(join(tmpdir(), 'edgefront-e2e-'));
  // The seed applies the D1 migrations first (as `wrangler d1 migrations apply --local` would).
  run(process.execPath, ['scripts/seed.mjs', '--products', '40', '--persist-to', state]);
  // The vendored browser files (public/js/vendor/, git-ignored: Stripe.js loader, web-vitals, swagger-ui) the pages load, as `npm run dev` builds them.
  await buildClient();
  // E2E_PORT, or PORT and STRIPE_EMULATOR_PORT (as for scripts/dev.mjs), pin the ports on a shared machine.
  const port = process.env.E2E_PORT || process.env.PORT || String(18_000 + Math.floor(Math.random() * 2_000));
  const baseURL = `http://127.0.0.1:${port}`;
  // Delivers to the store once it listens (its own retries cover the store's start-up).
  emulator = await startStripeEmulator({
    port: Number(process.env.E2E_EMULATOR_PORT || process.env.STRIPE_EMULATOR_PORT || 0),
    webhookSecret: E2E_SECRETS.STRIPE_WEBHOOK_SECRET,
    fulfillmentSecret: E2E_SECRETS.FULFILLMENT_SECRET,
    storeUrl: baseURL,
    shipDelayMs: 300,
  });
  const vars = {
    ...E2E_SECRETS,
    STRIPE_API_BASE: emulator.url,
    TURNSTILE_API_BASE: emulator.url,
    FULFILLMENT_URL: `${emulator.url}/_warehouse/shipments`,
    FULFILLMENT_RETRY_SECONDS: '1',
    EMAIL_API_BASE: emulator.url,
    EMAIL_RETRY_SECONDS: '1',
    STORE_URL: baseURL,
  };
  dev = spawn(
    bin('wrangler'),
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      port,
      '--persist-to',
      state,
      '--show-interactive-dev-session=false',
      ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
    ],
    { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  dev.stdout?.on('data', (chunk) => (output += chunk));
  dev.stderr?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${baseURL}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || dev.exitCode !== null) {
      await teardown();
      throw new Error(`wrangler dev did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await seedStock(baseURL, E2E_SECRETS.ADMIN_TOKEN);
  project.provide('baseURL', baseURL);
  project.provide('emulatorURL', emulator.url);
  project.provide('stripeSecretKey', E2E_SECRETS.STRIPE_SECRET_KEY);
}

export async function teardown() {
  if (dev?.pid) {
    try {
      process.kill(-dev.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const running = emulator;
  emulator = undefined;
  await running?.close();
  if (state) rmSync(state, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** The Stripe emulator the store pays through (its hosted page, its control API). */
    emulatorURL: string;
    stripeSecretKey: string;
  }
}
