import { createExecutionContext, env } from 'cloudflare:test';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import worker from '../worker/index';
import { ADDRESS, checkedOut, shopperWith, skuPool, stockOf } from './checkout-helpers';
import { ORIGIN, expectError } from './helpers';
import type { Shopper } from './shopper';

let take: Awaited<ReturnType<typeof skuPool>>;
beforeAll(async () => {
  take = await skuPool(8);
});

/** What D1 answers when its database is overloaded (workerd prefixes every D1 failure `D1_ERROR`). */
const d1Overloaded = () => new Error('D1_ERROR: D1 DB is overloaded. Requests queued for too long.');

/** A statement that fails however it is run, as an overloaded D1 fails it. */
function failingStatement() {
  const fail = () => Promise.reject(d1Overloaded());
  const statement = { bind: () => statement, run: fail, all: fail, raw: fail, first: fail };
  return statement;
}

/**
 * The DB binding of a D1 that is overloaded for the statements `failing(sql)` picks: a test-only
 * configuration (the store's own code runs unchanged over it).
 */
function overloadedDb(failing: (sql: string) => boolean): D1Database {
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => (failing(sql) ? failingStatement() : target.prepare(sql));
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** POST /api/checkout through the store's own fetch handler with `db` as its D1. */
const checkoutOver = (db: D1Database, shopper: Shopper, email: string, key: string) =>
  worker.fetch(
    new Request(`${ORIGIN}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: shopper.cookie, origin: ORIGIN, 'idempotency-key': key },
      body: JSON.stringify({ email, shippingAddress: ADDRESS }),
    }) as Request<unknown, IncomingRequestCfProperties>,
    { ...env, DB: db },
    createExecutionContext(),
  );

const ordersOf = async (email: string) =>
  (await env.DB.prepare('select id, status, cancel_reason as reason from orders where email = ? order by created_at').bind(email).all<{ id: string; status: string; reason: string | null }>())
    .results;

/** What the store logs (the failed request, a compensation that gave up), kept off the test output. */
let logged: () => string[];
beforeEach(() => {
  const spies = (['log', 'warn', 'error'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => {}));
  logged = () => spies.flatMap((spy) => spy.mock.calls.map((call) => String(call[0])));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('D1 overloaded after the order row is written', () => {
  it('answers 503 + Retry-After, leaves no pending order and no hold, and a retry with the same key checks out', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 2]);
    const email = 'overload-after-write@example.com';
    // The payment's row cannot be written, and the overload still holds for the compensation's first
    // two tries at cancelling the order.
    let orderUpdates = 0;
    const db = overloadedDb((sql) => /^insert into "payments"/i.test(sql) || (/^update "orders"/i.test(sql) && ++orderUpdates <= 2));

    const res = await checkoutOver(db, shopper, email, 'overload-1');
    await expectError(res, 503, 'unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const left = await ordersOf(email);
    expect(left.map((o) => o.status)).toEqual(['cancelled']);
    expect(orderUpdates).toBeGreaterThan(2);
    expect(logged().filter((line) => line.includes('compensation failed'))).toEqual([]);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0, available: 5 });
    expect((await shopper.cart()).items.map((i) => [i.sku, i.quantity])).toEqual([[a.sku, 2]]);

    // The shopper retries with the same Idempotency-Key once D1 has room: a fresh order, held once.
    const answer = await checkedOut(shopper, email, { 'idempotency-key': 'overload-1' });
    expect(answer.orderId).not.toBe(left[0]!.id);
    expect((await ordersOf(email)).map((o) => o.status)).toEqual(['cancelled', 'pending']);
    expect((await stockOf(a.sku)).reserved).toBe(2);
    // And the same key again answers that same order.
    expect((await checkedOut(shopper, email, { 'idempotency-key': 'overload-1' })).orderId).toBe(answer.orderId);
  });

  it('when D1 stays overloaded through the compensation, the holds are still released and a retry resumes the one order', async () => {
    const a = await take(5);
    const shopper = await shopperWith([a.sku, 1]);
    const email = 'overload-stays@example.com';
    const db = overloadedDb((sql) => /^insert into "payments"/i.test(sql) || /^update "orders"/i.test(sql));

    const res = await checkoutOver(db, shopper, email, 'overload-2');
    await expectError(res, 503, 'unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stockOf(a.sku)).toMatchObject({ reserved: 0 });
    const [kept] = await ordersOf(email);
    // The order could not be cancelled (the reconciler's to converge, or the retry's to resume), and says so.
    expect(kept!.status).toBe('pending');
    expect(logged().filter((line) => line.includes('compensation failed')).map((line) => JSON.parse(line).step)).toEqual(['create order']);

    const answer = await checkedOut(shopper, email, { 'idempotency-key': 'overload-2' });
    expect(answer.orderId).toBe(kept!.id);
    expect((await ordersOf(email)).map((o) => o.status)).toEqual(['pending']);
    expect((await stockOf(a.sku)).reserved).toBe(1);
  });
});
