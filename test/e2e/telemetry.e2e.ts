import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watchProblems, type Browser } from './browser';

const base = inject('baseURL');
const emulatorURL = inject('emulatorURL');
const TOKEN = 'e2e-admin-token';
/** Its own experiment on the listing page: the other files use `hero` on the home page. */
const EXPERIMENT = { id: 'e2e-listing', enabled: true, paths: ['/products'], variants: [{ name: 'grid', weight: 50 }, { name: 'list', weight: 50 }] };
const SHOTS = join(import.meta.dirname, '../../bench/.out/screenshots');
let browser: Browser;

const adminApi = (method: string, path: string, body?: unknown) =>
  fetch(`${base}/admin/api${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** A visitor with a cookie jar, outside the browser: seeds the recorded data the views show. */
async function visitor(buy: string | null) {
  const jar = new Map<string, string>();
  const go = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return res;
  };
  await (await go('/products')).arrayBuffer();
  if (!buy) return;
  const json = { 'content-type': 'application/json' };
  expect((await go('/api/cart/items', { method: 'POST', headers: json, body: JSON.stringify({ sku: buy, quantity: 1 }) })).status).toBe(200);
  const address = { name: 'Mary Jackson', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' };
  const checkout = await go('/api/checkout', { method: 'POST', headers: json, body: JSON.stringify({ email: 'e2e-telemetry@example.com', shippingAddress: address }) });
  expect(checkout.status).toBe(201);
  const session = /\/(cs_[\w-]+)/.exec(((await checkout.json()) as { checkoutUrl: string }).checkoutUrl)![1]!;
  expect((await fetch(`${emulatorURL}/_emulator/sessions/${session}/pay`, { method: 'POST', headers: json, body: '{}' })).ok).toBe(true);
}

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
  expect((await adminApi('PUT', `/experiments/${EXPERIMENT.id}`, EXPERIMENT)).status).toBe(200);
  const list = (await (await fetch(`${base}/api/products?limit=40`)).json()) as { items: { featured: boolean; variants: { sku: string }[] }[] };
  // A product the other files do not buy from: not featured, near the end of the list.
  const sku = list.items.filter((p) => !p.featured).at(-3)!.variants[0]!.sku;
  for (let i = 0; i < 30; i += 1) await visitor(i % 5 === 0 ? sku : null);
  const orders = async () =>
    ((await (await adminApi('GET', `/experiments/${EXPERIMENT.id}/results`)).json()) as { variants: { orders: number }[] }).variants.reduce((s, v) => s + v.orders, 0);
  for (let until = Date.now() + 30_000; (await orders()) < 6 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 250));
}, 120_000);

afterAll(async () => {
  await adminApi('DELETE', `/experiments/${EXPERIMENT.id}`);
  await browser?.close();
});

describe('Health and experiment results in Chromium', () => {
  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ])('render their charts from recorded data (%s, light and dark)', async (name, viewport) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      const problems = watchProblems(page, base);
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto(`${base}/admin`);
      await page.getByLabel('Admin token').fill(TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Health is the first section, and its charts are images with names.
      await expect.poll(() => page.locator('#health-view svg[role="img"]').count(), { timeout: 15_000 }).toBe(2);
      expect(await page.locator('main section').first().getAttribute('id')).toBe('health');
      await expect.poll(() => page.locator('#health-view dd').first().textContent()).toMatch(/\$/);
      const revenueTitle = await page.locator('#health-view svg title').first().textContent();
      expect(revenueTitle).toMatch(/^Revenue, last day$/);
      expect(await page.locator('#health-view .chart-line').first().getAttribute('d')).toMatch(/^M/);
      await page.getByRole('button', { name: 'Last hour' }).click();
      await expect.poll(() => page.locator('#health-view .health').getAttribute('data-window')).toBe('1h');

      await page.locator('#experiment-results-id').selectOption(EXPERIMENT.id);
      const results = page.locator(`#experiment-results-view .experiment-results[data-experiment="${EXPERIMENT.id}"]`);
      await expect.poll(() => results.locator('svg[role="img"]').count(), { timeout: 15_000 }).toBe(1);
      expect(await results.locator('.chart-band').count()).toBe(2);
      expect(await results.locator('table').first().locator('tbody tr').count()).toBe(2);
      await page.locator('#health').screenshot({ path: join(SHOTS, `health-${name}-${colorScheme}.png`) });
      await results.screenshot({ path: join(SHOTS, `experiment-${name}-${colorScheme}.png`) });
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('stops the experiment from its results', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/admin`);
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#experiment-results-id').selectOption(EXPERIMENT.id);
    await page.getByRole('button', { name: `Stop ${EXPERIMENT.id}` }).click();
    await expect.poll(async () => ((await (await adminApi('GET', `/experiments/${EXPERIMENT.id}`)).json()) as { enabled: boolean }).enabled).toBe(false);
    await context.close();
  });
});
