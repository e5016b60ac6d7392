import { database } from '../db/client';
import { inList } from '../db/in-list';
import { dropSkus } from '../db/drops-schema';
import {
  DROP_STOCK_SHARDS,
  availableSharded,
  commitSharded,
  releaseSharded,
  reserveSharded,
  setShardedStock,
  snapshotSharded,
} from './sharded-stock';

/**
 * Where a SKU's stock lives: one `InventoryCounter` named after the SKU, or, for a drop SKU (a row in
 * D1 `drop_skus`), `DROP_STOCK_SHARDS` shards `<sku>#<i>`. Every stock call of the worker goes through
 * `stockOf(env, layout, sku)`, so the cart, checkout, the webhook consumer and the admin all agree.
 */

/** How long an isolate trusts what it read of `drop_skus`: a drop's SKUs change only by an admin write. */
const LAYOUT_TTL_MS = 5_000;
const cache = new Map<string, { shards: number; at: number }>();

export type StockLayout = ReadonlyMap<string, number>;

/**
 * Shards of each SKU (1: not sharded), from D1 at most every few seconds per isolate; `fresh` reads
 * D1 now (a stock count must land where the stock lives, even right after the drop was saved).
 */
export async function stockLayout(env: Env, skus: readonly string[], { fresh = false } = {}): Promise<StockLayout> {
  const now = Date.now();
  const layout = new Map<string, number>();
  const unknown: string[] = [];
  for (const sku of new Set(skus)) {
    const hit = cache.get(sku);
    if (hit && !fresh && now - hit.at < LAYOUT_TTL_MS) layout.set(sku, hit.shards);
    else unknown.push(sku);
  }
  if (unknown.length > 0) {
    const rows = await database(env.DB).select({ sku: dropSkus.sku }).from(dropSkus).where(inList(dropSkus.sku, unknown));
    const sharded = new Set(rows.map((r) => r.sku));
    if (cache.size > 10_000) cache.clear();
    for (const sku of unknown) {
      const shards = sharded.has(sku) ? DROP_STOCK_SHARDS : 1;
      cache.set(sku, { shards, at: now });
      layout.set(sku, shards);
    }
  }
  return layout;
}

/**
 * Tells this isolate the layout of `skus` as a D1 read just found it (`sharded`: those of them in
 * `drop_skus`), so the next `stockLayout` of them asks D1 nothing: the product page reads its drops in
 * its one D1 batch and needs no second round trip for the layout.
 */
export function learnStockLayout(skus: readonly string[], sharded: ReadonlySet<string>, now = Date.now()): void {
  if (cache.size > 10_000) cache.clear();
  for (const sku of skus) cache.set(sku, { shards: sharded.has(sku) ? DROP_STOCK_SHARDS : 1, at: now });
}

/** The stock calls of one SKU, on its one counter or across its shards. */
export function stockOf(env: Env, layout: StockLayout, sku: string) {
  const shards = layout.get(sku) ?? 1;
  const ns = env.INVENTORY;
  if (shards === 1) {
    const counter = ns.getByName(sku);
    return {
      shards,
      reserve: (id: string, qty: number, ttlMs: number) => counter.reserve(id, qty, ttlMs),
      release: (id: string) => counter.release(id),
      commit: (id: string) => counter.commit(id),
      available: () => counter.available(),
      snapshot: () => counter.snapshot(),
      setOnHand: async (n: number) => {
        const r = await counter.setOnHand(n);
        return { onHand: r.onHand, available: r.available };
      },
    };
  }
  return {
    shards,
    reserve: (id: string, qty: number, ttlMs: number) => reserveSharded(ns, sku, shards, id, qty, ttlMs),
    release: (id: string) => releaseSharded(ns, sku, shards, id),
    commit: (id: string) => commitSharded(ns, sku, shards, id),
    available: () => availableSharded(ns, sku, shards),
    snapshot: () => snapshotSharded(ns, sku, shards),
    setOnHand: async (n: number) => {
      const split = await setShardedStock(ns, sku, shards, n);
      // The SKU's own counter must not sell the same units again through a stale layout.
      await ns.getByName(sku).setOnHand(0);
      return split;
    },
  };
}
