import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { StockFeed, STOCK_FEED_LIMITS } from '../durable-objects/stock-feed';
import type { SeedCatalog } from '../scripts/seed/generate';
import { eventually } from './checkout-helpers';
import { ORIGIN, expectError, get, seedCatalog } from './helpers';

/** A client socket on GET /api/stock/live, with its messages queued for `next()`. */
async function connect(sku: string) {
  const res = await SELF.fetch(`${ORIGIN}/api/stock/live?sku=${encodeURIComponent(sku)}`, { headers: { upgrade: 'websocket' } });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const inbox: { sku: string; available: number }[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.addEventListener('message', (e) => {
    inbox.push(JSON.parse(e.data as string));
  });
  ws.addEventListener('close', (e) => {
    closed = { code: e.code, reason: e.reason };
    // Answers the server's close, as a browser does.
    try {
      ws.close(e.code === 1005 ? 1000 : e.code, 'bye');
    } catch {
      // Already closing.
    }
  });
  ws.accept();
  return {
    ws,
    inbox,
    closed: () => closed,
    /** Waits for a message saying `available`, and answers every message seen until it. */
    until: (available: number) =>
      eventually(async () => {
        expect(inbox.map((m) => m.available)).toContain(available);
        return inbox;
      }, 5_000),
  };
}

let catalog: SeedCatalog;
const skus: string[] = [];
let nextSku = 0;
async function take(onHand: number) {
  const sku = skus[nextSku++]!;
  await env.INVENTORY.getByName(sku).setOnHand(onHand);
  return sku;
}

beforeAll(async () => {
  catalog = await seedCatalog(8);
  skus.push(...catalog.products.flatMap((p) => p.variants.map((v) => v.sku)));
});

describe('GET /api/stock/live', () => {
  it('answers the contract error shape for bad input, never a 5xx', async () => {
    await expectError(await get('/api/stock/live', { headers: { upgrade: 'websocket' } }), 400, 'invalid_request');
    await expectError(await get('/api/stock/live?sku=not%20a%20sku', { headers: { upgrade: 'websocket' } }), 400, 'invalid_request');
    await expectError(await get('/api/stock/live?sku=NO-SUCH-SKU', { headers: { upgrade: 'websocket' } }), 404, 'not_found');
    const plain = await get(`/api/stock/live?sku=${skus[0]}`);
    await expectError(plain, 426, 'upgrade_required');
    expect(plain.headers.get('upgrade')).toBe('websocket');
  });

  it('sends the level on connect and a message after a reservation, a release and a commit', async () => {
    const sku = await take(10);
    const client = await connect(sku);
    await client.until(10);
    const counter = env.INVENTORY.getByName(sku);
    expect((await counter.reserve('ord_live_1', 3, 60_000)).ok).toBe(true);
    await client.until(7);
    await counter.release('ord_live_1');
    await client.until(10);
    await counter.reserve('ord_live_2', 4, 60_000);
    await counter.commit('ord_live_2');
    await client.until(6);
    expect(client.inbox.every((m) => m.sku === sku)).toBe(true);
    client.ws.close(1000, 'done');
  });

  it('coalesces a burst: 40 concurrent reservations end on the counter’s own level', async () => {
    const sku = await take(100);
    const client = await connect(sku);
    await client.until(100);
    const counter = env.INVENTORY.getByName(sku);
    await Promise.all(Array.from({ length: 40 }, (_, i) => counter.reserve(`ord_burst_${i}`, 1, 60_000)));
    await client.until(60);
    // Never a level the counter did not pass through, and the last word is the current one.
    for (const m of client.inbox) expect(m.available).toBeGreaterThanOrEqual(60);
    expect(client.inbox.at(-1)!.available).toBe(60);
    expect(client.inbox.length).toBeLessThanOrEqual(41);
    client.ws.close(1000, 'done');
  });

  it('still reaches a socket after hibernation: a new instance finds it through getWebSockets + its attachment', async () => {
    const sku = await take(9);
    const client = await connect(sku);
    await client.until(9);
    const feed = env.STOCK_FEED.getByName(sku);
    // vitest-pool-workers cannot evict an object, so the test forces what hibernation leaves: a new
    // StockFeed built on the same state (storage and accepted sockets), with none of the old
    // instance's memory. It can only find the socket, and which SKU it follows, from the runtime.
    await runInDurableObject(feed, async (_old, state) => {
      const sockets = state.getWebSockets();
      expect(sockets).toHaveLength(1);
      expect(sockets[0]!.deserializeAttachment()).toMatchObject({ sku, frames: 0 });
      const revived = new StockFeed(state, env);
      const answer = await revived.publish({ source: sku, available: 4, seq: 1_000_000 });
      expect(answer).toEqual({ ok: true, available: 4, changed: true });
    });
    await client.until(4);
    // The counter's next word (a lower ledger seq than the forced one) is ignored as older.
    await env.INVENTORY.getByName(sku).reserve('ord_hib_1', 1, 60_000);
    expect(await feed.current()).toMatchObject({ sku, available: 4 });
    client.ws.close(1000, 'done');
  });

  it('sums the latest word of each source (the sharded-counter contract), ignoring older words', async () => {
    const sku = skus[nextSku++]!;
    const feed = env.STOCK_FEED.getByName(sku);
    await feed.publish({ source: `${sku}#0`, available: 3, seq: 1 });
    await feed.publish({ source: `${sku}#1`, available: 4, seq: 1 });
    expect((await feed.current()).available).toBe(7);
    await feed.publish({ source: `${sku}#0`, available: 1, seq: 3 });
    const late = await feed.publish({ source: `${sku}#0`, available: 50, seq: 2 });
    expect(late).toEqual({ ok: true, available: 5, changed: false });
    const again = await feed.publish({ source: `${sku}#1`, available: 4, seq: 1 });
    expect(again.changed).toBe(false);
  });

  it('closes a flooding client with 1008 and an oversized frame with 1009, ignoring what they say', async () => {
    const sku = await take(5);
    const flood = await connect(sku);
    await flood.until(5);
    for (let i = 0; i <= STOCK_FEED_LIMITS.maxFramesPerWindow; i++) flood.ws.send('hi');
    await eventually(async () => expect(flood.closed()?.code).toBe(1008), 5_000);

    const big = await connect(sku);
    await big.until(5);
    big.ws.send('x'.repeat(STOCK_FEED_LIMITS.maxFrameBytes + 1));
    await eventually(async () => expect(big.closed()?.code).toBe(1009), 5_000);

    const quiet = await connect(sku);
    await quiet.until(5);
    quiet.ws.send(JSON.stringify({ sku, available: 9999 }));
    await env.INVENTORY.getByName(sku).reserve('ord_flood_1', 1, 60_000);
    await quiet.until(4);
    expect(quiet.inbox.map((m) => m.available)).not.toContain(9999);
    expect(quiet.closed()).toBeUndefined();
    quiet.ws.close(1000, 'done');
  });
});
