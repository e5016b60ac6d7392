import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, stockSku, watchProblems, type Browser } from './browser';
import { screenshotWidths } from './screenshot';

const base = inject('baseURL');
let browser: Browser;
let slug: string;
let sku: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const { items } = (await (await fetch(`${base}/api/products?limit=20`)).json()) as { items: { slug: string; variants: { sku: string }[] }[] };
  const product = items.find((p) => p.variants.length > 0)!;
  slug = product.slug;
  sku = product.variants[0]!.sku;
  for (const v of product.variants) expect((await stockSku(base, v.sku, 40)).status).toBe(200);
  expect((await stockSku(base, sku, 8)).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
});

const stockLine = '.add-to-cart .stock';

describe('live stock on the product page', () => {
  it('shows "N left" and follows the counter over a WebSocket without a reload', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page, base);
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${base}/products/${slug}`);
    await expect.poll(() => page.textContent(stockLine)).toBe('In stock: 8 left');
    expect(sockets.some((url) => url.includes(`/api/stock/live?sku=${encodeURIComponent(sku)}`))).toBe(true);
    await screenshotWidths(page, 'live-stock-in');

    const loaded = await page.evaluate(() => performance.timeOrigin);
    expect((await stockSku(base, sku, 3)).status).toBe(200);
    // Well inside the 15 s polling fallback: this came over the socket.
    await expect.poll(() => page.textContent(stockLine), { timeout: 5_000 }).toBe('Only 3 left');
    expect(await page.getAttribute(stockLine, 'data-level')).toBe('low');
    await screenshotWidths(page, 'live-stock-low');

    expect((await stockSku(base, sku, 0)).status).toBe(200);
    await expect.poll(() => page.textContent(stockLine), { timeout: 5_000 }).toBe('Sold out');
    expect(await page.isDisabled('.add-to-cart [type=submit]')).toBe(true);
    await screenshotWidths(page, 'live-stock-out');
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(loaded);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('falls back to polling /api/stock every 15 s when WebSockets are unavailable', async () => {
    expect((await stockSku(base, sku, 12)).status).toBe(200);
    const page = await browser.newPage();
    await page.clock.install();
    await page.addInitScript(() => {
      // A network that refuses WebSockets: the constructor throws, as a blocked one can.
      (window as unknown as { WebSocket: unknown }).WebSocket = function blocked() {
        throw new Error('WebSockets blocked');
      };
    });
    const polls: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/stock') polls.push(req.url());
    });
    await page.goto(`${base}/products/${slug}`);
    await expect.poll(() => page.textContent(stockLine)).toBe('In stock: 12 left');
    expect((await stockSku(base, sku, 2)).status).toBe(200);
    const before = polls.length;
    await page.clock.runFor(15_000);
    await expect.poll(() => page.textContent(stockLine), { timeout: 5_000 }).toBe('Only 2 left');
    expect(polls.length).toBeGreaterThan(before);
    await page.close();
  });
});
