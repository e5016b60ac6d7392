import type { InventoryCounter, InventorySnapshot, ReserveResult } from '../../durable-objects/inventory-counter';
import { randomId } from '../lib/random-id';

/**
 * The stock of one hot SKU split across K `InventoryCounter` shards named `<sku>#<i>` (docs/drops.md,
 * "A hot SKU past one object"). A hold lives on its order's home shard, `hash(orderId) mod K`, so a
 * retry, the release and the commit of an order find it there without storing the shard anywhere.
 *
 * Invariant (oversell impossible by construction): a unit is only ever on one shard or in flight.
 * Units move only by `giveTo`, which debits the giver (never below its unreserved units) in its own
 * transaction, recording the transfer in its outbox, before the receiver's `receive` credits it
 * (idempotent by transfer id; voided if the stock was re-split in between). So for every SKU
 *   Σ shard onHand + Σ in flight (sent − received − voided) == total set − Σ committed,
 * and no shard's available goes below 0 by a transfer or a reserve.
 */

export type ShardNamespace = DurableObjectNamespace<InventoryCounter>;

/** Shards a drop SKU's stock is split over. See docs/drops.md for how the number was chosen. */
export const DROP_STOCK_SHARDS = 8;
export const MAX_STOCK_SHARDS = 64;

export const shardName = (sku: string, index: number) => `${sku}#${index}`;

/** FNV-1a: cheap, stable across isolates, and uniform enough over random order ids. */
export function homeShard(id: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/**
 * After one reservation found every shard dry, reservations in this isolate that find their home
 * shard dry too answer `out_of_stock` without asking the other K − 1 for this long. A sold-out drop
 * would otherwise cost K calls per refused shopper; units given back on another shard in that window
 * are found by the first shopper after it (or at once by one whose home shard they are on).
 */
export const SOLD_OUT_MEMO_MS = 250;
const dryUntil = new Map<string, number>();

export type ShardedReserve = ReserveResult & { shard: number; transfers: number };

/**
 * Holds `qty` on the order's home shard. When the home shard is short, asks the other shards (from a
 * random one on, so dry shards do not all lean on the same neighbour) for exactly the units missing,
 * and tries the home shard again after each transfer; `out_of_stock` only once every other shard
 * gave nothing. Units moved are exactly what this order asked for, so none are left stranded on a
 * shard nobody asks any more.
 */
export async function reserveSharded(
  ns: ShardNamespace,
  sku: string,
  shards: number,
  id: string,
  qty: number,
  ttlMs: number,
): Promise<ShardedReserve> {
  const home = homeShard(id, shards);
  const homeStub = ns.getByName(shardName(sku, home));
  let result = await homeStub.reserve(id, qty, ttlMs);
  let transfers = 0;
  if (result.ok || shards === 1) return { ...result, shard: home, transfers };
  const key = `${sku}/${shards}`;
  if ((dryUntil.get(key) ?? 0) > Date.now()) return { ...result, shard: home, transfers };
  const start = Math.floor(Math.random() * (shards - 1));
  for (let step = 0; step < shards - 1 && !result.ok; step++) {
    // Another reservation just found every shard dry: stop asking (see SOLD_OUT_MEMO_MS).
    if (transfers === 0 && (dryUntil.get(key) ?? 0) > Date.now()) break;
    const donor = (home + 1 + ((start + step) % (shards - 1))) % shards;
    const want = qty - result.available;
    const { given } = await ns.getByName(shardName(sku, donor)).giveTo(randomId('xfr'), shardName(sku, home), want);
    if (given === 0) continue;
    transfers += 1;
    result = await homeStub.reserve(id, qty, ttlMs);
    // Others at this shard may have taken the units moved here: keep asking the remaining shards.
  }
  if (!result.ok && transfers === 0) {
    if (dryUntil.size > 10_000) dryUntil.clear();
    dryUntil.set(key, Date.now() + SOLD_OUT_MEMO_MS);
  }
  return { ...result, shard: home, transfers };
}

export const releaseSharded = (ns: ShardNamespace, sku: string, shards: number, id: string) =>
  ns.getByName(shardName(sku, homeShard(id, shards))).release(id);

export const commitSharded = (ns: ShardNamespace, sku: string, shards: number, id: string) =>
  ns.getByName(shardName(sku, homeShard(id, shards))).commit(id);

/**
 * How long an isolate reuses a sharded SKU's summed availability. It only answers reads (a cart add's
 * check, `/api/stock`, the waiting room's units left), never a reservation, which is exact on its
 * shard; without it every cart add of a drop SKU would cost K calls instead of one.
 */
export const AVAILABLE_MEMO_MS = 1_000;
const availableMemo = new Map<string, { at: number; value: Promise<number> }>();

/** Σ of the shards' available units, read in parallel (shared by an isolate's readers for up to a second). */
export function availableSharded(ns: ShardNamespace, sku: string, shards: number): Promise<number> {
  const key = `${sku}/${shards}`;
  const now = Date.now();
  const hit = availableMemo.get(key);
  if (hit && now - hit.at < AVAILABLE_MEMO_MS) return hit.value;
  const value = Promise.all(Array.from({ length: shards }, (_, i) => ns.getByName(shardName(sku, i)).available())).then((parts) =>
    parts.reduce((a, b) => a + b, 0),
  );
  if (availableMemo.size > 10_000) availableMemo.clear();
  availableMemo.set(key, { at: now, value });
  // A failed read is not kept: the next reader asks again.
  value.catch(() => availableMemo.delete(key));
  return value;
}

/** Forgets the memo of a SKU whose stock was just set, so its writer reads the new count. */
export const forgetAvailable = (sku: string, shards: number) => availableMemo.delete(`${sku}/${shards}`);

/** The shards' snapshots as one counter's: sums, and every shard's holds. */
export async function snapshotSharded(ns: ShardNamespace, sku: string, shards: number): Promise<InventorySnapshot> {
  const parts = await Promise.all(Array.from({ length: shards }, (_, i) => ns.getByName(shardName(sku, i)).snapshot()));
  const sum = (f: (p: InventorySnapshot) => number) => parts.reduce((a, p) => a + f(p), 0);
  return {
    onHand: sum((p) => p.onHand),
    reserved: sum((p) => p.reserved),
    available: sum((p) => p.available),
    committed: sum((p) => p.committed),
    reservations: parts.flatMap((p) => p.reservations).sort((a, b) => a.expiresAt - b.expiresAt || a.id.localeCompare(b.id)),
    ledger: sum((p) => p.ledger),
  };
}

/**
 * Splits `total` over the shards under a new generation, so a transfer debited under the previous
 * split is voided on arrival rather than counted twice. Each shard first gets the units its live
 * holds need (they stay where their orders will commit them), the rest evenly (the first
 * `rest mod K` one more); a count below the holds covers them shard by shard as far as it goes, as a
 * single counter's shelf count below its holds would (docs/inventory.md).
 */
export async function splitShards(ns: ShardNamespace, sku: string, shards: number, total: number): Promise<number[]> {
  const held = await Promise.all(Array.from({ length: shards }, async (_, i) => (await ns.getByName(shardName(sku, i)).snapshot()).reserved));
  const holds = held.reduce((a, b) => a + b, 0);
  if (total < holds) {
    let left = total;
    return held.map((r) => {
      const part = Math.min(r, left);
      left -= part;
      return part;
    });
  }
  const rest = total - holds;
  return held.map((r, i) => r + Math.floor(rest / shards) + (i < rest % shards ? 1 : 0));
}

export async function setShardedStock(ns: ShardNamespace, sku: string, shards: number, total: number, generation = Date.now()) {
  const split = await splitShards(ns, sku, shards, total);
  const parts = await Promise.all(split.map((n, i) => ns.getByName(shardName(sku, i)).setShardOnHand(n, generation)));
  forgetAvailable(sku, shards);
  return { onHand: total, available: parts.reduce((a, p) => a + p.available, 0) };
}

export interface ShardAudit {
  onHand: number;
  reserved: number;
  committed: number;
  inFlight: number;
  voided: number;
  /** Lowest onHand − reserved of any shard: never below 0 unless a shelf count went below the holds. */
  minUnreserved: number;
  shards: { onHand: number; reserved: number; available: number }[];
}

/** Every shard's state and transfers, summed: what the invariant is checked against. */
export async function auditShards(ns: ShardNamespace, sku: string, shards: number): Promise<ShardAudit> {
  const parts = await Promise.all(
    Array.from({ length: shards }, async (_, i) => {
      const stub = ns.getByName(shardName(sku, i));
      const [snap, xfer] = await Promise.all([stub.snapshot(), stub.transfers()]);
      return { snap, xfer };
    }),
  );
  const sum = (f: (p: (typeof parts)[number]) => number) => parts.reduce((a, p) => a + f(p), 0);
  return {
    onHand: sum((p) => p.snap.onHand),
    reserved: sum((p) => p.snap.reserved),
    committed: sum((p) => p.snap.committed),
    inFlight: sum((p) => p.xfer.sent) - sum((p) => p.xfer.received) - sum((p) => p.xfer.voided),
    voided: sum((p) => p.xfer.voided),
    minUnreserved: Math.min(...parts.map((p) => p.snap.onHand - p.snap.reserved)),
    shards: parts.map((p) => ({ onHand: p.snap.onHand, reserved: p.snap.reserved, available: p.snap.available })),
  };
}
