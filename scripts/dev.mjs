#!/usr/bin/env node
// `npm run dev`: everything a newcomer needs, with no cloud account and no network:
// secrets from .dev.vars.example, local D1 migrations, the seeded demo catalog (D1 + images in local
// R2), the local Stripe emulator (payments, webhooks, the warehouse, the mailbox) on
// http://127.0.0.1:12111, then `wrangler dev` on http://127.0.0.1:8787 pointed at it.
// STRIPE_EMULATOR=off leaves the emulator out: the store then talks to api.stripe.com with the keys
// in .dev.vars (Embedded Checkout with real test keys), has no fulfillment endpoint, and sends order
// mail through Resend with EMAIL_API_KEY from .dev.vars.
// For tools that start a store of their own (`npm run drill`): DEV_STATE_DIR puts the local D1, KV, R2
// and Durable Objects in that directory instead of .wrangler/state (a throwaway store), DEV_SEED_PRODUCTS
// seeds that many products instead of the whole demo, and DEV_ENTRY runs another entry module over the
// same wrangler.toml (the drill's dev-only fault switch, dev/fault-switch/worker.ts).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClient } from './build-client.mjs';
import { seedStock } from './seed-stock.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const port = process.env.PORT ?? '8787';
const emulatorPort = process.env.STRIPE_EMULATOR_PORT ?? '12111';
const withEmulator = process.env.STRIPE_EMULATOR !== 'off';
const storeUrl = `http://127.0.0.1:${port}`;
const stateDir = process.env.DEV_STATE_DIR;
const persistArgs = stateDir ? ['--persist-to', stateDir] : [];
const seedArgs = process.env.DEV_SEED_PRODUCTS ? ['--products', process.env.DEV_SEED_PRODUCTS] : [];
const entryArgs = process.env.DEV_ENTRY ? [process.env.DEV_ENTRY] : [];
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;

function step(title, command, args) {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) {
    console.error(`✗ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const varNames = (text) => new Set([...text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1]));

/** Copies .dev.vars.example on first run; later, appends only the keys added to it since (never overwrites). */
function syncDevVars() {
  const example = join(root, '.dev.vars.example');
  const local = join(root, '.dev.vars');
  if (!existsSync(local)) {
    copyFileSync(example, local);
    console.log('▸ Created .dev.vars from .dev.vars.example (local secrets; never commit it)');
    return;
  }
  const have = varNames(readFileSync(local, 'utf8'));
  const missing = readFileSync(example, 'utf8')
    .split(/\r?\n/)
    .filter((line) => {
      const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
      return name !== undefined && !have.has(name);
    });
  if (missing.length === 0) return;
  const text = readFileSync(local, 'utf8');
  appendFileSync(local, `${text.endsWith('\n') || text === '' ? '' : '\n'}${missing.join('\n')}\n`);
  console.log(`▸ Added to .dev.vars from .dev.vars.example: ${missing.map((l) => l.split('=')[0].trim()).join(', ')}`);
}

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

syncDevVars();
// The seed applies the D1 migrations the local state lacks first (as `wrangler d1 migrations apply
// --local` would, without starting wrangler), then seeds unless already seeded.
step('Applying D1 migrations and seeding the demo catalog (skipped when already seeded)', process.execPath, ['scripts/seed.mjs', ...seedArgs, ...persistArgs]);
console.log('\n▸ Vendoring browser modules');
await buildClient();

const children = new Set();
let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  process.exitCode = code;
  // Give the children a moment to go, then leave whatever happens.
  setTimeout(() => process.exit(code), 3_000).unref();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal === 'SIGINT' ? 130 : 143));

/** Starts the emulator and answers the `wrangler dev` flags pointing the store at it, or null if it failed. */
async function startEmulator() {
  if (await answers(`${emulatorUrl}/_emulator/health`)) {
    console.error(`✗ Something already answers on ${emulatorUrl}: stop it, or set STRIPE_EMULATOR_PORT`);
    return null;
  }
  console.log(`\n▸ Starting the Stripe emulator on ${emulatorUrl} (webhooks → ${storeUrl})`);
  // Its secrets (STRIPE_WEBHOOK_SECRET, FULFILLMENT_SECRET) come from .dev.vars, like the store's.
  const emulator = spawn(bin('tsx'), ['dev/stripe-emulator/main.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STRIPE_EMULATOR_PORT: emulatorPort, STORE_URL: storeUrl },
  });
  children.add(emulator);
  emulator.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`✗ The Stripe emulator stopped (${code ?? signal}); stopping the store too`);
    stop(code || 1);
  });
  for (let tries = 0; !(await answers(`${emulatorUrl}/_emulator/health`)); tries += 1) {
    if (stopping) return null;
    if (tries >= 120) {
      console.error(`✗ The Stripe emulator did not answer on ${emulatorUrl}`);
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return [
    '--var',
    `STRIPE_API_BASE:${emulatorUrl}`,
    '--var',
    `FULFILLMENT_URL:${emulatorUrl}/_warehouse/shipments`,
    '--var',
    `EMAIL_API_BASE:${emulatorUrl}`,
    '--var',
    `TURNSTILE_API_BASE:${emulatorUrl}`,
  ];
}

const emulatorArgs = withEmulator ? await startEmulator() : [];
if (emulatorArgs === null) {
  stop(1);
} else {
  const payments = withEmulator ? `Stripe emulator on ${emulatorUrl}` : 'api.stripe.com (STRIPE_EMULATOR=off)';
  console.log(`\n▸ Starting the store on ${storeUrl} (payments: ${payments})\n`);
  // Links in order mail point at this store (a queue consumer has no request to take the origin from).
  const storeArgs = ['--var', `STORE_URL:${storeUrl}`];
  const dev = spawn(bin('wrangler'), ['dev', ...entryArgs, '--ip', '127.0.0.1', '--port', port, ...persistArgs, ...storeArgs, ...emulatorArgs, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  children.add(dev);
  dev.on('exit', (code, signal) => stop(code ?? (signal ? 1 : 0)));
  stockWhenUp();
}

// Demo stock goes into the per-SKU counters through the running store (see scripts/seed-stock.mjs).
function stockWhenUp() {
  const token = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync(join(root, '.dev.vars'), 'utf8'))?.[1]?.trim();
  (async () => {
    for (let tries = 0; tries < 240 && !stopping; tries += 1) {
      if (await answers(`${storeUrl}/healthz`)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (stopping) return;
    const count = await seedStock(storeUrl, token);
    if (count > 0) console.log(`\n▸ Stocked ${count} SKUs in their inventory counters\n`);
    const payments = withEmulator
      ? `; Stripe emulator (hosted checkout, webhooks, warehouse) on ${emulatorUrl}; mail sent to shoppers at ${emulatorUrl}/_mail`
      : '';
    console.log(`▸ Store on ${storeUrl}${payments}\n`);
  })().catch((err) => console.error(`✗ Setting demo stock failed: ${err.message}`));
}
