import { eq } from 'drizzle-orm';
import { listSkus } from '../cart/pricing';
import { database, type Db } from '../db/client';
import { idempotencyKeys, orderLines, orders, payments } from '../db/orders-schema';
import { ApiError } from '../http/errors';
import { toHex } from '../lib/hmac-signature';
import { randomId, randomToken } from '../lib/random-id';
import { HOLD_TTL_MS, SESSION_TTL_MS, releaseAll, reserveAll, type HeldLine } from '../orders/holds';
import { findOrder, findPayment, orderLinesOf, transition, type OrderRow } from '../orders/order-store';
import { checkoutUiMode, paymentProvider } from '../payments/payments';
import { PaymentRejectedError, PaymentUnavailableError } from '../payments/provider';

/** The store sells in one currency (admin writes accept only `usd`). */
const STORE_CURRENCY = 'usd';

export interface CheckoutInput {
  cartId: string | null;
  email: string;
  idempotencyKey?: string | undefined;
  /** `https://shop.example`: where the provider sends the shopper back. */
  origin: string;
  experiments: Record<string, string>;
}

/** The contract's 201 body. */
export interface CheckoutAnswer {
  orderId: string;
  orderToken: string;
  checkoutUrl: string;
  clientSecret?: string;
}

/**
 * The checkout saga (ARCHITECTURE.md), ordered so that the counters are the gate: hold every SKU
 * (reservation id = a fresh order id) → price the held lines from D1 → order `pending` + lines in one
 * batch → payment session (idempotency key = order id, expiring before the holds). A refused hold
 * answers 409 before D1 is written to at all, which is what lets a flash sale's losers cost one
 * Durable Object call each. Every later failure undoes the steps before it: holds are released, the
 * order is cancelled, the cart is left as it was.
 *
 * With an `Idempotency-Key` the same key answers the same order; when the provider failed, a retry with
 * that key resumes the same order, so the provider sees the same idempotency key and at most one
 * session exists per order.
 */
export async function checkout(env: Env, input: CheckoutInput): Promise<CheckoutAnswer> {
  if (input.cartId === null) throw cartEmpty();
  const db = database(env.DB);
  const scopedKey = input.idempotencyKey ? `${input.cartId}:${input.idempotencyKey}` : null;

  if (scopedKey) {
    const replay = await claimKey(db, scopedKey, await requestHash(input));
    if (replay) return resume(env, db, replay, input);
  }

  const orderId = randomId('ord');
  const holdExpiresAt = Date.now() + HOLD_TTL_MS;
  let lines;
  try {
    const wanted = await env.CART.getByName(input.cartId).lines();
    if (wanted.length === 0) throw cartEmpty();
    await hold(env, orderId, wanted, HOLD_TTL_MS);
    lines = await pricedLines(env, db, orderId, wanted).catch(async (err: unknown) => {
      await releaseAll(env, orderId, wanted);
      throw err;
    });
  } catch (err) {
    // Nothing was created: the key is free again for a request that can succeed.
    if (scopedKey) await db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, scopedKey));
    throw err;
  }

  const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const order: typeof orders.$inferInsert = {
    id: orderId,
    token: randomToken(24),
    email: input.email,
    currency: STORE_CURRENCY,
    subtotal,
    total: subtotal,
    cartId: input.cartId,
    experiments: input.experiments,
    holdExpiresAt,
  };
  let created: OrderRow | undefined;
  try {
    [[created]] = await db.batch([
      db.insert(orders).values(order).returning(),
      db.insert(orderLines).values(lines.map((l, position) => ({ ...l, orderId, position }))),
      ...(scopedKey ? [db.update(idempotencyKeys).set({ orderId }).where(eq(idempotencyKeys.key, scopedKey))] : []),
    ]);
  } catch (err) {
    await releaseAll(env, orderId, lines);
    if (scopedKey) await db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, scopedKey));
    throw err;
  }
  return pay(env, db, created!, lines, input, scopedKey !== null);
}

/** A key seen before: the same answer, or the same order taken further if its first try failed. */
async function resume(env: Env, db: Db, order: OrderRow, input: CheckoutInput): Promise<CheckoutAnswer> {
  const payment = await findPayment(db, order.id);
  if (payment) return answerFor(order, payment.checkoutUrl, payment.clientSecret, input.origin);
  if (order.status !== 'pending' || order.holdExpiresAt <= Date.now()) {
    throw new ApiError('conflict', 'That checkout did not complete; start a new one', {
      reason: 'order_closed',
      orderId: order.id,
    });
  }
  const lines = await orderLinesOf(db, order.id);
  try {
    await hold(env, order.id, lines, Math.max(1_000, order.holdExpiresAt - Date.now()));
  } catch (err) {
    await transition(db, order.id, ['pending'], 'cancelled', {
      cancelReason: err instanceof ApiError && err.code === 'out_of_stock' ? 'out_of_stock' : 'stock_unavailable',
    });
    throw err;
  }
  return pay(env, db, order, lines, input, true);
}

/** Holds every line or none; a short SKU is the contract's 409 `out_of_stock`. */
async function hold(env: Env, orderId: string, lines: readonly HeldLine[], ttlMs: number): Promise<void> {
  let held;
  try {
    held = await reserveAll(env, orderId, lines, ttlMs);
  } catch {
    throw new ApiError('unavailable', 'Stock could not be checked; try again shortly', {}, { 'retry-after': '5' });
  }
  if (!held.ok) {
    throw new ApiError('out_of_stock', 'Some items are no longer available in that quantity', {
      skus: held.short.map((s) => s.sku),
      available: Object.fromEntries(held.short.map((s) => [s.sku, s.available])),
    });
  }
}

/** After the payment session is created, the only step left that can fail. */
async function pay(
  env: Env,
  db: Db,
  order: OrderRow,
  lines: (HeldLine & { title: string; variantTitle: string; unitPrice: number })[],
  input: CheckoutInput,
  resumable: boolean,
): Promise<CheckoutAnswer> {
  const provider = paymentProvider(env);
  const uiMode = checkoutUiMode(env);
  const returnUrl = `${input.origin}/orders/${order.id}?token=${order.token}`;
  let session;
  try {
    session = await provider.createCheckoutSession({
      orderId: order.id,
      email: order.email,
      currency: order.currency,
      lines: lines.map((l) => ({ name: `${l.title} — ${l.variantTitle}`, unitAmount: l.unitPrice, quantity: l.quantity })),
      // Derived from the order, not the clock: a resumed checkout must send the provider the very
      // same parameters under the same idempotency key.
      expiresAt: Math.floor((order.holdExpiresAt - (HOLD_TTL_MS - SESSION_TTL_MS)) / 1000),
      successUrl: returnUrl,
      cancelUrl: `${input.origin}/cart`,
      uiMode,
    });
  } catch (err) {
    await releaseAll(env, order.id, lines);
    // Kept pending when the shopper can retry with their key (the same order and provider key, so
    // never a second session); otherwise, or when the provider refused it outright, nothing can.
    if (!resumable || err instanceof PaymentRejectedError) {
      await transition(db, order.id, ['pending'], 'cancelled', { cancelReason: 'payment_unavailable' });
    }
    const retryAfter = err instanceof PaymentUnavailableError ? err.retryAfterSeconds : 30;
    console.warn(JSON.stringify({ msg: 'checkout: payment provider failed', orderId: order.id, error: String(err) }));
    throw new ApiError('unavailable', 'Payments are briefly unavailable; your cart is kept', {}, { 'retry-after': String(retryAfter) });
  }

  await db.insert(payments).values({
    id: session.id,
    orderId: order.id,
    provider: provider.name,
    status: 'open',
    amount: session.amountTotal,
    currency: session.currency,
    checkoutUrl: session.url,
    clientSecret: session.clientSecret,
    expiresAt: session.expiresAt * 1000,
  }).onConflictDoNothing();
  return answerFor(order, session.url, session.clientSecret, input.origin);
}

function answerFor(order: OrderRow, url: string | null, clientSecret: string | null, origin: string): CheckoutAnswer {
  // Embedded sessions have no hosted URL: the store's own checkout page mounts Stripe.js with the secret.
  const checkoutUrl = url ?? `${origin}/checkout/${order.id}?token=${order.token}`;
  return { orderId: order.id, orderToken: order.token, checkoutUrl, ...(clientSecret ? { clientSecret } : {}) };
}

/**
 * The held lines priced from D1 now (a client never names a price). A SKU that left the catalog since
 * it was put in the cart is not sold: its hold is given back, and an order with nothing left is refused.
 */
async function pricedLines(env: Env, db: Db, orderId: string, wanted: readonly HeldLine[]) {
  const listings = await listSkus(db, wanted.map((l) => l.sku));
  const gone = wanted.filter((l) => listings.get(l.sku)?.unitPrice.currency !== STORE_CURRENCY);
  if (gone.length > 0) await releaseAll(env, orderId, gone);
  const lines = wanted.flatMap((l) => {
    const listing = listings.get(l.sku);
    if (!listing || listing.unitPrice.currency !== STORE_CURRENCY) return [];
    return [
      {
        sku: l.sku,
        productSlug: listing.productSlug,
        title: listing.title,
        variantTitle: listing.variantTitle,
        unitPrice: listing.unitPrice.amount,
        quantity: l.quantity,
      },
    ];
  });
  if (lines.length === 0) throw cartEmpty();
  return lines;
}

/**
 * Claims `key` for this request, or finds the order an earlier request with the same key made.
 * Returns null when this request is the first with the key.
 */
async function claimKey(db: Db, key: string, hash: string): Promise<OrderRow | null> {
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ key, requestHash: hash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return null;
  const existing = (await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).get())!;
  if (existing.requestHash !== hash) {
    throw new ApiError('conflict', 'This Idempotency-Key was used with a different request', {
      reason: 'idempotency_key_reused',
    });
  }
  const order = existing.orderId ? await findOrder(db, existing.orderId) : undefined;
  if (!order) {
    throw new ApiError('conflict', 'A request with this Idempotency-Key is still in progress', {
      reason: 'request_in_progress',
    }, { 'retry-after': '1' });
  }
  return order;
}

async function requestHash(input: CheckoutInput): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify({ email: input.email }))));
}

const cartEmpty = () => new ApiError('conflict', 'The cart is empty', { reason: 'cart_empty' });
