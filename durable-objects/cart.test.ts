import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CART_IDLE_MS, CHECKOUT_START_TIMEOUT_MS, IDLE_SLACK_MS } from './cart';
import { EVICTION } from '../test/eviction';

let n = 0;
/** A fresh cart object per test: ids never repeat within this file. */
const freshCart = () => env.CART.getByName(`cart_test-${++n}`);

describe('Cart (Durable Object)', () => {
  it('keeps lines in the order they were first added; a removed line re-added goes last', async () => {
    const cart = freshCart();
    await cart.add('A-1', 1);
    await cart.add('B-1', 2);
    await cart.add('A-1', 3);
    expect(await cart.lines()).toEqual([
      { sku: 'A-1', quantity: 4 },
      { sku: 'B-1', quantity: 2 },
    ]);
    await cart.remove('A-1');
    await cart.add('A-1', 1);
    expect((await cart.lines()).map((l) => l.sku)).toEqual(['B-1', 'A-1']);
  });

  it('answers refusals as values and writes nothing for them', async () => {
    const cart = freshCart();
    await cart.add('A-1', 90);
    expect(await cart.add('A-1', 10)).toEqual({ ok: false, code: 'quantity_limit', sku: 'A-1', inCart: 90, limit: 99 });
    expect(await cart.add('A-1', 5, { available: 94 })).toEqual({
      ok: false,
      code: 'out_of_stock',
      sku: 'A-1',
      inCart: 90,
      available: 94,
    });
    expect(await cart.setQuantity('B-1', 3)).toEqual({ ok: false, code: 'not_in_cart', sku: 'B-1' });
    expect(await cart.lines()).toEqual([{ sku: 'A-1', quantity: 90 }]);
  });

  it('sets quantities of existing lines only; 0 removes; shrinking ignores stock', async () => {
    const cart = freshCart();
    await cart.add('A-1', 5);
    expect(await cart.setQuantity('A-1', 2, { available: 0 })).toMatchObject({ ok: true, lines: [{ sku: 'A-1', quantity: 2 }] });
    expect(await cart.setQuantity('A-1', 3, { available: 2 })).toMatchObject({ ok: false, code: 'out_of_stock' });
    expect(await cart.setQuantity('A-1', 0)).toMatchObject({ ok: true, lines: [] });
  });

  it('throws on arguments the HTTP edge should never let through', async () => {
    const cart = freshCart();
    // Called on the instance: a rejected RPC promise is reported as unhandled by the test pool.
    await runInDurableObject(cart, async (instance) => {
      for (const quantity of [0, -1, 1.5, 100, Number.NaN]) {
        await expect(instance.add('A-1', quantity)).rejects.toThrow(/quantity/);
      }
      await expect(instance.add('', 1)).rejects.toThrow(/SKU/);
      await expect(instance.setQuantity('A-1', 100)).rejects.toThrow(/quantity/);
    });
    expect(await cart.lines()).toEqual([]);
  });

  it('clear() deletes the lines and the alarm, and the cart works again afterwards', async () => {
    const cart = freshCart();
    await cart.add('A-1', 1);
    await cart.clear();
    expect(await cart.lines()).toEqual([]);
    expect(await runInDurableObject(cart, (_o, state) => state.storage.getAlarm())).toBeNull();
    await cart.add('B-1', 2);
    expect(await cart.lines()).toEqual([{ sku: 'B-1', quantity: 2 }]);
  });

  it('keeps lines in memory that match its table, also after the object is re-created', async () => {
    const name = `cart_test-${++n}`;
    let cart = env.CART.getByName(name);
    await cart.add('A-1', 1);
    await cart.add('B-1', 2);
    await cart.add('C-1', 3);
    await cart.remove('A-1');
    await cart.add('A-1', 4);
    await cart.add('B-1', 1);
    await cart.setQuantity('C-1', 7);
    const expected = [
      { sku: 'B-1', quantity: 3 },
      { sku: 'C-1', quantity: 7 },
      { sku: 'A-1', quantity: 4 },
    ];
    expect(await cart.lines()).toEqual(expected);
    const table = () =>
      runInDurableObject(cart, (_o, state) =>
        state.storage.sql.exec<{ sku: string; quantity: number }>('select sku, quantity from lines order by rowid').toArray(),
      );
    expect(await table()).toEqual(expected);
    const before = await runInDurableObject(cart, (instance) => instance);
    await expect(runInDurableObject(cart, (_o, state) => state.abort(EVICTION))).rejects.toThrow();
    // A broken stub stays broken: a new one reaches the re-created object.
    cart = env.CART.getByName(name);
    expect(await runInDurableObject(cart, (instance) => instance)).not.toBe(before);
    expect(await cart.lines()).toEqual(expected);
    expect(await cart.add('A-1', 96)).toEqual({ ok: false, code: 'quantity_limit', sku: 'A-1', inCart: 4, limit: 99 });
    expect(await table()).toEqual(expected);
  });

  it('keeps the idle alarm 30 days ahead of every write, moving it only when it would fire sooner', async () => {
    const name = `cart_test-${++n}`;
    let cart = env.CART.getByName(name);
    const alarm = () => runInDurableObject(cart, (_o, state) => state.storage.getAlarm());
    const t0 = Date.now();
    await cart.add('A-1', 1);
    const first = await alarm();
    expect(first).toBeGreaterThanOrEqual(t0 + CART_IDLE_MS);
    expect(first).toBeLessThanOrEqual(Date.now() + CART_IDLE_MS + IDLE_SLACK_MS);
    // Within the slack a write leaves the alarm where it is (it is still ≥ 30 days ahead).
    await cart.add('B-1', 1);
    expect(await alarm()).toBe(first);
    // An alarm due sooner (as it is once the slack has passed) is moved by the next write, also when
    // the object was re-created in between and knows the alarm only from storage.
    await runInDurableObject(cart, (_o, state) => state.storage.setAlarm(Date.now() + 24 * 3600 * 1000));
    await expect(runInDurableObject(cart, (_o, state) => state.abort(EVICTION))).rejects.toThrow();
    cart = env.CART.getByName(name);
    const t1 = Date.now();
    await cart.remove('B-1');
    expect(await alarm()).toBeGreaterThanOrEqual(t1 + CART_IDLE_MS);
  });

  it('never stores a price: one table of SKU and quantity', async () => {
    const cart = freshCart();
    await cart.add('A-1', 1);
    const columns = await runInDurableObject(cart, (_o, state) =>
      state.storage.sql.exec<{ name: string }>("select name from pragma_table_info('lines')").toArray().map((c) => c.name),
    );
    expect(columns).toEqual(['sku', 'quantity']);
  });

  it('keeps one checkout: same details resume or wait, other details replace, an ended one frees the cart', async () => {
    const cart = freshCart();
    const later = Date.now() + 60_000;
    expect(await cart.beginCheckout('fp-1', 'ord_a', later)).toEqual({ kind: 'new', orderId: 'ord_a', replaced: null });
    expect(await cart.beginCheckout('fp-1', 'ord_b', later)).toEqual({ kind: 'in_progress' });
    expect(await cart.markCheckout('ord_a', 'open')).toBe(true);
    expect(await cart.beginCheckout('fp-1', 'ord_c', later)).toEqual({ kind: 'resume', orderId: 'ord_a' });
    expect(await cart.markCheckout('ord_a', 'open')).toBe(true);
    const replaced = await cart.beginCheckout('fp-2', 'ord_d', later);
    expect(replaced).toMatchObject({ kind: 'new', orderId: 'ord_d', replaced: { orderId: 'ord_a', fingerprint: 'fp-1' } });
    // The replaced checkout learns it lost when it tries to finish.
    expect(await cart.markCheckout('ord_a', 'open')).toBe(false);
    await cart.endCheckout('ord_a');
    expect(await cart.openCheckout()).toMatchObject({ orderId: 'ord_d' });
    await cart.endCheckout('ord_d');
    expect(await cart.openCheckout()).toBeNull();
  });

  it('a checkout past its holds counts as none; one stuck starting is taken over after the timeout', async () => {
    const cart = freshCart();
    await cart.beginCheckout('fp-1', 'ord_a', Date.now() - 1);
    expect(await cart.beginCheckout('fp-1', 'ord_b', Date.now() + 60_000)).toEqual({ kind: 'new', orderId: 'ord_b', replaced: null });
    expect(await cart.beginCheckout('fp-1', 'ord_c', Date.now() + 60_000)).toEqual({ kind: 'in_progress' });
    // The request that was starting it died: after the timeout another takes it over (same order).
    await runInDurableObject(cart, (instance) => {
      const slot = (instance as unknown as { checkout: { since: number } }).checkout;
      slot.since -= CHECKOUT_START_TIMEOUT_MS + 1;
    });
    expect(await cart.beginCheckout('fp-1', 'ord_c', Date.now() + 60_000)).toEqual({ kind: 'resume', orderId: 'ord_b' });
  });

  it('stores a checkout only once it is open or resumable: a refused start costs the cart no write', async () => {
    const name = `cart_test-${++n}`;
    let cart = env.CART.getByName(name);
    const stored = () => runInDurableObject(cart, (_o, state) => state.storage.sql.exec("select count(*) as n from meta where key = 'checkout'").one().n);
    await cart.beginCheckout('fp-1', 'ord_a', Date.now() + 60_000);
    expect(await stored()).toBe(0);
    await cart.endCheckout('ord_a');
    await cart.beginCheckout('fp-1', 'ord_b', Date.now() + 60_000);
    expect(await cart.confirmCheckout('ord_b', { shippingAddress: null, shippingOption: 'us-express', email: 'a@example.com' })).toBe(true);
    expect(await stored()).toBe(1);
    expect((await cart.contents()).details).toMatchObject({ shippingOption: 'us-express', email: 'a@example.com' });
    // An open checkout survives a restart; a newer one replacing it removes it from storage.
    await expect(runInDurableObject(cart, (_o, state) => state.abort(EVICTION))).rejects.toThrow();
    cart = env.CART.getByName(name);
    expect(await cart.openCheckout()).toMatchObject({ orderId: 'ord_b', state: 'open' });
    await cart.beginCheckout('fp-2', 'ord_c', Date.now() + 60_000);
    expect(await stored()).toBe(0);
  });
});
