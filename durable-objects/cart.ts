import { DurableObject } from 'cloudflare:workers';
import type { ShippingAddress } from '../worker/address';

/** Most of one SKU a cart may hold. */
export const MAX_LINE_QUANTITY = 99;
/** Most distinct SKUs a cart may hold. */
export const MAX_CART_LINES = 100;
/** A cart nobody has written to for this long is deleted. */
export const CART_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
/** How late past CART_IDLE_MS an idle cart may be deleted, so writes re-arm the alarm at most this often. */
export const IDLE_SLACK_MS = 60 * 60 * 1000;

export interface CartLine {
  sku: string;
  quantity: number;
}

/** What a write may be told about the SKU's stock; the cart itself never stores stock or prices. */
export interface StockCap {
  /** Units the SKU's counter can still sell: the line may not grow past it (shrinking is always fine). */
  available?: number;
}

/** Most discount codes one cart may carry. */
export const MAX_CART_CODES = 5;

/**
 * What the shopper told the cart besides its lines, for pricing and checkout: codes entered, where
 * it ships, the chosen shipping method and the email typed at checkout. Validated at the HTTP edge;
 * stored as given (an address is plain data, never a price).
 */
/** A shipping address as worker/address/ validated it. */
export type CartAddress = ShippingAddress;

export interface CartDetails {
  codes: string[];
  shippingAddress: CartAddress | null;
  shippingOption: string | null;
  email: string | null;
}

const NO_DETAILS: CartDetails = { codes: [], shippingAddress: null, shippingOption: null, email: null };

/** How long a checkout may be `starting` before another attempt may take it over (a crashed request). */
export const CHECKOUT_START_TIMEOUT_MS = 30_000;

/**
 * The cart's one open checkout (worker/checkout/flow.ts): which order it is, what it was for (a hash
 * of lines, email, address, shipping and codes), and where it stands. `starting` while a request
 * runs the saga; `open` once the payment session is recorded; `resumable` when the provider failed
 * and a retry should reuse the same order (and so the provider's idempotency key).
 *
 * `starting` is kept in memory only: a flash sale's losers are refused at the stock hold, and must
 * not pay two storage writes each for a claim they give up at once. If the object restarts while a
 * checkout is starting, a concurrent attempt may start a second order; the first one then finds at
 * its confirm step that the cart's checkout is another order, and undoes itself.
 */
export interface CheckoutSlot {
  orderId: string;
  fingerprint: string;
  state: 'starting' | 'open' | 'resumable';
  since: number;
  holdExpiresAt: number;
}

/** What `beginCheckout` decided: a new order (maybe replacing another), the same order again, or wait. */
export type CheckoutClaim =
  | { kind: 'new'; orderId: string; replaced: CheckoutSlot | null }
  | { kind: 'resume'; orderId: string }
  | { kind: 'in_progress' };

/** The outcome of a write: the lines after it, or why nothing was written. */
export type CartWrite =
  | { ok: true; lines: CartLine[]; details: CartDetails }
  | { ok: false; code: 'quantity_limit'; sku: string; inCart: number; limit: number }
  | { ok: false; code: 'cart_full'; limit: number }
  | { ok: false; code: 'out_of_stock'; sku: string; inCart: number; available: number }
  | { ok: false; code: 'not_in_cart'; sku: string }
  | { ok: false; code: 'codes_full'; limit: number };

/**
 * One shopping cart, one object per cart id: lines of SKU and quantity, in the order they were first
 * added. Prices are joined from D1 on every read, so a cart never shows a stale price.
 *
 * The `lines` table is the truth; the object also keeps it in memory (`held`, loaded once when the
 * object starts), so reads and the checks before a write cost no SQL. Every write goes to SQLite first
 * and to memory only once the statement succeeded, and the object runs one event at a time, so the
 * two cannot disagree. A failed storage operation resets the object, which reloads from the table.
 *
 * Idle expiry: a write leaves the alarm at least 30 days ahead. The alarm is moved only when it would
 * fire sooner than that, and then to 30 days + IDLE_SLACK_MS, so busy carts re-arm at most once per
 * IDLE_SLACK_MS instead of on every write; a cart is deleted 30 days to 30 days + IDLE_SLACK_MS after
 * its last write (`deleteAll`).
 * Arguments are validated at the HTTP edge; the checks here guard the invariants and throw on bugs.
 */
export class Cart extends DurableObject<Env> {
  /** The lines, in table order (a Map keeps insertion order; an updated key keeps its place, like the row). */
  private held = new Map<string, number>();
  /** When the alarm is set to fire (ms), or null; mirrors storage so a write need not ask for it. */
  private alarmAt: number | null = null;
  /** The open checkout (a `starting` one only here) and the details, mirrored from the `meta` table. */
  private checkout: CheckoutSlot | null = null;
  /** The order id of the checkout the `meta` table holds, or null. */
  private storedCheckout: string | null = null;
  private details: CartDetails = NO_DETAILS;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.migrate();
      for (const { sku, quantity } of this.ctx.storage.sql
        .exec<{ sku: string; quantity: number }>('SELECT sku, quantity FROM lines ORDER BY rowid')
        .toArray()) {
        this.held.set(sku, quantity);
      }
      this.checkout = this.readMeta<CheckoutSlot>('checkout');
      this.storedCheckout = this.checkout?.orderId ?? null;
      this.details = { ...NO_DETAILS, ...this.readMeta<CartDetails>('details') };
      this.alarmAt = await this.ctx.storage.getAlarm();
    });
  }

  private migrate() {
    this.ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS lines (
         sku TEXT PRIMARY KEY,
         quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND ${MAX_LINE_QUANTITY})
       );
       CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    );
  }

  private readMeta<T>(key: string): T | null {
    const row = this.ctx.storage.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private writeMeta(key: string, value: unknown) {
    if (value === null) this.ctx.storage.sql.exec('DELETE FROM meta WHERE key = ?', key);
    else {
      this.ctx.storage.sql.exec(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        key,
        JSON.stringify(value),
      );
    }
  }

  async lines(): Promise<CartLine[]> {
    return this.readLines();
  }

  /** Lines and details together: what a cart answer and a checkout price. */
  async contents(): Promise<{ lines: CartLine[]; details: CartDetails }> {
    return { lines: this.readLines(), details: this.details };
  }

  /** Adds a discount code (upper-case, validated at the edge); one already there is not added twice. */
  async addCode(code: string): Promise<CartWrite> {
    if (typeof code !== 'string' || !/^[A-Z0-9][A-Z0-9_-]{0,31}$/.test(code)) throw new TypeError('Cart: bad code');
    if (this.details.codes.includes(code)) return this.written();
    if (this.details.codes.length >= MAX_CART_CODES) return { ok: false, code: 'codes_full', limit: MAX_CART_CODES };
    return this.setDetails({ codes: [...this.details.codes, code] });
  }

  async removeCode(code: string): Promise<CartWrite> {
    return this.setDetails({ codes: this.details.codes.filter((c) => c !== code) });
  }

  async setShippingAddress(address: CartAddress | null): Promise<CartWrite> {
    return this.setDetails({ shippingAddress: address });
  }

  async setShippingOption(id: string | null): Promise<CartWrite> {
    if (id !== null && (typeof id !== 'string' || id.length > 64)) throw new TypeError('Cart: bad shipping option');
    return this.setDetails({ shippingOption: id });
  }

  async setEmail(email: string | null): Promise<CartWrite> {
    if (email !== null && (typeof email !== 'string' || email.length > 254)) throw new TypeError('Cart: bad email');
    return this.setDetails({ email });
  }

  private setDetails(change: Partial<CartDetails>): Promise<CartWrite> {
    const details = { ...this.details, ...change };
    this.writeMeta('details', details);
    this.details = details;
    return this.written();
  }

  /** Adds to the SKU's line (creating it), within 99 a line, 100 lines a cart and `cap.available`. */
  async add(sku: string, quantity: number, cap: StockCap = {}): Promise<CartWrite> {
    assertSku(sku);
    assertQuantity(quantity, 1);
    const inCart = this.quantityOf(sku);
    const wanted = inCart + quantity;
    if (wanted > MAX_LINE_QUANTITY) return { ok: false, code: 'quantity_limit', sku, inCart, limit: MAX_LINE_QUANTITY };
    if (cap.available !== undefined && wanted > cap.available) {
      return { ok: false, code: 'out_of_stock', sku, inCart, available: cap.available };
    }
    if (inCart === 0 && this.lineCount() >= MAX_CART_LINES) return { ok: false, code: 'cart_full', limit: MAX_CART_LINES };
    this.ctx.storage.sql.exec(
      `INSERT INTO lines (sku, quantity) VALUES (?, ?)
       ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity`,
      sku,
      wanted,
    );
    this.held.set(sku, wanted);
    return this.written();
  }

  /** Sets the quantity of a line already in the cart; 0 removes it. Never creates a line. */
  async setQuantity(sku: string, quantity: number, cap: StockCap = {}): Promise<CartWrite> {
    assertSku(sku);
    assertQuantity(quantity, 0);
    const inCart = this.quantityOf(sku);
    if (inCart === 0) return { ok: false, code: 'not_in_cart', sku };
    if (quantity === 0) return this.remove(sku);
    if (quantity > inCart && cap.available !== undefined && quantity > cap.available) {
      return { ok: false, code: 'out_of_stock', sku, inCart, available: cap.available };
    }
    this.ctx.storage.sql.exec('UPDATE lines SET quantity = ? WHERE sku = ?', quantity, sku);
    this.held.set(sku, quantity);
    return this.written();
  }

  /** Removes the SKU's line; removing a line that is not there is not an error. */
  async remove(sku: string): Promise<CartWrite> {
    assertSku(sku);
    this.ctx.storage.sql.exec('DELETE FROM lines WHERE sku = ?', sku);
    this.held.delete(sku);
    return this.written();
  }

  /** Removes several lines at once (SKUs the catalog no longer sells). */
  async removeMany(skus: string[]): Promise<CartWrite> {
    for (const sku of skus) assertSku(sku);
    for (const sku of skus) this.ctx.storage.sql.exec('DELETE FROM lines WHERE sku = ?', sku);
    for (const sku of skus) this.held.delete(sku);
    return this.written();
  }

  /**
   * Claims the cart's one checkout. The same details again while a checkout is open or resumable
   * resume that order; while one is starting they wait; anything else starts `orderId` and hands back
   * the checkout it replaces, which the caller closes. A checkout past its holds counts as none.
   */
  async beginCheckout(fingerprint: string, orderId: string, holdExpiresAt: number): Promise<CheckoutClaim> {
    const now = Date.now();
    const current = this.checkout && this.checkout.holdExpiresAt > now ? this.checkout : null;
    if (current && current.fingerprint === fingerprint) {
      if (current.state === 'starting' && now - current.since < CHECKOUT_START_TIMEOUT_MS) return { kind: 'in_progress' };
      this.setCheckout({ ...current, state: 'starting', since: now });
      return { kind: 'resume', orderId: current.orderId };
    }
    this.setCheckout({ orderId, fingerprint, state: 'starting', since: now, holdExpiresAt });
    return { kind: 'new', orderId, replaced: current };
  }

  /**
   * The checkout of `orderId` reached `state` (its payment is recorded, or may be retried); false when
   * the cart's checkout is another order now, which means this one was replaced and must close.
   */
  async markCheckout(orderId: string, state: 'open' | 'resumable'): Promise<boolean> {
    if (this.checkout?.orderId !== orderId) return false;
    this.setCheckout({ ...this.checkout, state, since: Date.now() });
    return true;
  }

  /**
   * The checkout of `orderId` is open (its payment recorded), and the cart keeps what it was given
   * (address, method, email), in one write; false when the cart's checkout is another order now.
   */
  async confirmCheckout(orderId: string, change: Pick<CartDetails, 'shippingAddress' | 'shippingOption' | 'email'>): Promise<boolean> {
    if (!(await this.markCheckout(orderId, 'open'))) return false;
    await this.setDetails(change);
    return true;
  }

  /** The checkout of `orderId` ended (cancelled, expired): the cart may start another. */
  async endCheckout(orderId: string): Promise<void> {
    if (this.checkout?.orderId === orderId) this.setCheckout(null);
  }

  async openCheckout(): Promise<CheckoutSlot | null> {
    return this.checkout;
  }

  private setCheckout(slot: CheckoutSlot | null) {
    if (slot !== null && slot.state !== 'starting') {
      this.writeMeta('checkout', slot);
      this.storedCheckout = slot.orderId;
    } else if (this.storedCheckout !== null && slot?.orderId !== this.storedCheckout) {
      // A stored checkout that was replaced or ended must not come back after a restart.
      this.writeMeta('checkout', null);
      this.storedCheckout = null;
    }
    this.checkout = slot;
  }

  /** Empties the cart: its storage and its alarm are deleted. */
  async clear(): Promise<void> {
    await this.forget();
  }

  override async alarm(): Promise<void> {
    // A write keeps the alarm at least 30 days ahead, so an alarm that fires means 30 days without one.
    await this.forget();
  }

  private async forget() {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.held.clear();
    this.checkout = null;
    this.storedCheckout = null;
    this.details = NO_DETAILS;
    this.alarmAt = null;
    // The object may keep serving after deleteAll (same instance): the table must exist again.
    this.migrate();
  }

  private async written(): Promise<CartWrite> {
    const now = Date.now();
    if (this.alarmAt === null || this.alarmAt < now + CART_IDLE_MS) {
      const at = now + CART_IDLE_MS + IDLE_SLACK_MS;
      await this.ctx.storage.setAlarm(at);
      this.alarmAt = at;
    }
    return { ok: true, lines: this.readLines(), details: this.details };
  }

  private readLines(): CartLine[] {
    return Array.from(this.held, ([sku, quantity]) => ({ sku, quantity }));
  }

  private quantityOf(sku: string): number {
    return this.held.get(sku) ?? 0;
  }

  private lineCount(): number {
    return this.held.size;
  }
}

function assertSku(sku: unknown): asserts sku is string {
  if (typeof sku !== 'string' || sku.length === 0 || sku.length > 64) throw new TypeError('Cart: bad SKU');
}

function assertQuantity(quantity: unknown, min: number): asserts quantity is number {
  if (!Number.isInteger(quantity) || (quantity as number) < min || (quantity as number) > MAX_LINE_QUANTITY) {
    throw new RangeError(`Cart: quantity must be an integer from ${min} to ${MAX_LINE_QUANTITY}`);
  }
}
