import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, watchProblems, type Browser, type Page } from './browser';
import { fillAddress, US_ADDRESS } from './journey';

const base = inject('baseURL');
const emulatorURL = inject('emulatorURL');
const stripeKey = inject('stripeSecretKey');
const ORDER_PAGE = /\/orders\/ord_[A-Za-z0-9_-]{22}\?token=[A-Za-z0-9_-]+$/;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function setStock(sku: string, onHand: number) {
  const res = await fetch(`${base}/admin/api/stock/${encodeURIComponent(sku)}`, {
    method: 'PUT',
    headers: { authorization: 'Bearer e2e-admin-token', 'content-type': 'application/json' },
    body: JSON.stringify({ onHand }),
  });
  expect(res.status).toBe(200);
}

async function available(sku: string): Promise<number> {
  const res = await fetch(`${base}/api/stock?skus=${encodeURIComponent(sku)}`);
  const body = (await res.json()) as { items: { sku: string; available: number }[] };
  return body.items.find((i) => i.sku === sku)!.available;
}

/** From the cart page: Check out, the email and a US address on the checkout page, Pay, and the emulator's hosted page. */
async function checkOut(page: Page, email: string, problems: string[]) {
  await page.getByRole('link', { name: 'Check out', exact: true }).click();
  await page.waitForURL(/\/checkout$/);
  await fillAddress(page, email, US_ADDRESS);
  await page.locator('.pay-button').click();
  await onPaymentPage(page, problems);
}

async function onPaymentPage(page: Page, problems: string[]) {
  await page.waitForURL((url) => url.href.startsWith(`${emulatorURL}/c/pay/cs_`), { timeout: 15_000 }).catch((err: Error) => {
    // A blocked redirect (CSP form-action) only shows in the console: say so rather than time out.
    throw new Error(`The payment page never loaded: ${problems.join(' | ') || err.message}`);
  });
}

describe('checkout in Chromium, paid through the Stripe emulator', () => {
  it('home → product → cart → checkout (email, address) → Pay → an order page that follows the order to Shipped', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page, base);
    await page.goto(`${base}/`);
    // The last featured product: the other e2e file stocks and buys from the first.
    await page.locator('main a[href^="/products/"]').last().click();
    await page.waitForURL(/\/products\/[a-z0-9-]+$/);
    const title = (await page.locator('h1').textContent())!.trim();
    const form = page.locator('form[action="/cart/items"]');
    const sku = await form.evaluate((f: HTMLFormElement) => String(new FormData(f).get('sku')));
    await setStock(sku, 10);
    await page.reload();
    await expect.poll(() => page.locator('.stock').textContent()).toMatch(/^In stock: 10 left$/);
    await page.locator('#quantity').fill('2');
    await form.getByRole('button', { name: 'Add to cart' }).click();
    // Added in place: the cart drawer opens on the page, and leads to the cart.
    await page.getByRole('dialog', { name: 'Your cart' }).getByRole('link', { name: 'View cart' }).click();
    await page.waitForURL(/\/cart$/);

    await checkOut(page, 'e2e-shopper@example.com', problems);
    expect(await page.locator('main').textContent()).toContain(title);
    expect(await available(sku)).toBe(8); // held from the moment of checkout
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.waitForURL(ORDER_PAGE);
    const status = page.locator('#order-status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('main').textContent()).toContain(title);

    // The page follows the order in place: webhook → paid → warehouse → shipped, with no reload.
    await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
    await expect.poll(() => page.locator('#order-status-text').textContent(), { timeout: 30_000, interval: 250 }).toBe('Shipped');
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
    expect(await status.getAttribute('data-status')).toBe('shipped');
    await expect.poll(() => status.locator('dt').allTextContents()).toEqual(['Carrier', 'Tracking number']);
    expect((await status.locator('dd code').textContent())!.trim()).not.toBe('');
    expect(await page.locator('#order-refresh').isHidden()).toBe(true);

    expect(await available(sku)).toBe(8);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Decline shows the decline message; the order stays awaiting payment and the cart is kept', async () => {
    const page = await browser.newPage();
    const problems = watchProblems(page, base);
    const list = (await (await fetch(`${base}/api/products?limit=40`)).json()) as {
      items: { title: string; variants: { sku: string }[] }[];
    };
    const product = list.items[Math.floor(list.items.length / 2)]!;
    const sku = product.variants[0]!.sku;
    await setStock(sku, 5);
    // The browser's own cookie jar gets the cart, as the product page's form would.
    expect((await page.request.post(`${base}/api/cart/items`, { data: { sku, quantity: 1 } })).status()).toBe(200);
    await page.goto(`${base}/cart`);
    await checkOut(page, 'e2e-decline@example.com', problems);

    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Your card was declined.');
    // The session stays open for another try, so its buttons are still there.
    expect(await page.getByRole('button', { name: 'Pay', exact: true }).isVisible()).toBe(true);

    const sessionId = /\/c\/pay\/(cs_[A-Za-z0-9_]+)/.exec(page.url())![1]!;
    const session = (await (
      await fetch(`${emulatorURL}/v1/checkout/sessions/${sessionId}`, { headers: { authorization: `Bearer ${stripeKey}` } })
    ).json()) as { success_url: string };
    expect(session.success_url).toMatch(ORDER_PAGE);
    const orderUrl = new URL(session.success_url);
    const api = await fetch(`${base}/api/orders${orderUrl.pathname.slice('/orders'.length)}${orderUrl.search}`);
    expect(((await api.json()) as { status: string }).status).toBe('pending');

    await page.goto(session.success_url);
    expect((await page.locator('#order-status-text').textContent())!.trim()).toBe('Awaiting payment');
    expect(await page.getByRole('link', { name: 'Refresh' }).isVisible()).toBe(true);
    expect(await available(sku)).toBe(4); // still held for the open session

    await page.goto(`${base}/cart`);
    expect(await page.locator('.cart-line a').first().textContent()).toBe(product.title);
    expect(problems).toEqual([]);
    await page.close();
  });
});
