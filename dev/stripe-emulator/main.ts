// `tsx dev/stripe-emulator/main.ts [--port=N] [--store-url=URL|none] [--quiet]`: the local Stripe
// emulator for `npm run dev`. Secrets come from the environment, else from the repo's .dev.vars.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startStripeEmulator } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function readDevVars(): Record<string, string> {
  const file = join(root, '.dev.vars');
  if (!existsSync(file)) return {};
  const vars: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    vars[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return vars;
}

function fail(message: string): never {
  console.error(`Stripe emulator: ${message}`);
  process.exit(1);
}

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'store-url': { type: 'string' },
    'public-url': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const devVars = readDevVars();
const secret = (name: string): string =>
  process.env[name] || devVars[name] || fail(`${name} is not set (environment or .dev.vars).`);

const portText = args.port ?? process.env.STRIPE_EMULATOR_PORT ?? String(DEFAULT_PORT);
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${portText}`);
const storeUrlText = args['store-url'] ?? process.env.STORE_URL ?? 'http://127.0.0.1:8787';
const storeUrl = storeUrlText === '' || storeUrlText === 'none' ? null : storeUrlText.replace(/\/$/, '');
const publicUrl = args['public-url'] ?? process.env.STRIPE_EMULATOR_PUBLIC_URL;

const emulator = await startStripeEmulator({
  port,
  webhookSecret: secret('STRIPE_WEBHOOK_SECRET'),
  fulfillmentSecret: secret('FULFILLMENT_SECRET'),
  storeUrl,
  ...(publicUrl ? { publicUrl } : {}),
  log: args.quiet ? () => {} : (line) => console.log(`[stripe-emulator] ${line}`),
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

console.log(
  `Stripe emulator on ${emulator.url} (${storeUrl ? `webhooks → ${storeUrl}/webhooks/stripe` : 'no delivery: events wait in /_emulator/outbox'}); mailbox at ${emulator.url}/_mail`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
