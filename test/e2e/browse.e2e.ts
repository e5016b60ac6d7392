import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watchProblems, type Browser } from './browser';

const base = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
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
