import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { skuPool } from './checkout-helpers';
import { admin, get } from './helpers';
import { Shopper } from './shopper';

/** The waiting room page and the product page of a drop SKU (docs/drops.md). */

let take: Awaited<ReturnType<typeof skuPool>>;
let slugOf: Map<string, string>;
beforeAll(async () => {
  take = await skuPool(10);
  const rows = await env.DB.prepare('select v.sku, p.slug from variants v join products p on p.id = v.product_id').all<{ sku: string; slug: string }>();
  slugOf = new Map(rows.results.map((r) => [r.sku, r.slug]));
});

async function drop(id: string, startedMsAgo: number | null, admitPerMinute = 60_000) {
  const { sku } = await take(0);
  const body = { skus: [sku], startsAt: new Date(Date.now() + 3_600_000).toISOString(), admitPerMinute, perCustomerLimit: 1, turnstile: false };
  expect((await admin('PUT', `/drops/${id}`, body)).status).toBe(200);
  // After the drop is saved: a drop SKU's stock is split over its shards (docs/drops.md).
  expect((await admin('PUT', `/stock/${sku}`, { onHand: 20 })).status).toBe(200);
  if (startedMsAgo !== null) await env.DB.prepare('update drops set starts_at = ? where id = ?').bind(Date.now() - startedMsAgo, id).run();
  return { id, sku, startsAt: body.startsAt };
}

describe('GET /drops/:id', () => {
  it('joins without JS: form post, then the place with a noscript refresh, then admitted with the cookie', async () => {
    const { id } = await drop('room-a', 90_000);
    const shopper = new Shopper();
    const page = await (await shopper.fetch('GET', `/drops/${id}`)).text();
    expect(page).toContain(`action="/drops/${id}"`);
    expect(page).not.toContain('http-equiv="refresh"');

    const joined = await shopper.form(`/drops/${id}`, {});
    expect(joined.status).toBe(303);
    const location = joined.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/drops/${id}\\?ticket=tkt_\\d_`));
    const room = await shopper.fetch('GET', location);
    expect(room.status).toBe(200);
    expect(room.headers.get('cache-control')).toBe('no-store');
    expect(room.headers.getSetCookie().some((c) => c.startsWith(`drop_${id}=`))).toBe(true);
    const html = await room.text();
    expect(html).toContain('You’re in');
    expect(html).toContain(`href="/products/`);
  });

  it('a visitor still waiting sees place and estimate, refreshed every 5 s without JS', async () => {
    const { id } = await drop('room-b', null, 1);
    const shopper = new Shopper();
    const location = (await shopper.form(`/drops/${id}`, {})).headers.get('location')!;
    const html = await (await shopper.fetch('GET', location)).text();
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="5"/></noscript>');
    expect(html).toContain('Nobody is ahead of you.');
    expect(html).toMatch(/Estimated wait: about [\d.]+ hours/);
    expect(html).toContain('data-poll-seconds="5"');
    // Another browser with that ticket sees no place and gets no admission.
    const other = await get(location);
    expect(await other.text()).toContain('belongs to another browser');
  });

  it('unknown drops are an HTML 404; forms from elsewhere are refused', async () => {
    const res = await get('/drops/no-such-drop');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const { id } = await drop('room-c', null);
    const crossSite = await new Shopper().fetch('POST', `/drops/${id}`, '', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(400);
  });
});

describe('product page of a drop SKU', () => {
  it('carries the start instant for the client-side countdown and links to the queue', async () => {
    // The other drops of this file may hold other variants of the same product.
    for (const other of ['room-a', 'room-b', 'room-c']) await admin('DELETE', `/drops/${other}`);
    const { id, sku, startsAt } = await drop('banner', null);
    const html = await (await get(`/products/${slugOf.get(sku)}`)).text();
    expect(html).toContain(`data-countdown="${new Date(startsAt).toISOString()}"`);
    expect(html).toContain(`href="/drops/${id}"`);
    expect(html).toContain('/js/drop-room.js');
  });
});

describe('a busy waiting room page', () => {
  it('answers a rate-limited form post with an HTML 429 and Retry-After, not the API’s JSON', async () => {
    const { id } = await drop('room-busy', null);
    // One client address (the join limiter counts 30 a minute per IP); every post is a new browser.
    const ip = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
    let limited: Response | undefined;
    for (let i = 0; i < 40 && !limited; i += 1) {
      const res = await new Shopper().form(`/drops/${id}`, {}, { 'cf-connecting-ip': ip });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(303);
    }
    expect(limited, 'the join limiter never refused').toBeDefined();
    expect(limited!.headers.get('content-type')).toMatch(/text\/html/);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.headers.get('cache-control')).toBe('no-store');
    const html = await limited!.text();
    expect(html).toContain('Too many requests from here. Please try again in 60 seconds.');
    expect(html).toContain(`action="/drops/${id}"`);
    // A page view is limited per visitor (60 a minute) and answers HTML too.
    const shopper = new Shopper();
    await shopper.form(`/drops/${id}`, {});
    let view: Response | undefined;
    for (let i = 0; i < 70 && !view; i += 1) {
      const res = await shopper.fetch('GET', `/drops/${id}`);
      if (res.status === 429) view = res;
    }
    expect(view?.headers.get('content-type')).toMatch(/text\/html/);
    expect(view?.headers.get('retry-after')).toBe('60');
  });

  it('a cross-site form is an HTML 400 page', async () => {
    const { id } = await drop('room-cross', null);
    const res = await new Shopper().fetch('POST', `/drops/${id}`, '', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('please use the button on this page');
  });
});
