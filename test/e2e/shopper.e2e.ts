import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, stockSku, watchProblems, type Browser } from './browser';

const base = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a shopper in Chromium', () => {
  it('goes from the home page to a product, picks a variant and sees its price, with no console or CSP errors', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(`${base}/`);
    expect(await page.title()).toMatch(/Edgefront/);
    await page.locator('main a[href^="/products/"]').first().click();
    await page.waitForURL(/\/products\/[a-z0-9-]+$/);
    await expect.poll(() => page.locator('h1').textContent()).toBeTruthy();

    const image = page.locator('main img').first();
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

    const other = page.locator('.variant-picker input[type="radio"]:not(:checked):not(:disabled)');
    if ((await other.count()) > 0) {
      const sku = page.locator('form.add-to-cart input[name="sku"]');
      const before = await sku.inputValue();
      await other.last().check();
      await expect.poll(() => sku.inputValue()).not.toBe(before);
      await expect.poll(() => page.locator('#product-price').textContent()).toMatch(/\$\d/);
    }
    const form = page.locator('form[action="/cart/items"]');
    expect(await form.getAttribute('method')).toBe('post');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('without JavaScript, adds a product to the cart with the real form and lands on the cart page with its subtotal', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${base}/products`);
    await page.locator('main a[href^="/products/"]').first().click();
    await page.waitForURL(/\/products\/[a-z0-9-]+$/);
    const title = (await page.locator('h1').textContent())!.trim();
    const form = page.locator('form[action="/cart/items"]');
    const sku = await form.evaluate((f: HTMLFormElement) => String(new FormData(f).get('sku')));

    // Demo stock may be 0 for this SKU; give it enough through the admin stock route.
    const stocked = await stockSku(base, sku, 20);
    expect(stocked.status).toBe(200);
    await page.reload();

    const unit = (await page.locator('#product-price').textContent())!.trim();
    const cents = Math.round(Number(unit.replace(/[^0-9.]/g, '')) * 100);
    const subtotal = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format((cents * 2) / 100);
    await page.locator('#quantity').fill('2');
    await form.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart$/);
    const main = page.locator('main');
    expect(await main.locator('.cart-line a').first().textContent()).toBe(title);
    expect(await page.locator('.cart-line input[name="quantity"]').first().inputValue()).toBe('2');
    expect((await page.locator('#cart-subtotal').textContent())!.trim()).toBe(subtotal);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('searches from the header and finds hoodies by prefix', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.locator('header input[name="q"]').fill('hoo');
    await page.locator('header input[name="q"]').press('Enter');
    await page.waitForURL(/\/products\?q=hoo/);
    const titles = await page.locator('main a[href^="/products/"]').allTextContents();
    expect(titles.join(' ')).toMatch(/hood/i);
    await page.close();
  });

  it('fits a 390px phone screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const path of ['/', '/products', '/products?category=hoodies']) {
      await page.goto(`${base}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.close();
  });

  it('reaches the search box and skip link by keyboard, with a visible focus ring', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/products`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(focused.text).toMatch(/skip/i);
    expect(focused.outline).not.toBe('none');
    expect(focused.width).toBeGreaterThan(0);
    await page.close();
  });

  it('shows a helpful 404 page', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${base}/products/not-a-real-product`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toMatch(/not found|find/i);
    await page.close();
  });
});

describe('browsing with facets in Chromium', () => {
  it('filters by ticking boxes and submitting the form, with JavaScript off, and keeps the filters in the URL', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/products`);
    const before = Number((await page.locator('.result-count').textContent())?.match(/\d+/)?.[0]);
    await page.locator('.facet', { hasText: 'Size' }).locator('summary').click();
    await page.locator('input[name="size"][value="M"]').check();
    await page.locator('select[name="sort"]').selectOption('price_asc');
    await page.getByRole('button', { name: 'Show results' }).click();
    await page.waitForURL(/size=M/);
    expect(page.url()).toContain('sort=price_asc');
    const after = Number((await page.locator('.result-count').textContent())?.match(/\d+/)?.[0]);
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    await expect(page.locator('input[name="size"][value="M"]').isChecked()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Remove filter M' }).click();
    await page.waitForURL((url) => !url.searchParams.has('size'));
    await context.close();
  });

  it('fits a 390px phone with filters open, with no console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems = watchProblems(page, base);
    await page.goto(`${base}/products?size=M&size=L&colour=Navy&inStock=1&sort=price_desc`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
