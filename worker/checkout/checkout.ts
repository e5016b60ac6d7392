import { eq } from 'drizzle-orm';
import { botCheckFor } from '../bot-check';
import { isTestSecret } from '../bot-check/turnstile';
import { database, type Db } from '../db/client';
import { admitCheckout } from '../drops/rules';
import { idempotencyKeys } from '../db/orders-schema';
import { toHex } from '../lib/hmac-signature';
import { randomId } from '../lib/random-id';
import { HOLD_TTL_MS } from '../orders/holds';
import { findOrder, findPayment, type OrderRow } from '../orders/order-store';
import { done, refused, type Outcome } from '../refusals/refusals';
import {
  attemptFor,
  canOpenPayment,
  cancelCheckout,
  CHECKOUT_FAILED,
  CHECKOUT_STEPS,
  newAttempt,
  RESUME_STEPS,
  runSaga,
  type Attempt,
  type CheckoutAnswer,
  type CheckoutInput,
} from './flow';

export type { CheckoutAnswer, CheckoutInput };

/**
 * `POST /api/checkout` and the checkout form: the saga of worker/checkout/flow.ts, ordered so that
 * the counters are the gate (a refused hold answers 409 before D1 is written to at all).
 *
 * A cart has at most one open checkout, kept by its `Cart` object: the same cart checked out again
 * with the same details resumes that order (one hold, one provider session, however many requests
 * race); with other details it replaces it, and the old order is cancelled and its holds released.
 * With an `Idempotency-Key` the same key answers the same order, and a key reused for another body
 * is refused.
 */
export async function checkout(env: Env, input: CheckoutInput): Promise<Outcome<CheckoutAnswer>> {
  if (input.cartId === null) return refused({ code: 'cart_empty' });
  const scoped = { ...input, cartId: input.cartId };
  const db = database(env.DB);
  const scopedKey = input.idempotencyKey ? `${input.cartId}:${input.idempotencyKey}` : null;

  if (scopedKey) {
    const claim = await claimKey(db, scopedKey, await digest({ email: input.email, address: input.shippingAddress ?? null, option: input.shippingOptionId ?? null }));
    if (!claim.ok) return claim;
    // The key's first request failed after writing its order (D1 or an object busy: answered 503 +
    // Retry-After) and its compensation cancelled that order: a retry with the key checks out afresh
    // (its new order takes the key), rather than being told the failed order is closed.
    if (claim.value && !failedCheckout(claim.value)) return resume(env, db, scoped, claim.value);
  }
  const outcome = await begin(env, db, scoped, scopedKey);
  // Nothing was created: the key is free again for a request that can succeed.
  if (!outcome.ok && scopedKey && !(await keyBound(db, scopedKey))) await db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, scopedKey));
  return outcome;
}

async function begin(env: Env, db: Db, input: Attempt['input'], scopedKey: string | null): Promise<Outcome<CheckoutAnswer>> {
  const cart = env.CART.getByName(input.cartId);
  const { lines, details: kept } = await cart.contents();
  if (lines.length === 0) return refused({ code: 'cart_empty' });
  const details = {
    ...kept,
    shippingAddress: input.shippingAddress ?? kept.shippingAddress,
    shippingOption: input.shippingOptionId ?? (input.shippingAddress ? null : kept.shippingOption),
  };
  if (!details.shippingAddress) return refused({ code: 'address_required' });
  // A drop's door: admission, limit, Turnstile; refused before the cart's checkout is claimed.
  const door = await admitCheckout(db, input.pass, lines, {
    check: botCheckFor(env),
    token: input.turnstileToken,
    ip: input.ip,
    testKeys: isTestSecret(env.TURNSTILE_SECRET_KEY),
  });
  if (!door.ok) return door;
  const fingerprint = await digest({ lines, email: input.email, codes: details.codes, address: details.shippingAddress, option: details.shippingOption });
  const claim = await cart.beginCheckout(fingerprint, randomId('ord'), Date.now() + HOLD_TTL_MS);
  if (claim.kind === 'in_progress') return refused({ code: 'request_in_progress' });
  if (claim.kind === 'resume') {
    const order = await findOrder(db, claim.orderId);
    if (order && order.status !== 'pending') {
      // Paid or closed since (the cart would have been told): never answer a closed order's session.
      await cart.endCheckout(order.id);
      return begin(env, db, input, scopedKey);
    }
    if (order) {
      const resumed = await resume(env, db, input, order, scopedKey);
      if (resumed.ok || resumed.code !== 'order_closed') return resumed;
      // Too late to resume that order: it gives way to a fresh one.
      await cancelCheckout(env, db, order, 'replaced', { expireSession: true });
      await cart.endCheckout(order.id);
      return begin(env, db, input, scopedKey);
    }
  } else if (claim.replaced) {
    const old = await findOrder(db, claim.replaced.orderId);
    if (old) await cancelCheckout(env, db, old, 'replaced', { expireSession: true });
  }
  const attempt = newAttempt(env, db, input, claim.orderId, Date.now() + HOLD_TTL_MS, scopedKey, { lines, details }, door.units);
  const outcome = await runSaga(attempt, CHECKOUT_STEPS);
  return outcome.ok ? done(answerFor(attempt.order!, attempt.session!.url, attempt.session!.clientSecret, input.origin)) : outcome;
}

/** An order seen before: the same answer, or the same order taken further if its first try failed. */
async function resume(
  env: Env,
  db: Db,
  input: Attempt['input'],
  order: OrderRow,
  bindKey: string | null = null,
): Promise<Outcome<CheckoutAnswer>> {
  if (bindKey) await db.update(idempotencyKeys).set({ orderId: order.id }).where(eq(idempotencyKeys.key, bindKey));
  const payment = await findPayment(db, order.id);
  if (payment) {
    if (order.cartId && order.status === 'pending') await env.CART.getByName(order.cartId).markCheckout(order.id, 'open');
    return done(answerFor(order, payment.checkoutUrl, payment.clientSecret, input.origin));
  }
  if (order.status !== 'pending' || !canOpenPayment(order)) return refused({ code: 'order_closed', orderId: order.id });
  const attempt = await attemptFor(env, db, input, order);
  const outcome = await runSaga(attempt, RESUME_STEPS);
  return outcome.ok ? done(answerFor(order, attempt.session!.url, attempt.session!.clientSecret, input.origin)) : outcome;
}

function answerFor(order: OrderRow, url: string | null, clientSecret: string | null, origin: string): CheckoutAnswer {
  // Embedded sessions have no hosted URL: the store's own checkout page mounts Stripe.js with the secret.
  const checkoutUrl = url ?? `${origin}/checkout/${order.id}?token=${order.token}`;
  return { orderId: order.id, orderToken: order.token, checkoutUrl, ...(clientSecret ? { clientSecret } : {}) };
}

/**
 * Claims `key` for this request, or finds the order an earlier request with the same key made
 * (null: this request is the first with the key).
 */
async function claimKey(db: Db, key: string, hash: string): Promise<Outcome<OrderRow | null>> {
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ key, requestHash: hash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return done(null);
  const existing = (await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).get())!;
  if (existing.requestHash !== hash) return refused({ code: 'idempotency_key_reused' });
  const order = existing.orderId ? await findOrder(db, existing.orderId) : undefined;
  return order ? done(order) : refused({ code: 'request_in_progress' });
}

/** An order its own checkout cancelled when a step threw (flow.ts's `cancelReasonFor` of an error). */
const failedCheckout = (order: OrderRow) => order.status === 'cancelled' && order.cancelReason === CHECKOUT_FAILED;

const keyBound = async (db: Db, key: string) =>
  Boolean((await db.select({ orderId: idempotencyKeys.orderId }).from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).get())?.orderId);

async function digest(value: unknown): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(value))));
}
