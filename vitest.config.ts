import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { createServer } from 'node:net';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** A free loopback port, chosen once per run (the config may be evaluated more than once). */
async function emulatorPort(): Promise<number> {
  if (process.env.EDGEFRONT_TEST_EMULATOR_PORT) return Number(process.env.EDGEFRONT_TEST_EMULATOR_PORT);
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  process.env.EDGEFRONT_TEST_EMULATOR_PORT = String(port);
  return port;
}

const emulator = `http://127.0.0.1:${await emulatorPort()}`;

// Wrangler's notices ("Using secrets defined in .dev.vars", once per test file once a developer has
// run `npm run dev`) say nothing about the tests, whose secrets are set below; warnings still show.
process.env.WRANGLER_LOG ??= 'warn';

/**
 * Drops Vite's "Sourcemap for … points to missing source files" warnings: published packages
 * (stripe, localized-address-format) ship maps whose sources are not in their tarballs, which says
 * nothing about our code. A plugin, because Vitest installs its own logger over `customLogger`.
 */
const quietDependencySourcemaps = (): Plugin => ({
  name: 'edgefront:quiet-dependency-sourcemaps',
  configResolved({ logger }) {
    const { warnOnce } = logger;
    logger.warnOnce = (msg, options) => {
      if (!/^Sourcemap for "[^"]*node_modules\/.* points to missing source files/.test(msg)) warnOnce(msg, options);
    };
  },
});

/**
 * Lines workerd prints that say nothing about the tests, each written in one call (with its native
 * `stack:` line of addresses), so only whole chunks that match are dropped; everything else shows.
 * - Each test file's runner socket closing: "WebSocket peer disconnected". vitest-pool-workers drops
 *   its other wordings of that event ("WebSocket was aborted", "operation canceled") but not this one.
 * - A failed outbound fetch, even one our code catches: workerd logs the refused connect and then
 *   reports its own internal promise as uncaught, with no JavaScript frame in the stack. The
 *   payments-down test points the provider at a closed port on purpose. An uncaught rejection of
 *   ours carries `at …` frames and still shows.
 * - A connection closed without an answer: workerd logs the premature end of the stream even when
 *   our code catches the fetch's "Network connection lost". The emulator's `loseConnection` faults
 *   do it on purpose (worker/bot-check/turnstile.test.ts).
 * - A Durable Object evicted on purpose with `state.abort(EVICTION)` (test/eviction.ts): workerd logs
 *   the abort as an uncaught broken output gate, with that reason.
 * - A write to a socket its peer already closed ("Broken pipe"): a client (the runner, or a test's
 *   aborted fetch) hung up first. Seen once in a full run on a loaded box, after test/dead-letters.
 * - Miniflare's note that a message moved to a dead-letter queue: the poison-message and replay tests
 *   send it there on purpose, and assert on the dead letter itself.
 */
const WORKERD_NOISE = [
  /^exception = workerd\/api\/web-socket\.c\+\+:\d+: disconnected: WebSocket peer disconnected\n$/,
  /^exception = kj\/async-io-unix\.c\+\+:\d+: disconnected: connect\(\): Connection refused\nstack:[^\n]*\n$/,
  /^exception = kj\/async-io-unix\.c\+\+:\d+: disconnected: ::write\(fd, buffer\.begin\(\), buffer\.size\(\)\): Broken pipe\nstack:[^\n]*\n$/,
  /^uncaught exception; source = Uncaught \(in promise\); stack = Error: Network connection lost\.\n$/,
  /^uncaught exception; exception = workerd\/jsg\/[^\n]*: disconnected: jsg\.Error: Network connection lost\.\nstack:[^\n]*\n$/,
  /^exception = kj\/async-io\.c\+\+:\d+: disconnected: stream disconnected prematurely\nstack:[^\n]*\n$/,
  /^uncaught exception; exception = workerd\/api\/actor-state\.c\+\+:\d+: failed: broken\.outputGateBroken; jsg\.Error: test eviction\nstack:[^\n]*\n$/,
  /^\[mf:warn\] Moving message "[0-9a-f]+" on queue "[\w-]+" to dead letter queue "[\w-]+" after \d+ failed attempts\.\.\.\n$/,
];

function quietWorkerdNoise(): void {
  const flag = Symbol.for('edgefront.quietWorkerdNoise');
  for (const stream of [process.stdout, process.stderr] as (NodeJS.WriteStream & { [flag]?: true })[]) {
    if (stream[flag]) continue;
    stream[flag] = true;
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    const noise = (chunk: unknown) =>
      (typeof chunk === 'string' || chunk instanceof Uint8Array) && WORKERD_NOISE.some((line) => line.test(String(chunk)));
    stream.write = ((chunk: unknown, ...rest: unknown[]) => (noise(chunk) ? true : write(chunk, ...rest))) as typeof stream.write;
  }
}
quietWorkerdNoise();

/**
 * Three projects, one command (`npm test`):
 * - `workers`: inside workerd with the bindings of wrangler.toml (real D1, KV, R2, Durable Objects,
 *   Queues, Cache API). Secrets come from here, not .dev.vars, so a fresh clone passes.
 * - `emulator`: the local Stripe emulator under dev/, driven by the official `stripe` SDK from Node.
 * - `browser`: Debian's Chromium (playwright-core) against `wrangler dev` on a seeded throwaway state.
 */
export default defineConfig({
  test: {
    // What the store logs while a test drives it (fault tests make it log on purpose) is kept and
    // printed only for a test that fails.
    silent: 'passed-only',
    projects: [
      {
        plugins: [
          quietDependencySourcemaps(),
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('./migrations'),
                LOG_LEVEL: "warn",
                // Load shedding never in the other tests (100 concurrent checkouts would pass 64 in flight);
                // test/load-shed.test.ts sets its own limits.
                SHED_READS_INFLIGHT: '100000',
                SHED_CART_ADDS_INFLIGHT: '100000',
                // Tests check transformed output on the first request; test/images.test.ts sets its own for the fallback.
                IMAGE_WARM_DEADLINE_MS: '60000',
                ADMIN_TOKEN: 'test-admin-token',
                CART_COOKIE_SECRET: 'test-cart-cookie-secret-0123456789abcdef0123456789',
                DROP_ADMISSION_SECRET: 'test-drop-admission-secret-0123456789abcdef012345',
                STRIPE_SECRET_KEY: 'sk_test_edgefront',
                STRIPE_PUBLISHABLE_KEY: 'pk_test_edgefront',
                STRIPE_WEBHOOK_SECRET: 'whsec_edgefront_test',
                // The local Stripe emulator (dev/stripe-emulator), started by test/emulator-setup.ts.
                STRIPE_API_BASE: emulator,
                // Under the timeouts the fault tests inject (3 s), above what 100 concurrent checkouts on a
                // loaded 2-core box can take for one emulator call (>1.5 s seen).
                STRIPE_TIMEOUT_MS: '2500',
                FULFILLMENT_URL: `${emulator}/_warehouse/shipments`,
                FULFILLMENT_SECRET: 'test-fulfillment-secret-0123456789abcdef',
                FULFILLMENT_RETRY_SECONDS: '0',
                // The emulator's mailbox speaks Resend's API (docs/email.md).
                EMAIL_API_BASE: emulator,
                EMAIL_API_KEY: 're_test_edgefront',
                EMAIL_TIMEOUT_MS: '1500',
                EMAIL_RETRY_SECONDS: '0',
                STORE_URL: 'http://127.0.0.1:8787',
                // Turnstile's siteverify, emulated by the same dev server; Cloudflare's always-passes test keys.
                TURNSTILE_API_BASE: emulator,
                TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
                TURNSTILE_SECRET_KEY: '1x0000000000000000000000000000000AA',
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          // Two test files at once (Vitest's default here is cores - 1 = 1): each file has its own
          // storage, and every emulator fault is scoped to its test's email or order id. 666 -> 473-486 s.
          // The other projects run after, one file at a time (they share one `wrangler dev` store).
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          include: ['test/**/*.test.ts', 'worker/**/*.test.ts', 'durable-objects/**/*.test.ts'],
          setupFiles: ['./test/setup.ts'],
          globalSetup: ['./test/emulator-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'emulator',
          sequence: { groupOrder: 1 },
          environment: 'node',
          include: ['dev/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          environment: 'node',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['./test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
