import type { QueueEntry } from '../../durable-objects/drop-queue';
import { availableOf } from '../cart/stock';
import { randomToken } from '../lib/random-id';
import { ADMISSION_TTL_MS } from './admission';
import { countBelow, histogramsOf } from './queue-histograms';
import type { Drop } from './schemas';

/**
 * A drop's waiting room over `QUEUE_SHARDS` `DropQueue` objects (docs/drops.md). A visitor always
 * lands on the shard their id hashes to, so joining again finds their entry; places are ordered by
 * `(phase, key)` across all shards.
 */

export const QUEUE_SHARDS = 8;
/** Joiners up to this long after the start are ordered at random, like joiners before it. */
export const RANDOM_WINDOW_MS = 60_000;

const TICKET = /^tkt_([0-9]+)_[A-Za-z0-9_-]{22}$/;

export interface QueueStatus {
  ticket: string;
  /** 0-based: how many visitors are ahead. */
  position: number;
  etaSeconds: number;
  admitted: boolean;
  /** Every unit is held or sold: nobody more is let in (until a hold is given back). */
  soldOut: boolean;
  /** The admission was granted more than `ADMISSION_TTL_MS` ago and is over. */
  expired?: true;
  /**
   * `position` is an estimate (a poll far from the admission frontier sums the other shards'
   * bucketed keys): off by at most the visitors sharing the ticket's bucket in other shards.
   */
  approximate?: true;
}

/** A status, and when the ticket's admission was granted (its token expires `ADMISSION_TTL_MS` later). */
export type Standing = { status: QueueStatus; admittedAt: number | null };

/** How long an isolate trusts the drop's stock it asked the counters for. */
export const STOCK_MEMO_MS = 1_000;
const stockMemo = new Map<string, { at: number; available: number }>();

/** Units of the drop's SKUs that are neither held nor sold, asked at most once a second per isolate. */
async function unitsLeft(env: Env, drop: Drop, nowMs: number): Promise<number> {
  const memo = stockMemo.get(drop.id);
  if (memo && nowMs - memo.at < STOCK_MEMO_MS) return memo.available;
  const levels = await Promise.all(drop.skus.map((sku) => availableOf(env, sku)));
  const available = levels.reduce((sum, n) => sum + Math.max(0, n), 0);
  if (stockMemo.size > 100) stockMemo.clear();
  stockMemo.set(drop.id, { at: nowMs, available });
  return available;
}

const shardStub = (env: Env, dropId: string, shard: number) => env.DROP_QUEUE.getByName(`${dropId}:${shard}`);

async function shardOf(visitor: string): Promise<number> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(visitor)));
  return digest[0]! % QUEUE_SHARDS;
}

/** A uniformly random integer below 2^53, the random-order key. */
function randomKey(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  return high! * 2 ** 21 + (low! >>> 11);
}

export function placeFor(drop: Drop, shard: number, nowMs: number): QueueEntry {
  const early = nowMs < Date.parse(drop.startsAt) + RANDOM_WINDOW_MS;
  return { ticket: `tkt_${shard}_${randomToken(16)}`, phase: early ? 0 : 1, key: early ? randomKey() : nowMs, joinedAt: nowMs };
}

/** How many visitors the rate has let in by `nowMs`. */
export function admittedBy(drop: Drop, nowMs: number): number {
  const elapsed = nowMs - Date.parse(drop.startsAt);
  return elapsed < 0 ? 0 : Math.floor((elapsed * drop.admitPerMinute) / 60_000);
}

/**
 * Where the entry stands. The rate decides when a place may be let in; the drop's `DropGate` then
 * lets it in only while the admissions still open (granted within `ADMISSION_TTL_MS`, not yet spent
 * on a checkout) need fewer units than are left, so admission never runs ahead of stock. The gate is
 * asked only for places the rate already reached.
 */
async function exactPosition(env: Env, drop: Drop, entry: QueueEntry): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: QUEUE_SHARDS }, (_, shard) => shardStub(env, drop.id, shard).countBefore(entry.phase, entry.key, entry.ticket)),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}

/**
 * A poll's position for one RPC (the exact count in the ticket's own shard, `before`) plus the other
 * shards' histograms (cached per isolate, ≤ 1 s old). Exact (the fan-out of `exactPosition`) when the
 * estimate's lower bound is within the rate's reach, so admission is decided on exact places only.
 */
async function polledPosition(env: Env, drop: Drop, entry: QueueEntry, ownShard: number, before: number, nowMs: number): Promise<{ position: number; approximate: boolean }> {
  const { shards } = await histogramsOf(
    drop.id,
    () => Promise.all(Array.from({ length: QUEUE_SHARDS }, (_, shard) => shardStub(env, drop.id, shard).histogram())),
    nowMs,
  );
  let below = before;
  let uncertain = 0;
  shards.forEach((histogram, shard) => {
    if (shard === ownShard) return;
    const counted = countBelow(histogram, entry);
    below += counted.below;
    uncertain += counted.uncertain;
  });
  if (below < admittedBy(drop, nowMs)) return { position: await exactPosition(env, drop, entry), approximate: false };
  return { position: below + Math.floor(uncertain / 2), approximate: uncertain > 0 };
}

async function standingOf(env: Env, drop: Drop, entry: QueueEntry, visitor: string, nowMs: number, polled?: { position: number; approximate: boolean }): Promise<Standing> {
  const position = polled?.position ?? (await exactPosition(env, drop, entry));
  const base = { ticket: entry.ticket, position };
  if (position < admittedBy(drop, nowMs)) {
    const available = await unitsLeft(env, drop, nowMs);
    const door = await env.DROP_GATE.getByName(drop.id).admit({
      ticket: entry.ticket,
      visitor,
      nowMs,
      ttlMs: ADMISSION_TTL_MS,
      available,
      perCustomerLimit: drop.perCustomerLimit,
    });
    if (door.admitted && door.admittedAt + ADMISSION_TTL_MS <= nowMs) {
      // Let in once, long ago, and not used: the place is spent, not handed out again.
      return { status: { ...base, admitted: false, etaSeconds: 0, soldOut: available <= 0, expired: true }, admittedAt: null };
    }
    if (door.admitted) return { status: { ...base, admitted: true, etaSeconds: 0, soldOut: available <= 0 }, admittedAt: door.admittedAt };
    // Reached by the rate, waiting for a unit: one comes back when an admission expires or a hold is released.
    return { status: { ...base, admitted: false, etaSeconds: door.soldOut ? 0 : 5, soldOut: door.soldOut }, admittedAt: null };
  }
  // The rate lets visitor number `position` in once `position + 1` have been admitted.
  const admitAt = Date.parse(drop.startsAt) + Math.ceil(((position + 1) * 60_000) / drop.admitPerMinute);
  const soldOut = nowMs >= Date.parse(drop.startsAt) && (await unitsLeft(env, drop, nowMs)) <= 0;
  const estimate = polled?.approximate ? { approximate: true as const } : {};
  return { status: { ...base, ...estimate, admitted: false, soldOut, etaSeconds: soldOut ? 0 : Math.max(0, Math.ceil((admitAt - nowMs) / 1000)) }, admittedAt: null };
}

/**
 * Joins (idempotent per visitor). A place in the random window (phase 0, still shuffling until the
 * window closes) is answered like a poll, for one RPC; a FIFO place (phase 1) is counted in every
 * shard, so a late joiner's first answer is exact.
 */
export async function joinQueue(env: Env, drop: Drop, visitor: string, nowMs: number): Promise<Standing> {
  const shard = await shardOf(visitor);
  const { entry, before } = await shardStub(env, drop.id, shard).join(visitor, placeFor(drop, shard, nowMs));
  const polled = entry.phase === 0 ? await polledPosition(env, drop, entry, shard, before, nowMs) : undefined;
  return standingOf(env, drop, entry, visitor, nowMs, polled);
}

/**
 * The ticket's standing (a poll: see `polledPosition`; `exact` counts in every shard), or null when
 * it is not a ticket of this drop held by `visitor` (a ticket passed to another browser shows
 * nothing there and admits nobody).
 */
export async function queueStanding(
  env: Env,
  drop: Drop,
  ticket: string,
  visitor: string | null,
  nowMs: number,
  { exact = false }: { exact?: boolean } = {},
): Promise<Standing | null> {
  const shard = Number(TICKET.exec(ticket)?.[1] ?? NaN);
  if (!Number.isInteger(shard) || shard >= QUEUE_SHARDS || !visitor) return null;
  const found = await shardStub(env, drop.id, shard).locate(ticket);
  if (!found || found.entry.visitor !== visitor) return null;
  const polled = exact ? undefined : await polledPosition(env, drop, found.entry, shard, found.before, nowMs);
  return standingOf(env, drop, found.entry, visitor, nowMs, polled);
}
