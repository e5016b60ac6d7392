import type { QueueEntry } from '../../durable-objects/drop-queue';
import { randomToken } from '../lib/random-id';
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

async function statusOf(env: Env, drop: Drop, entry: QueueEntry, nowMs: number): Promise<QueueStatus> {
  const counts = await Promise.all(
    Array.from({ length: QUEUE_SHARDS }, (_, shard) => shardStub(env, drop.id, shard).countBefore(entry.phase, entry.key, entry.ticket)),
  );
  const position = counts.reduce((sum, n) => sum + n, 0);
  const admitted = position < admittedBy(drop, nowMs);
  // The rate lets visitor number `position` in once `position + 1` have been admitted.
  const admitAt = Date.parse(drop.startsAt) + Math.ceil(((position + 1) * 60_000) / drop.admitPerMinute);
  return { ticket: entry.ticket, position, admitted, etaSeconds: admitted ? 0 : Math.max(0, Math.ceil((admitAt - nowMs) / 1000)) };
}

export async function joinQueue(env: Env, drop: Drop, visitor: string, nowMs: number): Promise<QueueStatus> {
  const shard = await shardOf(visitor);
  const { entry } = await shardStub(env, drop.id, shard).join(visitor, placeFor(drop, shard, nowMs));
  return statusOf(env, drop, entry, nowMs);
}

/** The ticket's status, or null when it is not a ticket of this drop. */
export async function queueStatus(env: Env, drop: Drop, ticket: string, nowMs: number): Promise<QueueStatus | null> {
  const shard = Number(TICKET.exec(ticket)?.[1] ?? NaN);
  if (!Number.isInteger(shard) || shard >= QUEUE_SHARDS) return null;
  const entry = await shardStub(env, drop.id, shard).find(ticket);
  return entry ? statusOf(env, drop, entry, nowMs) : null;
}
