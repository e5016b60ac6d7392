import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, stockSku, watchProblems, type Browser, type Page } from './browser';
import { screenshotWidths } from './screenshot';

const base = inject('baseURL');
const emulatorURL = inject('emulatorURL');
const ORDER_PAGE = /\/orders\/ord_[A-Za-z0-9_-]{22}\?token=[A-Za-z0-9_-]+$/;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const CALIFORNIA = { name: 'Grace Hopper', line1: '2 Ocean Ave', city: 'Los Angeles', region: 'California', postalCode: '90001' };

/** A product with stock, in a fresh cart of this page's browser context. */
async function cartWithProduct(page: Page, index: number, quantity: number) {
  const list = (await (await fetch(`${base}/api/products?limit=40`)).json()) as { items: { title: string; variants: { sku: string }[] }[] };
  const product = list.items[index]!;
  const sku = product.variants[0]!.sku;
  const stocked = await stockSku(base, sku, 20);
  expect(stocked.status).toBe(200);
  expect((await page.request.post(`${base}/api/cart/items`, { data: { sku, quantity } })).status()).toBe(200);
  return product;
}

async function fill(page: Page, email: string) {
  await page.getByLabel('Email for your receipt').fill(email);
  await page.getByLabel('Full name').fill(CALIFORNIA.name);
  await page.getByLabel('Address', { exact: true }).fill(CALIFORNIA.line1);
  await page.getByLabel('City').fill(CALIFORNIA.city);
  await page.getByLabel('State, province or region').fill(CALIFORNIA.region);
  await page.getByLabel('ZIP or postal code').fill(CALIFORNIA.postalCode);
}

const totalText = (page: Page) => page.locator('#order-summary [data-total="total"]').textContent();

async function journey(javaScriptEnabled: boolean, index: number) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watchProblems(page, base);
  const product = await cartWithProduct(page, index, 2);
  const label = javaScriptEnabled ? 'js' : 'nojs';
  await page.goto(`${base}/checkout`);
  expect(await page.locator('#order-summary [data-total="shipping"]').textContent()).toContain('Calculated at checkout');

  // Address first: the options, their prices and the state's tax appear.
  const email = `e2e-checkout-${label}@example.com`;
  await fill(page, email);
  await page.getByRole('button', { name: 'Save address and see shipping' }).click();
  await page.waitForURL(/\/checkout#shipping-method$/);
  expect(await page.getByLabel('State, province or region').inputValue()).toBe('CA');
  await expect.poll(() => page.locator('input[name=shippingOption]').count()).toBeGreaterThanOrEqual(2);
  expect(await page.locator('#order-summary').textContent()).toContain('CA sales tax');

  // Express: with JS it takes effect on choosing it; without, through its button.
  const before = await totalText(page);
  await page.getByLabel(/Express/).check();
  if (!javaScriptEnabled) await page.getByRole('button', { name: 'Update shipping method' }).click();
  await expect.poll(() => page.locator('#order-summary [data-total="shipping"]').textContent(), { timeout: 10_000 }).toBe('$25.00');
  expect(await totalText(page)).not.toBe(before);

  // The demo code: Enter in the field applies it.
  await page.getByLabel('Discount code').fill('welcome10');
  await page.getByLabel('Discount code').press('Enter');
  await expect.poll(() => page.locator('#order-summary').textContent()).toContain('10% off your order');
  const total = (await totalText(page))!.trim();
  expect(await screenshotWidths(page, `checkout-filled-${label}`)).toEqual({ 390: 0, 1280: 0 });

  await page.getByRole('button', { name: `Pay ${total}` }).click();
  await page.waitForURL((url) => url.href.startsWith(`${emulatorURL}/c/pay/cs_`), { timeout: 15_000 });
  // The provider charges exactly the total the page showed.
  expect(await page.locator('body').textContent()).toContain(total);
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.waitForURL(ORDER_PAGE);
  expect(await page.locator('#order-total').textContent()).toBe(total);
  expect(await page.locator('#order-address').textContent()).toContain('Los Angeles, CA 90001');
  expect(await page.locator('main').textContent()).toContain(product.title);
  // The confirmation a shopper gets, in the local mailbox, with the total they paid.
  await expect
    .poll(async () => {
      const { items } = (await (await fetch(`${emulatorURL}/_mail?to=${encodeURIComponent(email)}`)).json()) as { items: { subject: string; text: string }[] };
      return items.filter((m) => /is confirmed/.test(m.subject) && m.text.includes(total)).length;
    }, { timeout: 20_000 })
    .toBe(1);
  expect(problems).toEqual([]);
  await context.close();
}

describe('the checkout page in Chromium', () => {
  it('with JavaScript: address, express shipping, tax, WELCOME10, then Pay the shown total', async () => {
    await journey(true, 5);
  });

  it('without JavaScript: the same journey through plain form posts', async () => {
    await journey(false, 6);
  });

  it('says what is wrong with an address, next to the field, and keeps what was typed', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await cartWithProduct(page, 7, 1);
    await page.goto(`${base}/checkout`);
    await fill(page, 'e2e-bad-address@example.com');
    await page.getByLabel('ZIP or postal code').fill('ABCDE');
    await page.getByRole('button', { name: 'Save address and see shipping' }).click();
    const zip = page.getByLabel('ZIP or postal code');
    await expect.poll(() => zip.getAttribute('aria-invalid')).toBe('true');
    expect(await zip.inputValue()).toBe('ABCDE');
    const describedBy = (await zip.getAttribute('aria-describedby'))!;
    expect(await page.locator(`#${describedBy}`).textContent()).toMatch(/ZIP/);
    expect(await page.getByLabel('City').inputValue()).toBe('Los Angeles');
    await context.close();
  });
});
