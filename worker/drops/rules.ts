import type { BotCheck } from '../bot-check';
import type { Db } from '../db/client';
import { refused, type RefusalOf, type Refused } from '../refusals/refusals';
import type { DropPass } from './admission';
import { dropsOfSkus } from './drop-store';
import type { Drop } from './schemas';

/**
 * What a drop asks of a cart add and a checkout (docs/drops.md): an admission for each drop whose
 * SKUs are in it, at most `perCustomerLimit` of its units per customer (claimed exactly in the
 * drop's `DropGate`, released by the checkout's compensation), and a Turnstile token at checkout
 * when the drop has Turnstile on. Answers typed refusals; routes map them.
 */

export type DropRefusal = RefusalOf<'not_admitted' | 'limit_exceeded'>;
type BotRefusal = RefusalOf<'bot_check_failed' | 'bot_check_unavailable'>;

/** Turnstile's action on the drop checkout widget (checked when the sitekey is not a test key). */
export const DROP_CHECKOUT_ACTION = 'drop-checkout';

/** A drop in an order, with the units of it the order takes. */
export interface DropUnits {
  drop: Drop;
  quantity: number;
}

interface Line {
  sku: string;
  quantity: number;
}

const gate = (env: Env, dropId: string) => env.DROP_GATE.getByName(dropId);
/** Claims are kept under both keys, so a new email in the same browser, or a new browser with the same email, still counts. */
export const customerKeys = (email: string, visitor: string) => [`email:${email.trim().toLowerCase()}`, `visitor:${visitor}`];

function unitsByDrop(lines: readonly Line[], drops: Map<string, Drop>): DropUnits[] {
  const byId = new Map<string, DropUnits>();
  for (const line of lines) {
    const drop = drops.get(line.sku);
    if (!drop) continue;
    const entry = byId.get(drop.id) ?? { drop, quantity: 0 };
    entry.quantity += line.quantity;
    byId.set(drop.id, entry);
  }
  return [...byId.values()];
}

/** Each drop in `lines` needs an admission of this request's visitor, and no more units than its limit. */
async function admitted(pass: DropPass, units: DropUnits[]): Promise<Refused<DropRefusal> | null> {
  for (const { drop, quantity } of units) {
    if (!(await pass.admission(drop.id))) return refused({ code: 'not_admitted', dropId: drop.id });
    if (quantity > drop.perCustomerLimit) return refused({ code: 'limit_exceeded', dropId: drop.id, limit: drop.perCustomerLimit, claimed: 0 });
  }
  return null;
}

/**
 * A cart add of `line` to a cart holding `inCart`: refused without an admission, or when the cart
 * would hold more of the drop than one customer may buy. (Units already bought count at checkout,
 * where the claim is exact; here the cart alone is checked, so an add never waits on the gate.)
 */
export async function admitCartAdd(
  db: Db,
  pass: DropPass,
  cartLines: () => Promise<readonly Line[]>,
  line: Line,
): Promise<Refused<DropRefusal> | null> {
  const drop = (await dropsOfSkus(db, [line.sku])).get(line.sku);
  if (!drop) return null;
  if (!(await pass.admission(drop.id))) return refused({ code: 'not_admitted', dropId: drop.id });
  // Refused before the cart is read, so a refused first add never creates the cart object.
  if (line.quantity > drop.perCustomerLimit) return refused({ code: 'limit_exceeded', dropId: drop.id, limit: drop.perCustomerLimit, claimed: 0 });
  const inCart = await cartLines();
  const held = inCart.filter((l) => drop.skus.includes(l.sku)).reduce((sum, l) => sum + l.quantity, 0);
  if (held + line.quantity > drop.perCustomerLimit) return refused({ code: 'limit_exceeded', dropId: drop.id, limit: drop.perCustomerLimit, claimed: held });
  return null;
}

/**
 * A checkout of `lines`: the drops it takes units of, once each is admitted, within its limit, and
 * Turnstile vouched for the shopper when a drop asks for it. Nothing is written.
 */
export async function admitCheckout(
  db: Db,
  pass: DropPass,
  lines: readonly Line[],
  bot: { check: BotCheck; token: string | undefined; ip: string | null; testKeys: boolean },
): Promise<{ ok: true; units: DropUnits[] } | Refused<DropRefusal | BotRefusal>> {
  const units = unitsByDrop(lines, await dropsOfSkus(db, lines.map((l) => l.sku)));
  if (units.length === 0) return { ok: true, units };
  const refusal = await admitted(pass, units);
  if (refusal) return refusal;
  if (units.some((u) => u.drop.turnstile)) {
    const outcome = await bot.check.verify(bot.token, bot.ip, bot.testKeys ? {} : { expectedAction: DROP_CHECKOUT_ACTION });
    if (!outcome.ok) {
      if (outcome.reason === 'misconfigured' || outcome.reason === 'unavailable') return refused({ code: 'bot_check_unavailable', retryAfterSeconds: 5 });
      return refused({ code: 'bot_check_failed', reason: outcome.reason });
    }
  }
  return { ok: true, units };
}

/** Claims the order's units of each drop for the customer (email and visitor), all or none. */
export async function claimDropUnits(env: Env, orderId: string, units: DropUnits[], email: string, visitor: string): Promise<Refused<DropRefusal> | null> {
  for (const [index, { drop, quantity }] of units.entries()) {
    const claim = await gate(env, drop.id).claim(orderId, customerKeys(email, visitor), visitor, quantity, drop.perCustomerLimit);
    if (!claim.ok) {
      await Promise.all(units.slice(0, index).map((u) => gate(env, u.drop.id).release(orderId)));
      return refused({ code: 'limit_exceeded', dropId: drop.id, limit: drop.perCustomerLimit, claimed: claim.claimed });
    }
  }
  return null;
}

/** Gives back the order's claims in every drop its SKUs belong to (idempotent). */
export async function releaseDropUnits(env: Env, db: Db, orderId: string, skus: readonly string[]): Promise<void> {
  const ids = new Set([...(await dropsOfSkus(db, skus)).values()].map((d) => d.id));
  await Promise.all([...ids].map((id) => gate(env, id).release(orderId)));
}

/** The same, when the drops are already known (the saga's compensation). */
export async function releaseClaims(env: Env, orderId: string, units: DropUnits[]): Promise<void> {
  await Promise.all(units.map((u) => gate(env, u.drop.id).release(orderId)));
}
