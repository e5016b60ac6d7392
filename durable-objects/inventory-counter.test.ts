import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { InventoryCounter } from './inventory-counter';
import { EVICTION } from '../test/eviction';

const TTL = 60_000;
const counter = (sku: string) => env.INVENTORY.getByName(sku);

/** A counter of its own for each test, so no test sees another's stock. */
async function stocked(onHand: number) {
  const sku = `sku-${crypto.randomUUID()}`;
  await counter(sku).setOnHand(onHand);
  return { sku, stub: counter(sku) };
}

const entries = async (stub: DurableObjectStub<InventoryCounter>, reason: string) =>
  (await stub.ledger(1_000)).filter((e) => e.reason === reason);

const storedAlarm = (stub: DurableObjectStub<InventoryCounter>) =>
  runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());

/** The running total the counter keeps, next to the sum of the holds it must always equal. */
const heldTotals = (stub: DurableObjectStub<InventoryCounter>) =>
  runInDurableObject(stub, (_instance, state) =>
    state.storage.sql
      .exec<{ total: number; sum: number }>('select reserved as total, (select coalesce(sum(qty), 0) from reservations) as sum from state')
      .one(),
  );

/**
 * What a call throws, taken inside the object. Over RPC, vitest-pool-workers 0.15 reports every
 * rejected call as an unhandled rejection too, even once the test has handled it
 * (cloudflare/workers-sdk#14736), which fails the run.
 */
const thrown = (stub: DurableObjectStub<InventoryCounter>, call: (counter: InventoryCounter) => Promise<unknown>) =>
  runInDurableObject(stub, (instance: InventoryCounter) => call(instance).then(() => undefined, (error: unknown) => error));

/**
 * The shape of the checkout saga's inventory step, kept tiny on purpose: reserve every line in
 * order and give back what was taken as soon as one line cannot be held.
 */
async function reserveAll(orderId: string, lines: { sku: string; qty: number }[]) {
  const taken: string[] = [];
  for (const line of lines) {
    const hold = await counter(line.sku).reserve(orderId, line.qty, TTL);
    if (!hold.ok) {
      await Promise.all(taken.map((sku) => counter(sku).release(orderId)));
      return { ok: false as const, sku: line.sku, available: hold.available };
    }
    taken.push(line.sku);
  }
  return { ok: true as const };
}

describe('InventoryCounter', () => {
  it('never oversells: 1,000 concurrent reserves of 100 units hold exactly 100', async () => {
    const { sku, stub } = await stocked(100);
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => counter(sku).reserve(`ord_${i}`, 1, TTL)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(results.filter((r) => !r.ok && r.code === 'out_of_stock' && r.available === 0)).toHaveLength(900);
    expect(await stub.available()).toBe(0);
    expect(await entries(stub, 'reserve')).toHaveLength(100);
    const snap = await stub.snapshot();
    expect(snap).toMatchObject({ onHand: 100, reserved: 100, available: 0, ledger: 101 });
    expect(snap.reservations).toHaveLength(100);
    expect(await heldTotals(stub)).toEqual({ total: 100, sum: 100 });
  });

  it('holds once for the same reservation id sent five times at once', async () => {
    const { stub } = await stocked(10);
    const results = await Promise.all(Array.from({ length: 5 }, () => stub.reserve('ord_same', 3, TTL)));
    const first = results[0]!;
    expect(first.ok).toBe(true);
    for (const r of results) expect(r).toEqual(first);
    expect(await stub.available()).toBe(7);
    expect((await stub.snapshot()).reservations).toEqual([{ id: 'ord_same', qty: 3, expiresAt: (first as { expiresAt: number }).expiresAt }]);
    expect(await entries(stub, 'reserve')).toHaveLength(1);
    // A retry later neither extends the hold nor takes more.
    expect(await stub.reserve('ord_same', 3, 2 * TTL)).toEqual(first);
    expect(await stub.available()).toBe(7);
  });

  it('answers out_of_stock with what is left, and a retried id must ask for the same quantity', async () => {
    const { stub } = await stocked(5);
    expect(await stub.reserve('ord_a', 4, TTL)).toMatchObject({ ok: true });
    expect(await stub.reserve('ord_b', 2, TTL)).toEqual({ ok: false, code: 'out_of_stock', available: 1 });
    expect(await stub.reserve('ord_c', 1, TTL)).toMatchObject({ ok: true });
    expect(await thrown(stub, (c) => c.reserve('ord_a', 5, TTL))).toBeInstanceOf(TypeError);
    expect(await stub.available()).toBe(0);
  });

  it('expires a hold through the alarm exactly once, and re-arms for the next hold', async () => {
    const { stub } = await stocked(10);
    const soon = await stub.reserve('ord_soon', 4, TTL);
    const later = await stub.reserve('ord_later', 2, 2 * TTL);
    if (!soon.ok || !later.ok) throw new Error('setup failed');
    expect(await storedAlarm(stub)).toBe(soon.expiresAt);

    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("update reservations set expires_at = ? where id = 'ord_soon'", Date.now() - 1);
    });
    // Expired but not yet swept: it stops counting at once, and can no longer be committed.
    expect(await stub.available()).toBe(8);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, (instance: InventoryCounter) => instance.alarm());
    expect(await storedAlarm(stub)).toBe(later.expiresAt);

    const snap = await stub.snapshot();
    expect(snap).toMatchObject({ onHand: 10, reserved: 2, available: 8 });
    expect(snap.reservations.map((r) => r.id)).toEqual(['ord_later']);
    const expired = await entries(stub, 'expire');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ reservationId: 'ord_soon', delta: 4, onHandAfter: 10 });
    expect(await stub.commit('ord_soon')).toEqual({ ok: false, code: 'not_found' });
    expect(await heldTotals(stub)).toEqual({ total: 2, sum: 2 });

    await stub.release('ord_later');
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it('fires the alarm on its own when the earliest hold expires', async () => {
    const { stub } = await stocked(3);
    await stub.reserve('ord_short', 2, 1_000);
    expect(await stub.available()).toBe(1);
    await vi.waitFor(async () => expect(await entries(stub, 'expire')).toHaveLength(1), { timeout: 10_000, interval: 200 });
    expect(await stub.snapshot()).toMatchObject({ onHand: 3, reserved: 0, available: 3, reservations: [] });
    expect(await storedAlarm(stub)).toBeNull();
  });

  it('commits once: onHand drops once, a repeat answers the same, release after commit is a no-op', async () => {
    const { stub } = await stocked(5);
    const hold = await stub.reserve('ord_paid', 2, TTL);
    expect(await stub.commit('ord_paid')).toEqual({ ok: true, committed: 2 });
    expect(await stub.commit('ord_paid')).toEqual({ ok: true, committed: 2 });
    expect(await stub.release('ord_paid')).toEqual({ ok: true, released: 0 });
    // A late retry of the reserve step for a paid order must not hold again.
    expect(await stub.reserve('ord_paid', 2, TTL)).toEqual(hold);
    expect(await stub.snapshot()).toMatchObject({ onHand: 3, reserved: 0, available: 3, reservations: [] });
    expect(await entries(stub, 'commit')).toHaveLength(1);
    expect(await stub.commit('ord_unknown')).toEqual({ ok: false, code: 'not_found' });
    expect(await storedAlarm(stub)).toBeNull();
  });

  it('releases idempotently', async () => {
    const { stub } = await stocked(5);
    await stub.reserve('ord_gone', 3, TTL);
    expect(await stub.release('ord_gone')).toEqual({ ok: true, released: 3 });
    expect(await stub.release('ord_gone')).toEqual({ ok: true, released: 0 });
    expect(await stub.release('ord_never')).toEqual({ ok: true, released: 0 });
    expect(await stub.available()).toBe(5);
    expect(await entries(stub, 'release')).toHaveLength(1);
    // A released id may hold again: that is how a late payment re-reserves.
    expect(await stub.reserve('ord_gone', 3, TTL)).toMatchObject({ ok: true });
    expect(await stub.available()).toBe(2);
  });

  it('keeps its state when the object is re-created after an exception', async () => {
    const { sku, stub } = await stocked(7);
    const hold = await stub.reserve('ord_keep', 3, TTL);
    if (!hold.ok) throw new Error('setup failed');
    expect(await thrown(stub, (c) => c.reserve('', 1, TTL))).toBeInstanceOf(TypeError);
    const before = await runInDurableObject(stub, (instance) => instance);
    await expect(runInDurableObject(stub, (_instance, state) => state.abort(EVICTION))).rejects.toThrow();

    const fresh = counter(sku);
    expect(await runInDurableObject(fresh, (instance) => instance)).not.toBe(before);
    expect(await fresh.snapshot()).toEqual({
      onHand: 7,
      reserved: 3,
      available: 4,
      committed: 0,
      reservations: [{ id: 'ord_keep', qty: 3, expiresAt: hold.expiresAt }],
      ledger: 2,
    });
    expect(await fresh.reserve('ord_keep', 3, TTL)).toEqual(hold);
    // The new instance knows the stored alarm, so an earlier hold still moves it.
    const sooner = await fresh.reserve('ord_sooner', 1, 1_000);
    expect(await storedAlarm(fresh)).toBe((sooner as { expiresAt: number }).expiresAt);
  });

  it('leaves no orphaned holds when a multi-SKU order fails on its last SKU', async () => {
    const [a, b, c] = await Promise.all([stocked(5), stocked(5), stocked(1)]);
    const order = `ord_${crypto.randomUUID()}`;
    const result = await reserveAll(order, [
      { sku: a!.sku, qty: 2 },
      { sku: b!.sku, qty: 3 },
      { sku: c!.sku, qty: 2 },
    ]);
    expect(result).toEqual({ ok: false, sku: c!.sku, available: 1 });
    for (const { stub } of [a!, b!]) {
      expect(await stub.available()).toBe(5);
      expect((await stub.snapshot()).reservations).toEqual([]);
      expect((await stub.ledger()).map((e) => e.reason)).toEqual(['release', 'reserve', 'set_on_hand']);
    }
    expect(await c!.stub.available()).toBe(1);
  });

  it('accepts a shelf count below the held units: holds stand, available reports 0, new reserves fail', async () => {
    const { stub } = await stocked(10);
    await stub.reserve('ord_held', 6, TTL);
    expect(await stub.setOnHand(4)).toEqual({ ok: true, onHand: 4, available: 0 });
    expect(await stub.available()).toBe(0);
    expect(await stub.reserve('ord_new', 1, TTL)).toEqual({ ok: false, code: 'out_of_stock', available: 0 });
    expect(await stub.release('ord_held')).toEqual({ ok: true, released: 6 });
    expect(await stub.available()).toBe(4);
    expect(await stub.reserve('ord_new', 1, TTL)).toMatchObject({ ok: true });

    expect(await stub.setOnHand(0)).toEqual({ ok: true, onHand: 0, available: 0 });
    expect(await stub.setOnHand(1_000_000_000)).toEqual({ ok: true, onHand: 1_000_000_000, available: 999_999_999 });
  });

  it('honours a hold committed after the shelf count dropped below it, leaving a visible oversell', async () => {
    const { stub } = await stocked(5);
    await stub.reserve('ord_paying', 5, TTL);
    await stub.setOnHand(2);
    expect(await stub.commit('ord_paying')).toEqual({ ok: true, committed: 5 });
    expect(await stub.snapshot()).toMatchObject({ onHand: -3, reserved: 0, available: 0 });
    expect((await stub.ledger(1))[0]).toMatchObject({ reason: 'commit', onHandAfter: -3 });
    expect(await stub.reserve('ord_next', 1, TTL)).toEqual({ ok: false, code: 'out_of_stock', available: 0 });
    expect(await stub.setOnHand(4)).toEqual({ ok: true, onHand: 4, available: 4 });
  });

  it('throws TypeError for arguments only a bug would send', async () => {
    const { stub } = await stocked(10);
    const bad: [string, (c: InventoryCounter) => Promise<unknown>][] = [
      ['setOnHand -1', (c) => c.setOnHand(-1)],
      ['setOnHand 1.5', (c) => c.setOnHand(1.5)],
      ['setOnHand too many', (c) => c.setOnHand(1_000_000_001)],
      ['setOnHand NaN', (c) => c.setOnHand(Number.NaN)],
      ['setOnHand string', (c) => c.setOnHand('5' as unknown as number)],
      ['reserve empty id', (c) => c.reserve('', 1, TTL)],
      ['reserve long id', (c) => c.reserve('x'.repeat(129), 1, TTL)],
      ['reserve non-string id', (c) => c.reserve(42 as unknown as string, 1, TTL)],
      ['reserve qty 0', (c) => c.reserve('ord_x', 0, TTL)],
      ['reserve qty 1001', (c) => c.reserve('ord_x', 1_001, TTL)],
      ['reserve qty 1.5', (c) => c.reserve('ord_x', 1.5, TTL)],
      ['reserve ttl 999', (c) => c.reserve('ord_x', 1, 999)],
      ['reserve ttl > 1 day', (c) => c.reserve('ord_x', 1, 86_400_001)],
      ['release empty id', (c) => c.release('')],
      ['commit long id', (c) => c.commit('x'.repeat(129))],
      ['ledger 0', (c) => c.ledger(0)],
      ['ledger 1001', (c) => c.ledger(1_001)],
    ];
    for (const [label, call] of bad) expect(await thrown(stub, call), label).toBeInstanceOf(TypeError);
    expect(await stub.reserve('x'.repeat(128), 1_000, 86_400_000)).toMatchObject({ ok: false, code: 'out_of_stock' });
    expect(await stub.reserve('x'.repeat(128), 10, 1_000)).toMatchObject({ ok: true });
    expect(await stub.snapshot()).toMatchObject({ onHand: 10, ledger: 2 });
  });

  it('records every change in an append-only ledger whose deltas sum to onHand − reserved', async () => {
    const { stub } = await stocked(10);
    await stub.reserve('ord_1', 3, TTL);
    await stub.reserve('ord_2', 2, TTL);
    await stub.reserve('ord_3', 1, TTL);
    await stub.commit('ord_1');
    await stub.release('ord_2');
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("update reservations set expires_at = 0 where id = 'ord_3'");
    });
    await runDurableObjectAlarm(stub);
    await stub.setOnHand(20);

    const ledger = await stub.ledger();
    expect(ledger.map((e) => [e.reason, e.delta, e.reservationId, e.onHandAfter])).toEqual([
      ['set_on_hand', 13, null, 20],
      ['expire', 1, 'ord_3', 7],
      ['release', 2, 'ord_2', 7],
      ['commit', 0, 'ord_1', 7],
      ['reserve', -1, 'ord_3', 10],
      ['reserve', -2, 'ord_2', 10],
      ['reserve', -3, 'ord_1', 10],
      ['set_on_hand', 10, null, 10],
    ]);
    expect(ledger.map((e) => e.seq)).toEqual([...ledger.map((e) => e.seq)].sort((x, y) => y - x));
    expect(await stub.ledger(2)).toEqual(ledger.slice(0, 2));
    const snap = await stub.snapshot();
    expect(ledger.reduce((sum, e) => sum + e.delta, 0)).toBe(snap.onHand - snap.reserved);
    expect(snap.ledger).toBe(ledger.length);
    expect(await heldTotals(stub)).toEqual({ total: 0, sum: 0 });
  });
});
