import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * Two projects, one command (`npm test`):
 * - `workers`: inside workerd with the bindings of wrangler.toml (real D1, KV, R2, Durable Objects,
 *   Queues, Cache API). Secrets come from here, not .dev.vars, so a fresh clone passes.
 * - `browser`: Debian's Chromium (playwright-core) against `wrangler dev` on a seeded throwaway state.
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('./migrations'),
                LOG_LEVEL: "warn",
                ADMIN_TOKEN: 'test-admin-token',
                CART_COOKIE_SECRET: 'test-cart-cookie-secret-0123456789abcdef0123456789',
                STRIPE_SECRET_KEY: 'sk_test_edgefront',
                STRIPE_PUBLISHABLE_KEY: 'pk_test_edgefront',
                STRIPE_WEBHOOK_SECRET: 'whsec_edgefront_test',
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/**/*.test.ts', 'worker/**/*.test.ts', 'durable-objects/**/*.test.ts'],
          setupFiles: ['./test/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
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
