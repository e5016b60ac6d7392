import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, stockSku, watchProblems, type Browser, type Page } from './browser';
import { SCREENSHOTS_DIR, screenshotWidths } from './screenshot';

const base = inject('baseURL');
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  problems = watchProblems(page, base);
});
afterAll(async () => {
  await browser?.close();
});

/** One stocked product, put in this page's cart through the real add-to-cart form. */
async function addToCart(slug: string) {
  await page.goto(`${base}/products/${slug}`);
  const sku = await page.locator('form[action="/cart/items"]').evaluate((f: HTMLFormElement) => String(new FormData(f).get('sku')));
  const stocked = await stockSku(base, sku, 20);
  expect(stocked.status).toBe(200);
  await page.reload();
  // With JS the add happens in place (the drawer opens); the cart page is then opened by hand.
  const added = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/cart/items' && res.ok());
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await added;
  await page.goto(`${base}/cart`);
}

/** The shopper's pages at phone and desktop widths, saved for a person to look at (see `.ci/run`). */
describe(`screenshots in ${SCREENSHOTS_DIR}`, () => {
  it('home, listing and product fit both widths with no console errors', async () => {
    await page.goto(`${base}/`);
    expect(await screenshotWidths(page, 'home')).toEqual({ 390: 0, 1280: 0 });
    await page.goto(`${base}/products?category=hoodies`);
    expect(await page.locator('main a[href^="/products/"]').count()).toBeGreaterThan(0);
    expect(await screenshotWidths(page, 'listing')).toEqual({ 390: 0, 1280: 0 });
    await page.locator('main a[href^="/products/"]').first().click();
    await page.waitForURL(/\/products\/[a-z0-9-]+$/);
    const image = page.locator('main img').first();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(await screenshotWidths(page, 'product')).toEqual({ 390: 0, 1280: 0 });
    expect(problems).toEqual([]);
  });

  it('cart and checkout with a line fit both widths with no console errors', async () => {
    const { items } = (await (await fetch(`${base}/api/products?limit=1`)).json()) as { items: { slug: string }[] };
    await addToCart(items[0]!.slug);
    expect(await page.locator('.cart-line').count()).toBe(1);
    expect(await screenshotWidths(page, 'cart')).toEqual({ 390: 0, 1280: 0 });
    await page.goto(`${base}/checkout`);
    await expect.poll(() => page.locator('#order-summary').isVisible()).toBe(true);
    expect(await screenshotWidths(page, 'checkout')).toEqual({ 390: 0, 1280: 0 });
    expect(problems).toEqual([]);
  });
});

describe('the API reference page', () => {
  it('renders every path of /api/openapi.json from the vendored renderer, at both widths', async () => {
    const reference = await browser.newPage();
    const seen = watchProblems(reference, base);
    const outside: string[] = [];
    reference.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    await reference.goto(`${base}/api-reference`);
    await expect.poll(() => reference.locator('.opblock').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const shown = new Set(await reference.locator('.opblock-summary-path').evaluateAll((els) => els.map((el) => el.getAttribute('data-path'))));
    expect([...Object.keys(doc.paths)].filter((path) => !shown.has(path))).toEqual([]);
    expect(await screenshotWidths(reference, 'api-reference')).toEqual({ 390: 0, 1280: 0 });
    expect(outside).toEqual([]);
    expect(seen).toEqual([]);
    await reference.close();
  });
});
