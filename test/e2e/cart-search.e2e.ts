import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import { axeViolations } from './axe';
import { launchBrowser, watchProblems, type Browser, type Page } from './browser';
import { SCREENSHOTS_DIR, screenshotWidths } from './screenshot';

const base = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const setStock = async (sku: string, onHand: number) => {
  const res = await fetch(`${base}/admin/api/stock/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    headers: { authorization: 'Bearer e2e-admin-token', 'content-type': 'application/json' },
    body: JSON.stringify({ onHand }),
  });
  expect(res.status).toBe(200);
};

/** A product page (the n-th hoodie from the end, clear of the other files' products) with its SKU stocked. */
async function stockedProduct(page: Page, n: number, onHand: number) {
  const res = await fetch(`${base}/api/products?category=hoodies&limit=20`);
  const { items } = (await res.json()) as { items: { slug: string; title: string; variants: { sku: string }[] }[] };
  const product = items.at(-n)!;
  await setStock(product.variants[0]!.sku, onHand);
  await page.goto(`${base}/products/${product.slug}`);
  await page.locator('input[name=sku]').first().check({ force: true }).catch(() => {});
  return product;
}

/** Marks the document: the mark survives only if the page never reloads or navigates. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
const stayed = (page: Page) => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true);

describe('header search suggestions (combobox)', () => {
  it('suggests as you type and is driven by arrows, Enter and Escape, with 0 axe violations', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchProblems(page);
    await page.goto(`${base}/products`);
    const box = page.getByRole('combobox', { name: 'Search products' });
    await box.pressSequentially('hoo', { delay: 30 });
    const listbox = page.getByRole('listbox', { name: 'Suggestions' });
    await listbox.waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await box.getAttribute('aria-controls')).toBe(await listbox.getAttribute('id'));
    const options = listbox.getByRole('option');
    const titles = await options.allTextContents();
    expect(titles.length).toBeGreaterThan(1);
    expect(titles.length).toBeLessThanOrEqual(8);
    expect(titles.every((t) => /\bhoo/i.test(t))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await box.press('ArrowDown');
    await box.press('ArrowDown');
    const second = options.nth(1);
    expect(await box.getAttribute('aria-activedescendant')).toBe(await second.getAttribute('id'));
    expect(await second.getAttribute('aria-selected')).toBe('true');
    await box.press('ArrowUp');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'));
    expect(await axeViolations(page)).toEqual([]);

    await box.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await listbox.isHidden()).toBe(true);
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();
    expect(await box.inputValue()).toBe('hoo');
    await box.press('Escape');
    expect(await box.inputValue()).toBe('');

    await box.pressSequentially('hoo', { delay: 30 });
    await listbox.waitFor();
    await box.press('ArrowDown');
    await box.press('ArrowDown');
    const chosen = (await options.nth(1).textContent())!;
    await box.press('Enter');
    await page.waitForURL(/\/products\/[a-z0-9-]+$/);
    expect((await page.locator('h1').textContent())!.trim()).toBe(chosen);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens nothing for one letter, and Enter without a highlighted suggestion still searches', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    const box = page.getByRole('combobox', { name: 'Search products' });
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/api/search/suggest') && asked.push(r.url()));
    await box.pressSequentially('h', { delay: 30 });
    await page.waitForTimeout(400);
    expect(asked).toEqual([]);
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await box.pressSequentially('oodie', { delay: 20 });
    await page.getByRole('listbox', { name: 'Suggestions' }).waitFor();
    // Debounced: typing five letters quickly asks once or twice, not five times.
    expect(asked.length).toBeLessThanOrEqual(2);
    await box.press('Enter');
    await page.waitForURL(/\/products\?q=hoodie$/);
    await page.close();
  });

  it('without JavaScript, the header search is a plain GET form', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const box = page.locator('header input[name="q"]');
    expect(await box.getAttribute('role')).toBeNull();
    await box.fill('hoo');
    await box.press('Enter');
    await page.waitForURL(/\/products\?q=hoo$/);
    expect((await page.locator('main a[href^="/products/"]').allTextContents()).join(' ')).toMatch(/hood/i);
    await context.close();
  });
});

describe('the cart without reloads', () => {
  it('adds in place with a busy button, opens the drawer and counts in the header, on every page after', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const product = await stockedProduct(page, 1, 20);
    const count = page.locator('header [data-cart-count]');
    expect(await count.isHidden()).toBe(true);
    await markDocument(page);

    // Hold the add until the busy state has been seen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/cart/items', async (route) => {
      await held;
      await route.continue();
    });
    const button = page.locator('form[data-add-to-cart] [type=submit]');
    await page.locator('#quantity').fill('3');
    await button.click();
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await page.locator('form[data-add-to-cart]').getAttribute('aria-busy')).toBe('true');
    release();

    const drawer = page.getByRole('dialog', { name: 'Your cart' });
    await drawer.waitFor();
    expect(await drawer.textContent()).toContain(`Added ${product.title} to your cart.`);
    expect(await drawer.locator('.cart-drawer-line a').first().textContent()).toBe(product.title);
    expect(await count.textContent()).toBe('3');
    expect(await page.locator('header [data-cart-link]').getAttribute('aria-label')).toBe('Cart, 3 items');
    expect(await button.isDisabled()).toBe(false);
    expect(await stayed(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.keyboard.press('Escape');
    expect(await drawer.isHidden()).toBe(true);
    await page.goto(`${base}/products`);
    await expect.poll(() => count.textContent()).toBe('3');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('falls back to the form post when the cart API fails, so the add still happens', async () => {
    const page = await browser.newPage();
    const product = await stockedProduct(page, 3, 10);
    await page.route('**/api/cart/items', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"down"}}' }));
    await page.locator('form[data-add-to-cart] [type=submit]').click();
    await page.waitForURL(/\/cart$/);
    expect(await page.locator('.cart-line a').first().textContent()).toBe(product.title);
    await page.close();
  });

  it('opens the drawer from the header cart link, and names the item when there is not enough stock, keeping the cart', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems = watchProblems(page);
    const product = await stockedProduct(page, 2, 2);
    await page.locator('#quantity').fill('1');
    await page.locator('form[data-add-to-cart] [type=submit]').click();
    const drawer = page.getByRole('dialog', { name: 'Your cart' });
    await drawer.waitFor();
    await page.keyboard.press('Escape');
    await markDocument(page);

    await page.locator('#quantity').fill('5');
    await page.locator('form[data-add-to-cart] [type=submit]').click();
    await drawer.waitFor();
    const notice = drawer.getByRole('alert');
    expect(await notice.textContent()).toBe(`${product.title}: only 2 available, so your cart was not changed.`);
    expect(await drawer.locator('.cart-drawer-line').count()).toBe(1);
    expect(await drawer.locator('.cart-drawer-line').textContent()).toContain('Qty 1');
    expect(await page.locator('header [data-cart-count]').textContent()).toBe('1');
    expect(await stayed(page)).toBe(true);
    await drawer.getByRole('button', { name: 'Close cart' }).click();
    expect(await drawer.isHidden()).toBe(true);

    await page.locator('header [data-cart-link]').click();
    await drawer.waitFor();
    expect(await drawer.getByRole('alert').count()).toBe(0);
    expect(await drawer.locator('.cart-drawer-line').textContent()).toContain(product.title);
    expect(await axeViolations(page)).toEqual([]);
    expect(await stayed(page)).toBe(true);
    // The refused add is a 409 by design; Chromium logs every 4xx fetch.
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
    await page.close();
  });
});

describe('the listing\'s "Filter and sort" disclosure', () => {
  const listing = `${base}/products?category=hoodies&inStock=1`;

  it('is collapsed on a phone, with the active-filter count, opens and closes by keyboard, with 0 axe violations', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems = watchProblems(page);
    await page.goto(listing);
    const details = page.locator('details[data-filters-disclosure]');
    const summary = details.locator('> summary');
    const sort = page.getByLabel('Sort by');
    expect(await details.getAttribute('open')).toBeNull();
    expect(await sort.isVisible()).toBe(false);
    expect(await summary.getByRole('heading').textContent()).toBe('Filter and sort');
    expect(await summary.locator('.filter-count').textContent()).toBe('2 filters active');
    // The products start in the first screenful, not below the filters.
    const firstCard = (await page.locator('.results a[href^="/products/"]').first().boundingBox())!;
    expect(firstCard.y).toBeLessThan(844);
    expect(await axeViolations(page)).toEqual([]);

    await summary.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => sort.isVisible()).toBe(true);
    expect(await details.getAttribute('open')).not.toBeNull();
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'listing-filters-open-390.png'), fullPage: true });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('sort');
    expect(await axeViolations(page)).toEqual([]);
    await summary.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => sort.isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is open on a wide screen, with or without JavaScript, and collapsed on a phone without it too', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(listing);
    // site.js opens it, so what the summary says (expanded) is what the CSS shows.
    await expect.poll(() => page.locator('details[data-filters-disclosure]').getAttribute('open')).not.toBeNull();
    expect(await page.getByLabel('Sort by').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // Collapsed at 390 px again (the script follows the width), open at 1280 px; neither overflows.
    expect(await screenshotWidths(page, 'listing-filters')).toEqual({ 390: 0, 1280: 0 });
    await page.close();

    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    const noJs = await context.newPage();
    await noJs.goto(listing);
    expect(await noJs.locator('details[data-filters-disclosure]').getAttribute('open')).toBeNull();
    expect(await noJs.getByLabel('Sort by').isVisible()).toBe(true);
    await noJs.setViewportSize({ width: 390, height: 844 });
    expect(await noJs.getByLabel('Sort by').isVisible()).toBe(false);
    await noJs.locator('details[data-filters-disclosure] > summary').click();
    expect(await noJs.getByLabel('Sort by').isVisible()).toBe(true);
    await noJs.getByLabel('Sort by').selectOption('price_asc');
    await noJs.getByRole('button', { name: 'Show results' }).click();
    await noJs.waitForURL(/sort=price_asc/);
    await context.close();
  });
});

describe('the cart page in place', () => {
  it('updates and removes lines without a reload: busy buttons, header count, inline stock refusals, keyboard, 0 axe violations', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const product = await stockedProduct(page, 4, 3);
    await page.locator('#quantity').fill('1');
    await page.locator('form[data-add-to-cart] [type=submit]').click();
    await page.getByRole('dialog', { name: 'Your cart' }).waitFor();
    await page.goto(`${base}/cart`);
    const count = page.locator('header [data-cart-count]');
    await expect.poll(() => count.textContent()).toBe('1');
    const subtotal = page.locator('#cart-subtotal');
    const before = await subtotal.textContent();
    await markDocument(page);

    // Update by keyboard: type the quantity and press Enter; the button is busy until the answer.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/cart/items/*', async (route) => {
      await held;
      await route.continue();
    });
    const quantity = page.getByLabel(`Quantity of ${product.title}`, { exact: false });
    await quantity.fill('2');
    await quantity.press('Enter');
    const update = page.locator('[data-cart-line-form="update"] [type=submit]');
    await expect.poll(() => update.isDisabled()).toBe(true);
    expect(await page.locator('[data-cart-line-form="update"]').getAttribute('aria-busy')).toBe('true');
    expect(await update.textContent()).toBe('Updating…');
    release();
    await expect.poll(() => count.textContent()).toBe('2');
    await expect.poll(() => subtotal.textContent()).not.toBe(before);
    expect(await page.getByRole('status').filter({ hasText: 'quantity 2' }).count()).toBe(1);
    expect(await page.locator('.cart-subtotal').textContent()).toContain('2 items');
    // Focus is given back to the redrawn quantity box.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('quantity');
    expect(await quantity.inputValue()).toBe('2');
    await page.unroute('**/api/cart/items/*');

    // More than is in stock: the line says so, naming the item, and the cart is kept.
    await quantity.fill('5');
    await page.locator('[data-cart-line-form="update"] [type=submit]').click();
    const refusal = page.locator('.cart-line').getByRole('alert');
    await expect.poll(() => refusal.textContent()).toBe(`${product.title}: only 3 available, so your cart was not changed.`);
    expect(await quantity.inputValue()).toBe('2');
    expect(await count.textContent()).toBe('2');
    expect(await axeViolations(page)).toEqual([]);
    expect(await screenshotWidths(page, 'cart-refusal-in-place')).toEqual({ 390: 0, 1280: 0 });

    // Remove by keyboard.
    await page.locator('[data-cart-line-form="remove"] [type=submit]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.cart-line').count()).toBe(0);
    expect(await page.locator('[data-cart-body]').textContent()).toContain('Your cart is empty.');
    await expect.poll(() => count.isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('cart-heading');
    expect(await stayed(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // The refused update is a 409 by design; Chromium logs every 4xx fetch.
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
    await context.close();
  });
});
