import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, stockSku, watchProblems, type Browser } from './browser';
import { fillAddress, US_ADDRESS } from './journey';
import { screenshotWidths } from './screenshot';

const base = inject('baseURL');
const emulatorURL = inject('emulatorURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const adminApi = (method: string, path: string, body?: unknown) =>
  fetch(`${base}/admin/api${path}`, {
    method,
    headers: { authorization: 'Bearer e2e-admin-token', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('a drop in Chromium', () => {
  it('product countdown → join the waiting room → wait → admitted → add to cart → checkout → payment page', async () => {
    // A product the other e2e files do not buy from: the middle of the listing.
    const products = (await (await fetch(`${base}/api/products?limit=20`)).json()) as { items: { slug: string }[] };
    const slug = products.items[10]!.slug;
    const product = (await (await fetch(`${base}/api/products/${slug}`)).json()) as { title: string; variants: { sku: string }[] };
    const sku = product.variants[0]!.sku;
    const startsAt = new Date(Date.now() + 12_000).toISOString();
    const put = await adminApi('PUT', '/drops/e2e-drop', { skus: [sku], startsAt, admitPerMinute: 600, perCustomerLimit: 1, turnstile: false });
    expect(put.status, await put.clone().text()).toBe(200);
    // After the drop is saved, so the count is split over the drop SKU's stock shards (docs/drops.md).
    expect((await stockSku(base, sku, 20)).status).toBe(200);

    const page = await browser.newPage();
    const problems = watchProblems(page, base);
    await page.goto(`${base}/products/${slug}`);
    const banner = page.locator('[data-drop-banner]');
    await expect.poll(() => banner.locator('time').textContent()).toMatch(/^in \d+m \d{2}s$/);
    await screenshotWidths(page, 'drop-product-countdown');

    await banner.getByRole('link', { name: 'Join the waiting room' }).click();
    await page.waitForURL(/\/drops\/e2e-drop$/);
    await page.getByRole('button', { name: 'Join the waiting room' }).click();
    await page.waitForURL(/\/drops\/e2e-drop\?ticket=tkt_\d_/);
    await expect.poll(() => page.locator('[data-status-headline]').textContent()).toBe('You’re in line');
    expect(await page.locator('[data-status-detail]').textContent()).toMatch(/Nobody is ahead of you\. Estimated wait: less than a minute\./);
    await screenshotWidths(page, 'drop-waiting');

    // The poller (every 5 s) sees the admission after the start and reloads into the admitted state.
    await page.waitForSelector('.drop-admitted', { timeout: 30_000 });
    expect(await page.locator('[data-status-headline]').textContent()).toBe('You’re in');
    expect((await page.context().cookies()).some((c) => c.name === 'drop_e2e-drop' && c.httpOnly)).toBe(true);
    await screenshotWidths(page, 'drop-admitted');

    await page.locator('[data-drop-items] a').first().click();
    await page.waitForURL(new RegExp(`/products/${slug}`));
    await page.locator('form[action="/cart/items"]').getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('dialog', { name: 'Your cart' }).getByRole('link', { name: 'View cart' }).click();
    await page.waitForURL(/\/cart$/);
    expect(await page.locator('main').textContent()).toContain(product.title);
    await page.getByRole('link', { name: 'Check out', exact: true }).click();
    await page.waitForURL(/\/checkout$/);
    await fillAddress(page, 'e2e-drop@example.com', US_ADDRESS);
    await page.locator('.pay-button').click();
    await page.waitForURL((url) => url.href.startsWith(`${emulatorURL}/c/pay/cs_`), { timeout: 15_000 });
    expect(problems).toEqual([]);
    await page.close();

    // Another browser, not admitted: the store refuses the add and says why.
    const stranger = await browser.newPage();
    await stranger.goto(`${base}/products/${slug}`);
    await stranger.locator('form[action="/cart/items"]').getByRole('button', { name: 'Add to cart' }).click();
    await expect.poll(() => stranger.locator('body').textContent(), { timeout: 10_000 }).toMatch(/part of a drop: it can be bought only after its waiting room \(\/drops\/e2e-drop\) lets you in/);
    await screenshotWidths(stranger, 'drop-not-admitted');
    await stranger.close();
  });
});
