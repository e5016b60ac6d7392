import { env } from 'cloudflare:test';
import { serializeSigned } from 'hono/utils/cookie';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_SHARDS, type QueueStatus } from '../worker/drops/queue';
import { DROP_STOCK_SHARDS, auditShards } from '../worker/inventory/sharded-stock';
import { ADDRESS, checkedOut, checkoutAs, deliverAll, emulator, eventually, sessionOf, skuPool, waitForStatus } from './checkout-helpers';
import { admin, countRows, expectError } from './helpers';
import { type DropOptions, admittedShopper, join, poll, startedDrop } from './drop-helpers';
import { Shopper } from './shopper';

/**
 * Admission to a drop and what it guards (docs/drops.md): the signed `drop_<id>` cookie bound to the
 * visitor, cart adds and checkouts of drop SKUs without one (403 `not_admitted`, nothing written), the
 * per-customer limit (409 `limit_exceeded`, exact under concurrency, given back when payment fails),
 * admission that never runs ahead of stock, and Turnstile at the drop's checkout.
 */

let take: Awaited<ReturnType<typeof skuPool>>;
beforeAll(async () => {
  take = await skuPool(30);
});

/** A started drop (test/drop-helpers.ts) over a fresh SKU of this file's pool. */
const freshDrop = async (id: string, options?: DropOptions) => startedDrop(id, (await take(0)).sku, options);

const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

const cookieValue = (shopper: Shopper, name: string) =>
  decodeURIComponent(shopper.cookie.split(/;\s*/).find((p) => p.startsWith(`${name}=`))!.slice(name.length + 1));
const visitorOf = (shopper: Shopper) => cookieValue(shopper, 'visitor').split('.')[0]!;
const ticketOf = (shopper: Shopper, dropId: string) => cookieValue(shopper, `drop_${dropId}`).split('~')[2]!;

/** The shopper's cookies with `drop_<id>` replaced by `value` signed with `secret` (a crafted token). */
async function withToken(shopper: Shopper, dropId: string, value: string, secret = env.DROP_ADMISSION_SECRET) {
  const signed = (await serializeSigned(`drop_${dropId}`, value, secret)).split(';')[0]!;
  const others = shopper.cookie.split(/;\s*/).filter((p) => !p.startsWith(`drop_${dropId}=`));
  return new Shopper([...others, signed].join('; '));
}

const ordersOf = async (email: string) =>
  (await env.DB.prepare('select count(*) as n from orders where email = ?').bind(email).first<{ n: number }>())!.n;

describe('admission token', () => {
  it('a drop SKU without admission is 403 not_admitted at cart add and checkout, nothing written', async () => {
    const drop = await freshDrop('guard-a');
    const stranger = new Shopper();
    await expectError(await stranger.add(drop.sku, 1), 403, 'not_admitted');
    expect(stranger.cookie).not.toMatch(/cart=/);

    // A cart holding the SKU from before it joined a drop still cannot check it out.
    const early = await freshDrop('guard-b');
    await env.DB.prepare('delete from drop_skus where drop_id = ?').bind(early.id).run();
    await stranger.added(early.sku, 1);
    await env.DB.prepare('insert into drop_skus (drop_id, sku, position) values (?, ?, 0)').bind(early.id, early.sku).run();
    const ordersBefore = await countRows('orders');
    const refused = await expectError(await checkoutAs(stranger, 'stranger@example.com'), 403, 'not_admitted');
    expect(refused.error).toMatchObject({ dropId: early.id });
    expect(await countRows('orders')).toBe(ordersBefore);
    expect((await env.INVENTORY.getByName(early.sku).snapshot()).reserved).toBe(0);
  });

  it('an admitted visitor adds and checks out; the token is its drop’s and its visitor’s only', async () => {
    const drop = await freshDrop('token-a');
    const other = await freshDrop('token-b');
    const shopper = await admittedShopper(drop.id);
    await shopper.added(drop.sku, 1);
    const answer = await checkedOut(shopper, 'admitted@example.com');
    expect(answer.orderId).toMatch(/^ord_/);

    // Another drop's valid token under this drop's name, or this token in another browser: refused.
    const admittedElsewhere = await admittedShopper(other.id);
    const swapped = await withToken(admittedElsewhere, drop.id, cookieValue(admittedElsewhere, `drop_${other.id}`).split('.')[0]!);
    await expectError(await swapped.add(drop.sku, 1), 403, 'not_admitted');
    const replayed = new Shopper(`${(await admittedShopper(other.id)).cookie.match(/visitor=[^;]+/)![0]}; drop_${drop.id}=${encodeURIComponent(cookieValue(shopper, `drop_${drop.id}`))}`);
    await expectError(await replayed.add(drop.sku, 1), 403, 'not_admitted');
  });

  it('forged and expired tokens are refused', async () => {
    const drop = await freshDrop('forged');
    const shopper = await admittedShopper(drop.id);
    const visitor = visitorOf(shopper);
    const ticket = ticketOf(shopper, drop.id);
    const future = Date.now() + 600_000;

    const wrongKey = await withToken(shopper, drop.id, `${drop.id}~${visitor}~${ticket}~${future}`, 'not-the-admission-secret-0123456789abcdef');
    await expectError(await wrongKey.add(drop.sku, 1), 403, 'not_admitted');
    // Signed with the cart cookie's secret: a leak of that one admits nobody.
    const cartKey = await withToken(shopper, drop.id, `${drop.id}~${visitor}~${ticket}~${future}`, env.CART_COOKIE_SECRET);
    await expectError(await cartKey.add(drop.sku, 1), 403, 'not_admitted');
    const tampered = new Shopper(shopper.cookie.replace(/(drop_forged=[^;]*?)(~\d+)(\.|%2E)/i, `$1~${future + 1}$3`));
    expect(tampered.cookie).not.toBe(shopper.cookie);
    await expectError(await tampered.add(drop.sku, 1), 403, 'not_admitted');
    const expired = await withToken(shopper, drop.id, `${drop.id}~${visitor}~${ticket}~${Date.now() - 1}`);
    await expectError(await expired.add(drop.sku, 1), 403, 'not_admitted');
    const garbage = await withToken(shopper, drop.id, 'admitted');
    await expectError(await garbage.add(drop.sku, 1), 403, 'not_admitted');
    // The same crafted shape with a live expiry passes: the refusals above are the ones tested.
    await (await withToken(shopper, drop.id, `${drop.id}~${visitor}~${ticket}~${future}`)).added(drop.sku, 1);
  });

  it('the no-JS cart form answers a notice instead of adding', async () => {
    const drop = await freshDrop('form');
    const shopper = new Shopper();
    const res = await shopper.form('/cart/items', { sku: drop.sku, quantity: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/cart?notice=not_admitted&drop=${drop.id}`);
    const page = await (await shopper.fetch('GET', res.headers.get('location')!)).text();
    expect(page).toContain(`its waiting room (/drops/${drop.id}) lets you in`);
  });
});

describe('per-customer limit', () => {
  it('a cart above the limit is 409 limit_exceeded', async () => {
    const drop = await freshDrop('cart-limit', { perCustomerLimit: 2 });
    const shopper = await admittedShopper(drop.id);
    const refused = await expectError(await shopper.add(drop.sku, 3), 409, 'limit_exceeded');
    expect(refused.error).toMatchObject({ dropId: drop.id, limit: 2 });
    await shopper.added(drop.sku, 2);
    await expectError(await shopper.add(drop.sku, 1), 409, 'limit_exceeded');
  });

  it('counts across carts by email and by visitor, and gives units back when the payment expires', async () => {
    const drop = await freshDrop('across', { perCustomerLimit: 1 });
    const first = await admittedShopper(drop.id);
    await first.added(drop.sku, 1);
    const answer = await checkedOut(first, 'Limit@Example.com');

    // Same email (other case), other browser: refused.
    const second = await admittedShopper(drop.id);
    await second.added(drop.sku, 1);
    await expectError(await checkoutAs(second, 'limit@example.com'), 409, 'limit_exceeded');
    // Same browser (visitor), a new cart and another email: refused.
    const sameVisitor = new Shopper(first.cookie.replace(/cart=[^;]+;?\s*/, ''));
    await sameVisitor.added(drop.sku, 1);
    await expectError(await checkoutAs(sameVisitor, 'another@example.com'), 409, 'limit_exceeded');
    expect(await ordersOf('another@example.com')).toBe(0);

    // The first order's payment expires: its unit counts no more.
    const sessionId = await sessionOf(answer.orderId);
    await emulator('POST', `/_emulator/sessions/${sessionId}/expire`);
    await deliverAll({ session: sessionId, type: 'checkout.session.expired' });
    await waitForStatus(answer, 'cancelled');
    await eventually(async () => expect((await checkoutAs(second, 'limit@example.com')).status).toBe(201));
  });

  it('100 concurrent claims by one customer grant exactly the limit', async () => {
    const drop = await freshDrop('burst', { perCustomerLimit: 3 });
    const gate = env.DROP_GATE.getByName(drop.id);
    const keys = ['email:burst@example.com', 'visitor:vis_burstburstburstburstbu'];
    const tries = await Promise.all(Array.from({ length: 100 }, (_, i) => gate.claim(`ord_burst_${i}`, keys, 'vis_burstburstburstburstbu', 1, 3)));
    expect(tries.filter((t) => t.ok)).toHaveLength(3);
    expect(await gate.claimed(keys)).toBe(3);
    // A retry of a granted order is granted again and counts once.
    const granted = tries.findIndex((t) => t.ok);
    expect(await gate.claim(`ord_burst_${granted}`, keys, 'vis_burstburstburstburstbu', 1, 3)).toEqual({ ok: true });
    expect(await gate.claimed(keys)).toBe(3);
  });

  it('100 concurrent checkouts by one customer through HTTP take exactly the limit', { timeout: 60_000 }, async () => {
    const drop = await freshDrop('burst-http', { perCustomerLimit: 2, onHand: 200 });
    const shopper = await admittedShopper(drop.id);
    // One browser, a hundred carts: each its own cart cookie beside the same visitor and admission.
    const carts = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const cart = new Shopper(shopper.cookie);
        await cart.added(drop.sku, 1);
        return cart;
      }),
    );
    const answers = await Promise.all(carts.map((cart) => checkoutAs(cart, 'burst@example.com')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(98);
    expect(await ordersOf('burst@example.com')).toBe(2);
    expect((await auditShards(env.INVENTORY, drop.sku, DROP_STOCK_SHARDS)).reserved).toBe(2);
  });
});

describe('admission follows stock', () => {
  it('never lets in more than the units left; sold out is said', async () => {
    const drop = await freshDrop('scarce', { onHand: 3, perCustomerLimit: 1 });
    const shoppers = Array.from({ length: 12 }, () => new Shopper());
    const tickets = await Promise.all(shoppers.map((s) => join(s, drop.id)));
    const polled = await Promise.all(shoppers.map((s, i) => poll(s, drop.id, tickets[i]!.ticket)));
    const admitted = polled.filter((p) => p.status.admitted);
    expect(admitted).toHaveLength(3);
    expect(polled.filter((p) => !p.status.admitted).every((p) => !p.status.soldOut && p.status.etaSeconds > 0)).toBe(true);

    // One admitted shopper buys a unit: its admission is spent and its unit held, so nobody new gets in.
    const buyer = shoppers[polled.findIndex((p) => p.status.admitted)]!;
    await buyer.added(drop.sku, 1);
    await checkedOut(buyer, 'scarce@example.com');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await Promise.all(shoppers.map((s, i) => poll(s, drop.id, tickets[i]!.ticket)));
    expect(again.filter((p) => p.status.admitted)).toHaveLength(3);

    // The counter runs dry: the queue says sold out and lets nobody else in.
    expect((await admin('PUT', `/stock/${drop.sku}`, { onHand: 1 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const late = new Shopper();
    const status = await join(late, drop.id);
    expect(status).toMatchObject({ admitted: false, soldOut: true, etaSeconds: 0 });
    expect(late.cookie).not.toMatch(/drop_scarce=/);
  });
});

describe('Turnstile at a drop checkout', () => {
  const turnstileDrop = async (id: string) => {
    const drop = await freshDrop(id, { turnstile: true });
    const shopper = await admittedShopper(drop.id, { turnstileToken: DUMMY_TOKEN });
    await shopper.added(drop.sku, 1);
    return shopper;
  };

  it('missing is 403 bot_check_failed and no order; the test token passes', async () => {
    const shopper = await turnstileDrop('bot-a');
    const refused = await expectError(await checkoutAs(shopper, 'bot-a@example.com'), 403, 'bot_check_failed');
    expect(refused.error).toMatchObject({ reason: 'missing_token' });
    expect(await ordersOf('bot-a@example.com')).toBe(0);
    const res = await checkoutAs(shopper, 'bot-a@example.com', {}, { turnstileToken: DUMMY_TOKEN });
    expect(res.status, await res.clone().text()).toBe(201);
  });

  it('a siteverify whose connection is lost is asked again: the first answer is the order; lost every time, a clean 503 and no order', async () => {
    const lostOnce = '2001:db8::b07:1';
    await emulator('POST', '/_emulator/faults', { path: '/turnstile/v0/siteverify', loseConnection: 'before', count: 1, requestIncludes: lostOnce });
    const res = await checkoutAs(await turnstileDrop('bot-lost'), 'bot-lost@example.com', { 'cf-connecting-ip': lostOnce }, { turnstileToken: DUMMY_TOKEN });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await ordersOf('bot-lost@example.com')).toBe(1);

    const lostAlways = '2001:db8::b07:2';
    await emulator('POST', '/_emulator/faults', { path: '/turnstile/v0/siteverify', loseConnection: 'before', count: 3, requestIncludes: lostAlways });
    const refused = await checkoutAs(await turnstileDrop('bot-lost-2'), 'bot-lost-2@example.com', { 'cf-connecting-ip': lostAlways }, { turnstileToken: DUMMY_TOKEN });
    const body = await expectError(refused, 503, 'unavailable');
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(body)).not.toMatch(/connection|network/i);
    expect(await ordersOf('bot-lost-2@example.com')).toBe(0);
    const { faults } = await emulator<{ faults: { requestIncludes?: string }[] }>('GET', '/_emulator/faults');
    expect(faults.filter((f) => f.requestIncludes === lostOnce || f.requestIncludes === lostAlways)).toEqual([]);
  });

  it('failing and reused tokens are refused (the dev widget: a token verifies once)', async () => {
    const shopper = await turnstileDrop('bot-b');
    // Turnstile's secret is read per request, so this file's own worker can run with the dev widget's.
    const { default: worker } = await import('../worker/index');
    const { createExecutionContext } = await import('cloudflare:test');
    const withSecret = (secret: string) => (body: unknown) =>
      worker.fetch(
        new Request('http://store.test/api/checkout', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: shopper.cookie },
          body: JSON.stringify(body),
        }) as Request<unknown, IncomingRequestCfProperties>,
        { ...env, TURNSTILE_SECRET_KEY: secret },
        createExecutionContext(),
      );
    const failing = withSecret('2x0000000000000000000000000000000AA');
    const body = { email: 'bot-b@example.com', shippingAddress: ADDRESS, turnstileToken: DUMMY_TOKEN };
    expect((await expectError(await failing(body), 403, 'bot_check_failed')).error).toMatchObject({ reason: 'rejected' });

    const devWidget = withSecret('0x4AAAAAAAEdgefrontDevSecretKey00000');
    const issued = await fetch(`${env.TURNSTILE_API_BASE}/turnstile/v0/emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sitekey: '0x4AAAAAAAEdgefrontDevKey', hostname: 'store.test', action: 'drop-checkout' }),
    });
    const { token } = (await issued.json()) as { token: string };
    const wrongAction = await fetch(`${env.TURNSTILE_API_BASE}/turnstile/v0/emulator/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sitekey: '0x4AAAAAAAEdgefrontDevKey', hostname: 'store.test', action: 'drop-queue' }),
    });
    const queueToken = ((await wrongAction.json()) as { token: string }).token;
    expect((await expectError(await devWidget({ ...body, turnstileToken: queueToken }), 403, 'bot_check_failed')).error).toMatchObject({ reason: 'rejected' });
    const first = await devWidget({ ...body, turnstileToken: token });
    expect(first.status, await first.clone().text()).toBe(201);
    // The same token on a second browser's checkout: spent.
    const other = await turnstileDrop('bot-c');
    const reused = await worker.fetch(
      new Request('http://store.test/api/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: other.cookie },
        body: JSON.stringify({ ...body, email: 'bot-c@example.com', turnstileToken: token }),
      }) as Request<unknown, IncomingRequestCfProperties>,
      { ...env, TURNSTILE_SECRET_KEY: '0x4AAAAAAAEdgefrontDevSecretKey00000' },
      createExecutionContext(),
    );
    expect((await expectError(reused, 403, 'bot_check_failed')).error).toMatchObject({ reason: 'spent' });
    expect(await ordersOf('bot-c@example.com')).toBe(0);
  });
});

describe('join limits', () => {
  it('one visitor joining again and again holds one place; past 60 a minute it is 429 with Retry-After', async () => {
    const drop = await freshDrop('flood');
    const shopper = new Shopper();
    const { ticket } = await join(shopper, drop.id);
    const answers = await Promise.all(Array.from({ length: 100 }, () => shopper.fetch('POST', `/api/drops/${drop.id}/queue`, {})));
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    expect(ok.length + limited.length).toBe(100);
    expect(ok.length).toBe(60);
    for (const res of ok) expect(((await res.json()) as QueueStatus).ticket).toBe(ticket);
    expect(limited[0]!.headers.get('retry-after')).toBe('60');
    await expectError(limited[0]!, 429, 'rate_limited');

    // (The first join, before the visitor had a cookie, was counted by IP only.)
    // A thousand joins of that visitor reaching its shard (past any limiter) are still one place.
    const visitor = visitorOf(shopper);
    const shardOwner = (await Promise.all(Array.from({ length: QUEUE_SHARDS }, (_, s) => env.DROP_QUEUE.getByName(`${drop.id}:${s}`).find(ticket)))).findIndex(Boolean);
    const shard = env.DROP_QUEUE.getByName(`${drop.id}:${shardOwner}`);
    const again = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => shard.join(visitor, { ticket: `tkt_${shardOwner}_${String(i).padStart(22, 'x')}`, phase: 1, key: i, joinedAt: Date.now() })),
    );
    expect(new Set(again.map((a) => a.entry.ticket))).toEqual(new Set([ticket]));
    expect(await shard.countBefore(2, 0, '')).toBe(1);
  });

  it('joins from one IP are limited to 30 a minute, whoever the browser', async () => {
    const drop = await freshDrop('crowd');
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => new Shopper().fetch('POST', `/api/drops/${drop.id}/queue`, {}, { 'cf-connecting-ip': '203.0.113.77' })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(30);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(10);
    expect(limited[0]!.headers.get('retry-after')).toBe('60');
    // Another address is not held back by that one.
    expect((await new Shopper().fetch('POST', `/api/drops/${drop.id}/queue`, {}, { 'cf-connecting-ip': '203.0.113.78' })).status).toBe(200);
  });
});
