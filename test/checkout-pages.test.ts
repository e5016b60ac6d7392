import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import {
  EMULATOR,
  checkedOut,
  deliverAll,
  emulator,
  eventually,
  outbox,
  sessionOf,
  shopperWith,
  skuPool,
  stockOf,
  waitForStatus,
  wrongToken,
} from './checkout-helpers';
import { ORIGIN, admin, countRows, get } from './helpers';
import { Shopper } from './shopper';

let take: Awaited<ReturnType<typeof skuPool>>;

beforeAll(async () => {
  take = await skuPool();
});

const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const attemptOf = (html: string) => /name="attempt" value="([^"]+)"/.exec(html)?.[1];
const ordersFor = async (email: string) =>
  (await env.DB.prepare('select id, status from orders where email = ?').bind(email).all<{ id: string; status: string }>()).results;

/** The address fields as the checkout page's form posts them (Oregon: no sales tax). */
const FORM_ADDRESS = { name: 'Ada Lovelace', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' };

/** Posts the checkout page's form as a browser would, with the attempt id the page rendered. */
async function postCheckout(shopper: Shopper, email: string, headers: Record<string, string> = {}, fields: Record<string, string> = FORM_ADDRESS) {
  const page = await (await shopper.fetch('GET', '/checkout')).text();
  const attempt = attemptOf(page);
  return shopper.form('/checkout', { email, ...fields, ...(attempt ? { attempt } : {}) }, headers);
}

/** The store with some of its configuration swapped, for what the shared test env cannot show. */
async function storeWith(overrides: Partial<Env>, shopper: Shopper, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${ORIGIN}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { ...(shopper.cookie ? { cookie: shopper.cookie } : {}), ...(init.headers as Record<string, string>) },
    }) as Request<unknown, IncomingRequestCfProperties>,
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe('the cart page', () => {
  it('links to the checkout page once the cart has items, with shipping and tax still to be calculated', async () => {
    const empty = await (await new Shopper().fetch('GET', '/cart')).text();
    expect(empty).not.toContain('href="/checkout"');
    const a = await take(5);
    const html = await (await (await shopperWith([a.sku, 1])).fetch('GET', '/cart')).text();
    expect(html).toMatch(/<a class="button" href="\/checkout">\s*Check out\s*<\/a>/);
    expect(html).toMatch(/<dd class="price" data-total="shipping"><span class="muted">Calculated at checkout<\/span><\/dd>/);
  });

  it('keeps the cart and the checkout page out of search indexes, in the header and in the HTML', async () => {
    const shopper = await shopperWith([(await take(5)).sku, 1]);
    for (const path of ['/cart', '/checkout']) {
      const res = await shopper.fetch('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-robots-tag'), path).toBe('noindex');
      expect(await res.text(), path).toContain('<meta name="robots" content="noindex"/>');
    }
    expect(await (await get('/products')).text()).not.toContain('name="robots"');
  });
});

describe('POST /checkout', () => {
  it('creates the order, holds the stock and answers 303 to the hosted payment page', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 2]);
    const res = await postCheckout(shopper, ' form@example.com ');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^${EMULATOR}/c/pay/cs_test_`));
    expect(res.headers.get('cache-control')).toBe('no-store');
    const [order] = await ordersFor('form@example.com');
    expect(order).toMatchObject({ status: 'pending' });
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 2, available: 3 });
    // The hosted page sells exactly what the cart holds.
    const hosted = await fetch(res.headers.get('location')!);
    expect(hosted.status).toBe(200);
    expect(await hosted.text()).toContain(money(a.price * 2));
  });

  it('a second post of the same form (a double click) is the same order, not a second hold', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const attempt = attemptOf(await (await shopper.fetch('GET', '/checkout')).text())!;
    const [first, second] = await Promise.all([
      shopper.form('/checkout', { email: 'twice@example.com', ...FORM_ADDRESS, attempt }),
      shopper.form('/checkout', { email: 'twice@example.com', ...FORM_ADDRESS, attempt }),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(await ordersFor('twice@example.com')).toHaveLength(1);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 1 });

    // A fresh rendering of the page for the same cart and details resumes the cart's one checkout.
    const again = await postCheckout(shopper, 'twice@example.com');
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await ordersFor('twice@example.com')).toHaveLength(1);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 1 });
  });

  it('refuses a form posted from another site with 400 and creates nothing', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const before = await countRows('orders');
    const res = await shopper.form('/checkout', { email: 'csrf@example.com' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(400);
    expect(await countRows('orders')).toBe(before);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });
  });

  it('a bad email comes back as a 400 checkout page with the notice and what was typed, creating nothing', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const before = await countRows('orders');
    const res = await postCheckout(shopper, 'not-an-email<b>');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/<p class="notice" role="alert" id="checkout-notice">Enter an email address/);
    expect(html).toMatch(/<input id="checkout-email" name="email" aria-invalid="true" aria-describedby="checkout-email-error"[^>]*value="not-an-email&lt;b&gt;"/);
    expect(html).toContain('<p class="field-error" id="checkout-email-error">Enter an email address like name@example.com</p>');
    expect(html).toContain(escaped(a.title));
    expect(await countRows('orders')).toBe(before);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });
  });

  it('out of stock comes back as a 409 checkout page naming the item, with the cart as it was', async () => {
    const a = await take(1);
    const b = await take(5);
    const shopper = await shopperWith([b.sku, 1], [a.sku, 1]);
    await checkedOut(await shopperWith([a.sku, 1])); // another shopper takes the last one first
    const res = await postCheckout(shopper, 'late@example.com');
    expect(res.status).toBe(409);
    const html = await res.text();
    const notice = /<p class="notice" role="alert" id="checkout-notice">([^<]*)<\/p>/.exec(html)?.[1];
    const items = (await shopper.cart()).items;
    const name = (sku: string) => {
      const item = items.find((i) => i.sku === sku)!;
      return escaped(item.variantTitle === 'Default' ? item.title : `${item.title}, ${item.variantTitle}`);
    };
    expect(notice).toBe(`Not enough stock to check out: ${name(a.sku)} (sold out). Change the quantity and try again.`);
    expect(notice).not.toContain(`${name(b.sku)} (`);
    expect(await stockOf(b.sku)).toMatchObject({ reserved: 0 });
    expect((await shopper.cart()).items).toHaveLength(2);
  });

  it('an empty cart is sent back to the cart page', async () => {
    const res = await new Shopper().form('/checkout', { email: 'nobody@example.com', ...FORM_ADDRESS });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/cart');
    expect((await new Shopper().fetch('GET', '/checkout')).headers.get('location')).toBe('/cart');
  });

  it('payments down: 503 with Retry-After, the cart kept, and the retry resumes the same order', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const attempt = attemptOf(await (await shopper.fetch('GET', '/checkout')).text())!;
    const body = new URLSearchParams({ email: 'down@example.com', ...FORM_ADDRESS, attempt }).toString();
    const init = { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN } };
    // Nothing listens on port 9: the provider's call fails as an outage would.
    const down = await storeWith({ STRIPE_API_BASE: 'http://127.0.0.1:9' }, shopper, '/checkout', init);
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await down.text();
    expect(html).toContain('Payments are briefly unavailable, your cart is kept');
    expect(html).toContain(escaped(a.title));
    expect(attemptOf(html)).toBe(attempt);
    expect((await shopper.cart()).items).toHaveLength(1);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });

    const retry = await shopper.form('/checkout', { email: 'down@example.com', ...FORM_ADDRESS, attempt });
    expect(retry.status).toBe(303);
    expect(await ordersFor('down@example.com')).toEqual([expect.objectContaining({ status: 'pending' })]);
  });

  it('paused by operators (flag `checkout`): 503 checkout page with Retry-After, creating nothing', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    expect((await admin('PUT', '/flags/checkout', { key: 'checkout', enabled: false })).status).toBe(200);
    try {
      const res = await postCheckout(shopper, 'paused@example.com');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('60');
      expect(await res.text()).toContain('Checkout is paused for a moment, your cart is kept.');
      expect(await ordersFor('paused@example.com')).toEqual([]);
    } finally {
      await admin('PUT', '/flags/checkout', { key: 'checkout', enabled: true });
    }
    expect((await postCheckout(shopper, 'paused@example.com')).status).toBe(303);
  });

  it('rate limited: 429 checkout page with Retry-After, creating nothing', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const limiter = { limit: () => Promise.resolve({ success: false }) } as unknown as RateLimit;
    const res = await storeWith({ CHECKOUT_LIMITER: limiter }, shopper, '/checkout', {
      method: 'POST',
      body: 'email=busy%40example.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.text()).toContain('Too many checkouts from here');
    expect(await ordersFor('busy@example.com')).toEqual([]);
  });
});

describe('GET /orders/:id?token=', () => {
  it('shows status in words, lines, total and the watcher script; private, never cached', async () => {
    const a = await take(5);
    const b = await take(5);
    const answer = await checkedOut(await shopperWith([a.sku, 2], [b.sku, 1]), 'page@example.com');
    const path = `/orders/${answer.orderId}?token=${answer.orderToken}`;
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    const html = await res.text();
    expect(html).toContain(answer.orderId);
    // It thanks the shopper by name and gives the number they can quote.
    const { number } = await (await get(`/api${path}`)).json<{ number: number }>();
    expect(html).toContain('<h1 id="order-heading">Thank you, Ada!</h1>');
    expect(html).toContain(`Order <strong id="order-number">${number}</strong>`);
    expect(html).toMatch(/<div id="order-status"[^>]*role="status"[^>]*aria-live="polite"[^>]*data-status="pending"/);
    expect(html).toContain('Awaiting payment');
    expect(html).toContain(`data-status-src="/api/orders/${answer.orderId}?token=${answer.orderToken}"`);
    expect(html).toContain('<script type="module" src="/js/order.js"');
    expect(html).toContain(`<a href="${path}">Refresh</a>`);
    const cells = (...texts: (string | number)[]) => texts.map((t) => `<td class="num">${t}</td>`).join('');
    const rows = [...html.matchAll(/<tr><td><a href="\/products\/[^"]+">([^<]+)<\/a>[\s\S]*?<\/td>(.*?)<\/tr>/g)];
    expect(rows.map((r) => [r[1], r[2]])).toEqual([
      [escaped(a.title), cells(2, money(a.price), money(a.price * 2))],
      [escaped(b.title), cells(1, money(b.price), money(b.price))],
    ]);
    const order = await (await get(`/api${path}`)).json<{ total: { amount: number }; shipping: { amount: number } }>();
    expect(order.total.amount).toBe(a.price * 2 + b.price + order.shipping.amount);
    expect(html).toContain(`<strong id="order-total">${money(order.total.amount)}</strong>`);
    expect(html).toMatch(/<address class="order-address" id="order-address">Ada Lovelace\n1 Main Street\nPortland, OR 97201\nUnited States<\/address>/);
  });

  it('follows the order to Shipped, with carrier and tracking number, and stops offering Refresh', async () => {
    const a = await take(5);
    const answer = await checkedOut(await shopperWith([a.sku, 1]));
    const page = async () => (await get(`/orders/${answer.orderId}?token=${answer.orderToken}`)).text();
    const sessionId = await sessionOf(answer.orderId);
    await emulator('POST', `/_emulator/sessions/${sessionId}/pay`);
    await deliverAll({ session: sessionId, type: 'checkout.session.completed' });
    await waitForStatus(answer, 'fulfilling');
    expect(await page()).toContain('Preparing your shipment');

    await eventually(async () => expect(await outbox({ order: answer.orderId })).toHaveLength(1));
    await deliverAll({ order: answer.orderId });
    const html = await page();
    expect(html).toMatch(/data-status="shipped"/);
    expect(html).toContain('<p class="order-status-title" id="order-status-text">Shipped</p>');
    expect(html).toMatch(/<dt>Carrier<\/dt><dd>[^<]+<\/dd><dt>Tracking number<\/dt><dd><code>[^<]+<\/code>/);
    expect(html).not.toContain('data-status-src');
    expect(html).not.toContain('>Refresh</a>');
  });

  it('answers the site’s 404 page for a wrong, missing or malformed token or id', async () => {
    const a = await take(5);
    const answer = await checkedOut(await shopperWith([a.sku, 1]));
    for (const path of [
      `/orders/${answer.orderId}?token=${wrongToken(answer.orderToken)}`,
      `/orders/${answer.orderId}`,
      `/orders/${answer.orderId}?token=`,
      `/orders/not-an-order?token=${answer.orderToken}`,
      `/orders/ord_${'A'.repeat(22)}?token=${answer.orderToken}`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      const html = await res.text();
      expect(html, path).toContain('Page not found');
      expect(html, path).not.toContain('Awaiting payment');
    }
  });
});

describe('GET /checkout/:id?token= (Embedded Checkout)', () => {
  it('with the emulator (hosted mode) it sends the shopper to the hosted page', async () => {
    const a = await take(5);
    const answer = await checkedOut(await shopperWith([a.sku, 1]));
    const res = await get(`/checkout/${answer.orderId}?token=${answer.orderToken}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(answer.checkoutUrl);
    expect((await get(`/checkout/${answer.orderId}?token=nope`)).status).toBe(404);
  });

  // Embedded mode needs api.stripe.com (no STRIPE_API_BASE), which no test reaches: the order is made
  // through the emulator and its payment given a client secret, then the page is rendered in embedded mode.
  it('in embedded mode renders the mount point, the script and the keys it needs', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const answer = await checkedOut(shopper);
    await env.DB.prepare('update payments set client_secret = ? where order_id = ?')
      .bind('cs_test_embedded_secret_123', answer.orderId)
      .run();
    const path = `/checkout/${answer.orderId}?token=${answer.orderToken}`;
    const res = await storeWith({ STRIPE_API_BASE: '', STRIPE_PUBLISHABLE_KEY: 'pk_test_embedded' }, shopper, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' https:\/\/js\.stripe\.com/);
    const html = await res.text();
    expect(html).toMatch(/<div id="checkout"[^>]*data-publishable-key="pk_test_embedded"[^>]*data-client-secret="cs_test_embedded_secret_123"/);
    expect(html).toContain('<script type="module" src="/js/checkout.js"');
    expect(html).not.toMatch(/<script(?![^>]*src=)(?![^>]*application\/ld\+json)[^>]*>/);

    // Once it is no longer awaiting payment, the page is the order page.
    await env.DB.prepare("update orders set status = 'paid' where id = ?").bind(answer.orderId).run();
    const paid = await storeWith({ STRIPE_API_BASE: '', STRIPE_PUBLISHABLE_KEY: 'pk_test_embedded' }, shopper, path);
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`/orders/${answer.orderId}?token=${answer.orderToken}`);
  });
});
