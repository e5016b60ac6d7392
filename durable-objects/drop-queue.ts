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

export type JoinResult = { ok: true; entry: QueueEntry; created: boolean };

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
    if (existing) return { ok: true, created: false, entry: { ticket: existing.ticket, phase: existing.phase, key: existing.key, joinedAt: existing.joined_at } };
    this.sql.exec(
      'insert into entries (ticket, visitor, phase, key, joined_at) values (?, ?, ?, ?, ?)',
      candidate.ticket,
      visitor,
      candidate.phase,
      candidate.key,
      candidate.joinedAt,
    );
    return { ok: true, created: true, entry: candidate };
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
