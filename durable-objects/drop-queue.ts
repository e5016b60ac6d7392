import { DurableObject } from 'cloudflare:workers';

/**
 * One shard of a drop's waiting room (docs/drops.md): named `<dropId>:<shard>`, holding the visitors
 * whose id hashes to it. Each entry has a place key `(phase, key)`: phase 0 for the random-order
 * window (key uniformly random), phase 1 after it (key = arrival time, FIFO). A visitor's place in
 * the whole queue is the sum over shards of `countBefore`, so no one object sees every request.
 */

export interface QueueEntry {
  ticket: string;
  phase: 0 | 1;
  key: number;
  joinedAt: number;
}

/** `before`: this shard's entries placed before the entry. */
export type JoinResult = { ok: true; entry: QueueEntry; created: boolean; before: number };

/** Phase 0 keys (below 2^53) fall in 1,024 buckets of 2^43; phase 1 keys (ms) in 1-second buckets. */
export const PHASE0_BUCKET_SHIFT = 43;
export const PHASE1_BUCKET_MS = 1000;

/** A shard's place keys in buckets, ascending per phase (docs/drops.md "Cheaper reads"). */
export type PlaceBucket = { bucket: number; n: number };
export interface PlaceHistogram {
  phase0: PlaceBucket[];
  phase1: PlaceBucket[];
}

export class DropQueue extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`create table if not exists entries (
        ticket text primary key,
        visitor text not null unique,
        phase integer not null,
        key integer not null,
        joined_at integer not null
      )`);
      this.sql.exec('create index if not exists entries_place on entries (phase, key)');
    });
  }

  /** Idempotent per visitor: joining again answers the first entry, so a thousand joins are one place. */
  async join(visitor: string, candidate: QueueEntry): Promise<JoinResult> {
    const existing = this.sql
      .exec<{ ticket: string; phase: 0 | 1; key: number; joined_at: number }>('select ticket, phase, key, joined_at from entries where visitor = ?', visitor)
      .toArray()[0];
    if (existing) {
      const entry: QueueEntry = { ticket: existing.ticket, phase: existing.phase, key: existing.key, joinedAt: existing.joined_at };
      return { ok: true, created: false, entry, before: await this.countBefore(entry.phase, entry.key, entry.ticket) };
    }
    this.sql.exec(
      'insert into entries (ticket, visitor, phase, key, joined_at) values (?, ?, ?, ?, ?)',
      candidate.ticket,
      visitor,
      candidate.phase,
      candidate.key,
      candidate.joinedAt,
    );
    return { ok: true, created: true, entry: candidate, before: await this.countBefore(candidate.phase, candidate.key, candidate.ticket) };
  }

  /** The ticket's entry and whose it is (an admission is issued to that visitor only). */
  async find(ticket: string): Promise<(QueueEntry & { visitor: string }) | null> {
    const row = this.sql
      .exec<{ ticket: string; visitor: string; phase: 0 | 1; key: number; joined_at: number }>(
        'select ticket, visitor, phase, key, joined_at from entries where ticket = ?',
        ticket,
      )
      .toArray()[0];
    return row ? { ticket: row.ticket, visitor: row.visitor, phase: row.phase, key: row.key, joinedAt: row.joined_at } : null;
  }

  /** The ticket's entry and how many of this shard's entries are placed before it, in one call. */
  async locate(ticket: string): Promise<{ entry: QueueEntry & { visitor: string }; before: number } | null> {
    const entry = await this.find(ticket);
    return entry ? { entry, before: await this.countBefore(entry.phase, entry.key, entry.ticket) } : null;
  }

  /** This shard's place keys in buckets (one indexed scan), for the isolates' cheap position sums. */
  async histogram(): Promise<PlaceHistogram> {
    const rows = (phase: number, bucket: string) =>
      this.sql
        .exec<{ b: number; n: number }>(`select ${bucket} as b, count(*) as n from entries where phase = ? group by b order by b`, phase)
        .toArray()
        .map((r): PlaceBucket => ({ bucket: r.b, n: r.n }));
    return { phase0: rows(0, `key >> ${PHASE0_BUCKET_SHIFT}`), phase1: rows(1, `key / ${PHASE1_BUCKET_MS}`) };
  }

  /** Entries placed strictly before `(phase, key)`; ties are broken by ticket so places are distinct. */
  async countBefore(phase: number, key: number, ticket: string): Promise<number> {
    return this.sql
      .exec<{ n: number }>(
        'select count(*) as n from entries where phase < ?1 or (phase = ?1 and (key < ?2 or (key = ?2 and ticket < ?3)))',
        phase,
        key,
        ticket,
      )
      .one().n;
  }
}
