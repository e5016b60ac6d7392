import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './browser';
import { runJourney } from './journey';

const base = inject('baseURL');
const root = resolve(import.meta.dirname, '../..');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('npm run synthetic', () => {
  it('walks a shopper from the listing to a shipped order, timing every step', async () => {
    const page = await browser.newPage();
    const result = await runJourney(page, { base, email: 'synthetic-e2e@example.com' });
    expect(result.steps.filter((s) => s.error)).toEqual([]);
    expect(result.steps.map((s) => s.step)).toEqual([
      'browse',
      'search',
      'product',
      'add to cart',
      'address and shipping',
      'pay',
      'order paid',
      'shipped',
    ]);
    expect(result.ok).toBe(true);
    const order = (await (await fetch(`${base}/admin/api/orders?status=shipped`, { headers: { authorization: 'Bearer e2e-admin-token' } })).json()) as {
      items: { id: string }[];
    };
    expect(order.items.map((o) => o.id)).toContain(result.orderId);
    await page.close();
  });

  it('exits non-zero naming the step that failed when a step is broken (a search that finds nothing)', () => {
    const run = spawnSync(
      resolve(root, 'node_modules/.bin/tsx'),
      ['scripts/synthetic.ts', '--base-url', base, '--search', 'zzqx-no-such-product'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/✓ browse/);
    expect(run.stdout).toMatch(/✗ search .*did not list/);
    expect(run.stderr).toContain('FAILED at step "search"');
  });
});
