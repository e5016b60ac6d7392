import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkedOut, checkoutAs, emulator, shopperWith, skuPool, stockOf, stripeApi } from './checkout-helpers';
import { countRows, expectError, get, useOwnWorker } from './helpers';

// Drives module state on purpose (provider failures trip the circuit breaker; enabled experiments).
useOwnWorker();

let take: Awaited<ReturnType<typeof skuPool>>;

beforeAll(async () => {
  take = await skuPool();
});

/** Faults match only requests carrying this test's email, so files running beside it are untouched. */
const fault = (email: string, rule: { status?: number; delayMs?: number; count?: number; path?: string }) =>
  emulator('POST', '/_emulator/faults', { path: '/v1/checkout/sessions', ...rule, requestIncludes: email });

const sessionsFor = async (orderId: string) =>
  (await stripeApi<{ data: { client_reference_id: string }[] }>('/v1/checkout/sessions?limit=100')).data.filter(
    (s) => s.client_reference_id === orderId,
  );

describe('payment provider failures: 503, holds released, cart kept, one session on retry', () => {
  it.each<[string, { status?: number; delayMs?: number }]>([
    ['a 500', { status: 500 }],
    ['a 429', { status: 429 }],
    ['a timeout', { delayMs: 3_000 }],
  ])('%s from the provider', async (label, rule) => {
    const email = `fault-${label.replace(/\W/g, '')}@example.com`;
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 2]);
    const headers = { 'idempotency-key': `retry-${label.replace(/\W/g, '')}` };
    await fault(email, rule);

    const failed = await checkoutAs(shopper, email, headers);
    await expectError(failed, 503, 'unavailable');
    expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0, available: 5 });
    expect((await shopper.cart()).items.map((i) => [i.sku, i.quantity])).toEqual([[a.sku, 2]]);

    if (rule.delayMs) await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
    const answer = await checkedOut(shopper, email, headers);
    expect((await stockOf(a.sku)).reserved).toBe(2);
    expect(await sessionsFor(answer.orderId)).toHaveLength(1);
    expect(answer.checkoutUrl).toContain('/c/pay/cs_test_');
  });

  it('without an Idempotency-Key a retry of the same cart resumes the same order: one session, holds taken once', async () => {
    const email = 'fault-nokey@example.com';
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    await fault(email, { status: 500 });
    await expectError(await checkoutAs(shopper, email), 503, 'unavailable');
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });
    const kept = await env.DB.prepare('select id, status from orders where email = ?').bind(email).all<{ id: string; status: string }>();
    expect(kept.results.map((o) => o.status)).toEqual(['pending']);
    const answer = await checkedOut(shopper, email);
    expect(answer.orderId).toBe(kept.results[0]!.id);
    expect((await stockOf(a.sku)).reserved).toBe(1);
    expect(await sessionsFor(answer.orderId)).toHaveLength(1);
  });

  it('catalog and cart keep working while the provider is down', async () => {
    const email = 'fault-outage@example.com';
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    await fault(email, { status: 503, count: 1 });
    await expectError(await checkoutAs(shopper, email), 503, 'unavailable');
    expect((await get('/api/products?limit=2')).status).toBe(200);
    expect((await shopper.add((await take(5)).sku, 1)).status).toBe(200);
    expect(await countRows('orders')).toBeGreaterThan(0);
  });
});
