import { DurableObject } from 'cloudflare:workers';

/**
 * The door of one drop's waiting room (docs/drops.md), named by the drop id: who has been let in
 * (`admissions`) and how many units each customer has claimed (`claims`). Both live in one object
 * because each decision reads both: an admission is granted only while the live, unspent admissions
 * fit in the units left, and a claim spends its visitor's admission. Every method is synchronous SQL
 * between awaits, so each runs alone: exact under any concurrency.
 *
 * It is not a hot spot: the queue shards take the joins and polls; this object sees only visitors
 * the rate already lets in (once each, then they hold a token) and checkouts, which the admission
 * rate bounds.
 */

export interface AdmitRequest {
  ticket: string;
  visitor: string;
  nowMs: number;
  /** How long an admission is good for: it stops counting against the units left after this. */
  ttlMs: number;
  /** Units of the drop's SKUs not held or sold, as the counters said (at most a second ago). */
  available: number;
  perCustomerLimit: number;
}

export type AdmitResult = { admitted: true; admittedAt: number } | { admitted: false; soldOut: boolean };

export type ClaimResult = { ok: true } | { ok: false; claimed: number };

export class DropGate extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`create table if not exists admissions (
        ticket text primary key,
        visitor text not null,
        admitted_at integer not null,
        spent integer not null default 0
      )`);
      this.sql.exec('create index if not exists admissions_live on admissions (spent, admitted_at)');
      this.sql.exec('create index if not exists admissions_visitor on admissions (visitor)');
      this.sql.exec(`create table if not exists claims (
        order_id text not null,
        customer text not null,
        quantity integer not null,
        primary key (order_id, customer)
      )`);
      this.sql.exec('create index if not exists claims_customer on claims (customer)');
    });
  }

  /**
   * Lets the ticket in (the caller has checked the rate lets its place in), unless the admissions
   * still open already cover every unit left: `live * perCustomerLimit >= available`. An admission
   * once granted is answered again as it was (same time, so the same expiry), sold out or not.
   */
  async admit(request: AdmitRequest): Promise<AdmitResult> {
    const existing = this.sql.exec<{ admitted_at: number }>('select admitted_at from admissions where ticket = ?', request.ticket).toArray()[0];
    if (existing) return { admitted: true, admittedAt: existing.admitted_at };
    if (request.available <= 0) return { admitted: false, soldOut: true };
    const live = this.sql
      .exec<{ n: number }>('select count(*) as n from admissions where spent = 0 and admitted_at > ?', request.nowMs - request.ttlMs)
      .one().n;
    if (live * request.perCustomerLimit >= request.available) return { admitted: false, soldOut: false };
    this.sql.exec('insert into admissions (ticket, visitor, admitted_at) values (?, ?, ?)', request.ticket, request.visitor, request.nowMs);
    return { admitted: true, admittedAt: request.nowMs };
  }

  /** Admissions that still count against the units left at `nowMs`. */
  async liveAdmissions(nowMs: number, ttlMs: number): Promise<number> {
    return this.sql.exec<{ n: number }>('select count(*) as n from admissions where spent = 0 and admitted_at > ?', nowMs - ttlMs).one().n;
  }

  /**
   * Claims `quantity` units for `orderId` under every one of `customers` (the lower-cased email and
   * the visitor id), refused when any of them would pass `limit`. Idempotent per order: a retry of
   * the same order is granted again without counting twice. Spends the visitor's admission, so the
   * units it bought are not counted twice against the units left.
   */
  async claim(orderId: string, customers: string[], visitor: string, quantity: number, limit: number): Promise<ClaimResult> {
    const mine = this.sql.exec<{ n: number }>('select count(*) as n from claims where order_id = ?', orderId).one().n;
    if (mine > 0) return { ok: true };
    const claimed = this.claimedBy(customers);
    if (claimed + quantity > limit) return { ok: false, claimed };
    for (const customer of new Set(customers)) {
      this.sql.exec('insert into claims (order_id, customer, quantity) values (?, ?, ?)', orderId, customer, quantity);
    }
    this.sql.exec('update admissions set spent = 1 where visitor = ?', visitor);
    return { ok: true };
  }

  /** The order's units stop counting (its checkout failed, expired or was cancelled). */
  async release(orderId: string): Promise<number> {
    return this.sql.exec('delete from claims where order_id = ?', orderId).rowsWritten;
  }

  /** The most any one of `customers` holds now. */
  async claimed(customers: string[]): Promise<number> {
    return this.claimedBy(customers);
  }

  private claimedBy(customers: string[]): number {
    let most = 0;
    for (const customer of customers) {
      const { n } = this.sql.exec<{ n: number }>('select coalesce(sum(quantity), 0) as n from claims where customer = ?', customer).one();
      most = Math.max(most, n);
    }
    return most;
  }
}
