/**
 * Storage and answers of the shard transfers of `InventoryCounter` (docs/drops.md, "A hot SKU past
 * one object"). Kept apart from the counter's own schema: an object that is never a shard only gets
 * these empty tables.
 *
 * `transfers_out` is the giver's outbox: written in the same transaction as the debit, so a unit that
 * left a shard is always either in flight (`delivered = 0`) or credited/voided at the receiver.
 * `transfers_in` makes `receive` idempotent by transfer id.
 */
export const SHARD_SCHEMA = `
  create table if not exists shard_state (
    id integer primary key check (id = 1),
    generation integer not null
  );
  insert or ignore into shard_state (id, generation) values (1, 0);
  create table if not exists transfers_out (
    id text primary key,
    to_shard text not null,
    n integer not null,
    generation integer not null,
    delivered integer not null
  );
  create index if not exists transfers_out_pending on transfers_out (delivered);
  create table if not exists transfers_in (
    id text primary key,
    from_shard text not null,
    n integer not null,
    credited integer not null
  ) without rowid;
`;

export type ShardLedgerReason = 'transfer_out' | 'transfer_in';
export type GiveResult = { ok: true; given: number };
export type ReceiveResult = { ok: true; credited: number };
export interface ShardTransfers {
  /** Units debited here by transfers (delivered or not). */
  sent: number;
  /** Of those, units not yet confirmed delivered: in flight. */
  pending: number;
  /** Units credited here by transfers. */
  received: number;
  /** Units that arrived under another generation and were not credited. */
  voided: number;
  generation: number;
}
