import { eq, sql } from 'drizzle-orm';
import type { CartAddress, CartDetails, CartLine } from '../../durable-objects/cart';
import { priceContents, STORE_CURRENCY } from '../cart/price-cart';
import { listingsFrom, skuListingsQuery } from '../cart/sku-query';
import type { Db } from '../db/client';
import { idempotencyKeys, orderLines, orders, payments } from '../db/orders-schema';
import { randomToken } from '../lib/random-id';
import { HOLD_TTL_MS, SESSION_TTL_MS, releaseAll, reserveAll, type HeldLine } from '../orders/holds';
import { findPayment, orderLinesOf, transition, type NewOrderLine, type OrderRow } from '../orders/order-store';
import { checkoutUiMode, paymentProvider } from '../payments/payments';
import { PaymentRejectedError, PaymentUnavailableError, type PaymentSession } from '../payments/provider';
import type { PricedCart, Promotion } from '../pricing/types';
import { refused, type Refusal } from '../refusals/refusals';
import { KILL_SWITCHES, switchedOn } from '../experiments/kill-switches';
import { isLimited, limitedUsesQuery, redeem, releaseRedemptions } from '../rules/redemptions';
import { rulesFrom, rulesQueries } from '../rules/rules-store';
import { paymentLines } from '../pricing/provider-lines';
import { runSaga, type Failure, type Step } from './saga';
import type { DropPass } from '../drops/admission';
import { claimDropUnits, releaseClaims, releaseDropUnits, type DropUnits } from '../drops/rules';

/** The first order a store takes reads as 1001: a young shop need not say it is on its first order. */
const FIRST_ORDER_NUMBER = 1001;
/** Stripe's floor on a Checkout Session's lifetime: a session opened later than this into its holds cannot be. */
const PROVIDER_SESSION_FLOOR_MS = 30 * 60_000;

export interface CheckoutInput {
  cartId: string | null;
  email: string;
  /** Given with this checkout instead of (or to replace) the cart's; kept on the cart once it succeeds. */
  shippingAddress?: CartAddress | undefined;
  shippingOptionId?: string | undefined;
  idempotencyKey?: string | undefined;
  /** `https://shop.example`: where the provider sends the shopper back. */
  origin: string;
  experiments: Record<string, string>;
  /** The request's visitor and drop admissions (worker/drops/admission.ts). */
  pass: DropPass;
  /** Turnstile's token, needed when the cart holds units of a drop with Turnstile on. */
  turnstileToken?: string | undefined;
  ip: string | null;
}

/** The contract's 201 body. */
export interface CheckoutAnswer {
  orderId: string;
  orderToken: string;
  checkoutUrl: string;
  clientSecret?: string;
}

/** What one checkout attempt carries from step to step. */
export interface Attempt {
  env: Env;
  db: Db;
  input: CheckoutInput & { cartId: string };
  orderId: string;
  holdExpiresAt: number;
  /** The cart's details (codes, address, shipping choice) as they were when the checkout began. */
  details: CartDetails;
  /** What is held: the cart's lines, then only those still sold once priced. */
  held: HeldLine[];
  priced: PricedCart | null;
  /** The promotions the order was priced with, for their limits. */
  promotions: Promotion[];
  lines: Omit<NewOrderLine, 'orderId' | 'position'>[];
  /** `<cart id>:<Idempotency-Key>`, bound to the order when it is created. */
  scopedKey: string | null;
  order: OrderRow | null;
  session: PaymentSession | null;
  /** False once the provider refused outright: a retry of the same order could only fail again. */
  resumable: boolean;
  /** The drops whose units the order takes (checked at the door: admitted, Turnstile). */
  drops: DropUnits[];
}

/**
 * Claim the order's units of each drop for its customer (email and visitor) in the drop's gate →
 * give them back. Before the holds: a customer past the limit is refused before stock is touched.
 */
export const claimDrops: Step<Attempt> = {
  name: 'claim drop units',
  async run(a) {
    if (a.drops.length === 0) return;
    return (await claimDropUnits(a.env, a.orderId, a.drops, a.input.email, a.input.pass.visitor!)) ?? undefined;
  },
  undo: (a) => releaseClaims(a.env, a.orderId, a.drops),
};

/** Hold stock → release. A short SKU refuses before anything else is written. */
export const holdStock: Step<Attempt> = {
  name: 'hold stock',
  async run(a) {
    let held;
    try {
      held = await reserveAll(a.env, a.orderId, a.held, Math.max(1_000, a.holdExpiresAt - Date.now()));
    } catch {
      return refused({ code: 'stock_unavailable' });
    }
    if (!held.ok) return refused({ code: 'stock_short', short: held.short });
  },
  undo: (a) => releaseAll(a.env, a.orderId, a.held),
};

/**
 * Price the held lines from D1 now, in one round trip with the rules (a client never names a price).
 * A SKU that left the catalog since it was put in the cart is not sold: its hold is given back, and
 * an order with nothing left is refused. A code that no longer applies, an address nothing ships to,
 * or a chosen method no longer offered is refused rather than silently changed: the shopper sees why.
 */
export const priceOrder: Step<Attempt> = {
  name: 'price',
  async run(a) {
    const { db } = a;
    const address = a.details.shippingAddress;
    if (!address) return refused({ code: 'address_required' });
    const [rows, ...rest] = await db.batch([
      skuListingsQuery(db, a.held.map((l) => l.sku)),
      ...rulesQueries(db, address.country),
      limitedUsesQuery(db),
    ]);
    const [promotionRows, zoneRows, rateRows, settings, uses] = rest;
    const listings = listingsFrom(rows);
    const rules = rulesFrom([promotionRows, zoneRows, rateRows, settings]);
    const used = new Map(uses.map((u) => [u.promotionId, u.uses]));
    const usedUp = (p: Promotion) => p.usageLimit !== null && (used.get(p.id) ?? 0) >= p.usageLimit;
    const spent = rules.promotions.find((p) => p.code !== null && a.details.codes.includes(p.code) && usedUp(p));
    if (spent) return refused({ code: 'discount_rejected', discountCode: spent.code!, reason: 'used_up' });
    // An automatic promotion whose uses ran out simply stops applying; all of them, under the kill switch.
    const promotionsOn = await switchedOn(a.env.CONFIG, KILL_SWITCHES.promotions);
    rules.promotions = promotionsOn ? rules.promotions.filter((p) => !(p.code === null && usedUp(p))) : [];

    const sold = (sku: string) => listings.get(sku)?.unitPrice.currency === STORE_CURRENCY;
    const gone = a.held.filter((l) => !sold(l.sku));
    if (gone.length > 0) await releaseAll(a.env, a.orderId, gone);
    a.held = a.held.filter((l) => sold(l.sku));
    if (a.held.length === 0) return refused({ code: 'cart_empty' });

    const priced = await priceContents({ lines: a.held as CartLine[], details: a.details }, listings, rules);
    if (priced.shippingRefusal) return refused({ code: 'shipping_unavailable', country: address.country, reason: priced.shippingRefusal });
    if (a.details.shippingOption && priced.shippingOption !== a.details.shippingOption) {
      return refused({ code: 'shipping_option_unavailable', id: a.details.shippingOption });
    }
    const rejected = priced.codes.find((c) => !c.applied);
    if (rejected) return refused({ code: 'discount_rejected', discountCode: rejected.code, reason: rejected.reason ?? 'unknown' });
    a.priced = priced;
    a.promotions = rules.promotions;
    a.lines = priced.lines.map((l) => ({
      sku: l.sku,
      productSlug: l.productSlug,
      title: l.title,
      variantTitle: l.variantTitle,
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      discount: l.discount,
      tax: l.tax,
    }));
  },
};

/**
 * Count a use of each limited promotion the order carries → give the uses back. The one conditional
 * insert per promotion is what holds a limit exactly under concurrency (worker/rules/redemptions.ts).
 */
export const redeemPromotions: Step<Attempt> = {
  name: 'redeem promotions',
  async run(a) {
    for (const discount of a.priced!.discounts) {
      const promotion = a.promotions.find((p) => p.id === discount.promotionId);
      if (!promotion || !isLimited(promotion)) continue;
      const taken = await redeem(a.db, promotion, a.orderId, a.input.email);
      if (!taken.ok) return refused({ code: 'discount_rejected', discountCode: promotion.code ?? promotion.title, reason: taken.reason });
    }
  },
  undo: async (a) => void (await releaseRedemptions(a.db, a.orderId)),
};

/** Create the order `pending` with its lines (one batch) → cancel, unless it is kept for a retry. */
export const createOrder: Step<Attempt> = {
  name: 'create order',
  async run(a) {
    const { db } = a;
    const priced = a.priced!;
    const option = priced.shippingOptions?.find((o) => o.id === priced.shippingOption) ?? null;
    const [[created]] = await db.batch([
      db
        .insert(orders)
        .values({
          id: a.orderId,
          number: sql`(select coalesce(max(${orders.number}), ${FIRST_ORDER_NUMBER - 1}) + 1 from ${orders})`,
          token: randomToken(24),
          email: a.input.email,
          currency: priced.currency,
          subtotal: priced.subtotal,
          discountTotal: priced.discountTotal,
          discounts: priced.discounts.map(({ promotionId, code, title, class: kind, amount }) => ({ promotionId, code, title, class: kind, amount })),
          shipping: priced.shipping,
          shippingMethod: option,
          shippingAddress: a.details.shippingAddress,
          taxTotal: priced.taxTotal,
          taxes: priced.taxes,
          taxIncluded: priced.taxIncluded,
          total: priced.total,
          cartId: a.input.cartId,
          experiments: a.input.experiments,
          holdExpiresAt: a.holdExpiresAt,
        })
        .returning(),
      db.insert(orderLines).values(a.lines.map((l, position) => ({ ...l, orderId: a.orderId, position }))),
      ...(a.scopedKey ? [db.update(idempotencyKeys).set({ orderId: a.orderId }).where(eq(idempotencyKeys.key, a.scopedKey))] : []),
    ]);
    a.order = created!;
  },
  undo: (a, failure) => keepOrCancel(a, failure),
};

/** The order a retry should resume (same order, same provider idempotency key), or cancel it. */
async function keepOrCancel(a: Attempt, failure: Failure): Promise<void> {
  const outage = 'refusal' in failure && failure.refusal.code === 'payment_unavailable';
  if (outage && a.resumable && (await a.env.CART.getByName(a.input.cartId).markCheckout(a.orderId, 'resumable'))) return;
  await transition(a.db, a.orderId, ['pending'], 'cancelled', { cancelReason: cancelReasonFor(failure) });
  await a.env.CART.getByName(a.input.cartId).endCheckout(a.orderId);
}

/** The cancel reason of an order whose checkout threw (an outage or a bug) after it was written. */
export const CHECKOUT_FAILED = 'checkout_failed';

function cancelReasonFor(failure: Failure): string {
  if ('error' in failure) return CHECKOUT_FAILED;
  const reasons: Partial<Record<Refusal['code'], string>> = {
    payment_unavailable: 'payment_unavailable',
    stock_short: 'out_of_stock',
    stock_unavailable: 'stock_unavailable',
    checkout_replaced: 'replaced',
  };
  return reasons[failure.refusal.code] ?? failure.refusal.code;
}

/** Open the provider's payment session for exactly the order's total → expire it. */
export const openPayment: Step<Attempt> = {
  name: 'open payment',
  async run(a) {
    const order = a.order!;
    const returnUrl = `${a.input.origin}/orders/${order.id}?token=${order.token}`;
    try {
      a.session = await paymentProvider(a.env).createCheckoutSession({
        orderId: order.id,
        email: order.email,
        currency: order.currency,
        ...paymentLines(order, a.lines.map((l) => ({ ...l, discount: l.discount ?? 0 }))),
        // Derived from the order, not the clock: a resumed checkout must send the provider the very
        // same parameters under the same idempotency key.
        expiresAt: Math.floor((order.holdExpiresAt - (HOLD_TTL_MS - SESSION_TTL_MS)) / 1000),
        successUrl: returnUrl,
        cancelUrl: `${a.input.origin}/cart`,
        uiMode: checkoutUiMode(a.env),
      });
    } catch (err) {
      if (!(err instanceof PaymentUnavailableError) && !(err instanceof PaymentRejectedError)) throw err;
      a.resumable = err instanceof PaymentUnavailableError;
      console.warn(JSON.stringify({ msg: 'checkout: payment provider failed', orderId: order.id, error: String(err) }));
      return refused({ code: 'payment_unavailable', retryAfterSeconds: err instanceof PaymentUnavailableError ? err.retryAfterSeconds : 30 });
    }
    if (a.session.amount !== order.total || a.session.currency !== order.currency) {
      throw new Error(`provider session ${a.session.id} charges ${a.session.amount} ${a.session.currency}, order ${order.id} is ${order.total}`);
    }
  },
  async undo(a) {
    if (a.session) await paymentProvider(a.env).expireCheckoutSession(a.session.id);
  },
};

/** Record the session, so a replay answers it without asking the provider. */
export const recordPayment: Step<Attempt> = {
  name: 'record payment',
  async run(a) {
    const session = a.session!;
    await a.db
      .insert(payments)
      .values({
        id: session.id,
        orderId: a.orderId,
        provider: paymentProvider(a.env).name,
        status: 'open',
        amount: session.amount,
        currency: session.currency,
        checkoutUrl: session.url,
        clientSecret: session.clientSecret,
        expiresAt: session.expiresAt * 1000,
      })
      .onConflictDoNothing();
  },
};

/**
 * The cart's checkout is still this order (a newer checkout of the cart would have replaced it), and
 * the cart keeps the address, method and email this checkout was given.
 */
export const confirmCheckout: Step<Attempt> = {
  name: 'confirm',
  async run(a) {
    const { shippingAddress, shippingOption } = a.details;
    const confirmed = await a.env.CART.getByName(a.input.cartId).confirmCheckout(a.orderId, { shippingAddress, shippingOption, email: a.input.email });
    if (!confirmed) return refused({ code: 'checkout_replaced' });
  },
};

/**
 * The cart's claim on its one checkout (taken before the saga) → given up when the saga stops before
 * an order exists; once one does, createOrder's compensation decides (keep it resumable, or cancel).
 */
const claimCheckout: Step<Attempt> = {
  name: 'claim',
  run: async () => undefined,
  async undo(a) {
    if (!a.order) await a.env.CART.getByName(a.input.cartId).endCheckout(a.orderId);
  },
};

/** A fresh checkout: every step. */
export const CHECKOUT_STEPS = [claimCheckout, claimDrops, holdStock, priceOrder, redeemPromotions, createOrder, openPayment, recordPayment, confirmCheckout];

/** An order created earlier whose payment session is missing (the provider failed): hold again and pay. */
const adoptOrder: Step<Attempt> = { name: 'adopt order', run: async () => undefined, undo: (a, failure) => keepOrCancel(a, failure) };
export const RESUME_STEPS = [adoptOrder, holdStock, openPayment, recordPayment, confirmCheckout];

/** Whether a session for this order could still be opened with the parameters its first try sent. */
export const canOpenPayment = (order: OrderRow, now = Date.now()) =>
  order.holdExpiresAt - (HOLD_TTL_MS - SESSION_TTL_MS) - now >= PROVIDER_SESSION_FLOOR_MS;

export function newAttempt(
  env: Env,
  db: Db,
  input: Attempt['input'],
  orderId: string,
  holdExpiresAt: number,
  scopedKey: string | null,
  contents: { lines: HeldLine[]; details: CartDetails },
  drops: DropUnits[] = [],
): Attempt {
  return {
    env,
    db,
    input,
    orderId,
    holdExpiresAt,
    details: contents.details,
    held: contents.lines,
    priced: null,
    promotions: [],
    lines: [],
    scopedKey,
    order: null,
    session: null,
    resumable: true,
    drops,
  };
}

/** An existing order's attempt: its frozen lines, its holds' deadline. */
export async function attemptFor(env: Env, db: Db, input: Attempt['input'], order: OrderRow): Promise<Attempt> {
  const lines = await orderLinesOf(db, order.id);
  const held = lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
  const details: CartDetails = { codes: [], shippingAddress: order.shippingAddress, shippingOption: order.shippingMethod?.id ?? null, email: order.email };
  return { ...newAttempt(env, db, input, order.id, order.holdExpiresAt, null, { lines: held, details }), order, lines };
}

/**
 * Closes a checkout that will not be paid: the order `pending → cancelled` (only a pending order:
 * a paid one stays paid whatever arrives after), its holds released, its cart free for another
 * checkout, and its payment session expired if one is open. The compensation of a whole checkout,
 * used by a replaced checkout, the payment consumer (expired, failed) and the reconciler.
 */
export async function cancelCheckout(env: Env, db: Db, order: OrderRow, reason: string, options: { expireSession?: boolean } = {}): Promise<boolean> {
  if (!(await transition(db, order.id, ['pending'], 'cancelled', { cancelReason: reason }))) return false;
  const lines = await orderLinesOf(db, order.id);
  await releaseAll(env, order.id, lines);
  await releaseRedemptions(db, order.id);
  await releaseDropUnits(env, db, order.id, lines.map((l) => l.sku));
  if (order.cartId) await env.CART.getByName(order.cartId).endCheckout(order.id);
  if (options.expireSession) {
    const payment = await findPayment(db, order.id);
    if (payment?.status === 'open') {
      await paymentProvider(env)
        .expireCheckoutSession(payment.id)
        .catch((err: unknown) => console.warn(JSON.stringify({ msg: 'expiring a replaced session failed', orderId: order.id, error: String(err) })));
    }
  }
  return true;
}

export { runSaga };
