import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * Tests run inside workerd with the bindings of wrangler.toml: real D1 (SQLite), KV, R2, Durable
 * Objects, Queues and the Cache API. Secrets come from here, not .dev.vars, so a fresh clone passes.
 */
export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations('./migrations'),
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
    include: ['test/**/*.test.ts', 'worker/**/*.test.ts', 'durable-objects/**/*.test.ts'],
    setupFiles: ['./test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
