import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './axe';
import { launchBrowser, watchProblems, type Browser, type Page } from './browser';
import { E2E_SECRETS } from './global-setup';

const base = inject('baseURL');
let browser: Browser;

interface ApiVariant {
  sku: string;
  options: Record<string, string>;
  price: { amount: number };
}
interface ApiProduct {
  slug: string;
  variants: ApiVariant[];
}

/** A seeded product with at least two colours and, in the first colour, at least two sizes. */
let product: ApiProduct;
const colours = () => [...new Set(product.variants.map((v) => v.options.color!))];
const sizesIn = (colour: string) => product.variants.filter((v) => v.options.color === colour).map((v) => v.options.size!);
const dollars = (v: ApiVariant) => `$${(v.price.amount / 100).toFixed(2)}`;

beforeAll(async () => {
  browser = await launchBrowser();
  const { items } = (await (await fetch(`${base}/api/products?limit=100`)).json()) as { items: ApiProduct[] };
  product = items.find((p) => {
    const cs = new Set(p.variants.map((v) => v.options.color));
    const first = p.variants[0]?.options.color;
    return cs.size >= 2 && !cs.has(undefined) && p.variants.filter((v) => v.options.color === first && v.options.size).length >= 2;
  })!;
  expect(product).toBeDefined();
  // Stock every SKU, then sell out the first colour's second size.
  for (const v of product.variants) {
    const sold = v === product.variants.filter((x) => x.options.color === colours()[0])[1];
    const res = await fetch(`${base}/admin/api/stock/${encodeURIComponent(v.sku)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${E2E_SECRETS.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ onHand: sold ? 0 : 30 }),
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await browser?.close();
});

describe('the variant picker in Chromium', () => {
  it('is driven from the keyboard: price, stock, gallery and URL follow; sold out is disabled with the reason; no axe violations', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${base}/products/${product.slug}`);
    const [first, second] = colours() as [string, string];
    const soldOutSize = sizesIn(first)[1]!;

    // Live stock marks the sold-out size of the chosen colour.
    const soldOut = page.locator(`input[name=size][value="${soldOutSize}"]`);
    await expect.poll(() => soldOut.isDisabled()).toBe(true);
    const why = await soldOut.getAttribute('aria-describedby');
    await expect.poll(() => page.locator(`#${why}`).textContent()).toContain('sold out');

    // Arrow keys move within the colour group, as radios do.
    await page.locator(`input[name=colour][value="${first}"]`).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('input[name=colour]:checked').getAttribute('value')).toBe(second);
    await expect.poll(() => new URL(page.url()).searchParams.get('colour')).toBe(second);
    const sku = await page.locator('form.add-to-cart input[name=sku]').inputValue();
    const chosen = product.variants.find((v) => v.sku === sku)!;
    expect(chosen.options.color).toBe(second);
    expect(new URL(page.url()).searchParams.get('size')).toBe(chosen.options.size);
    expect(await page.locator('#product-price').textContent()).toContain(dollars(chosen));
    const slug = second.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    expect(await page.locator('#product-image').getAttribute('src')).toContain(`/${slug}/`);
    await expect.poll(() => page.locator('.stock').textContent()).toMatch(/In stock|left/);

    // Tab reaches the size group next, then the quantity and the add button (the no-JS button is hidden).
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('size');
    expect(await page.locator('.picker-submit').isVisible()).toBe(false);

    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works without JavaScript: the GET form reloads the page server-rendered for the choice', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/products/${product.slug}`);
    const second = colours()[1]!;
    // The radio lies over its label (transparent): a click on the chip lands on it.
    await page.locator(`input[name=colour][value="${second}"]`).click();
    await page.locator('.picker-submit').click();
    await page.waitForURL((url) => url.searchParams.get('colour') === second);
    expect(await page.locator('input[name=colour]:checked').getAttribute('value')).toBe(second);
    const sku = await page.locator('form.add-to-cart input[name=sku]').inputValue();
    expect(product.variants.find((v) => v.sku === sku)?.options.color).toBe(second);
    expect(await page.locator('form.add-to-cart').getAttribute('method')).toBe('post');
    await context.close();
  });
});
