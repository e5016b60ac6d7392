import { MAX_CART_CODES, type CartDetails, type CartLine, type CartWrite } from '../../durable-objects/cart';
import type { ShippingAddress } from '../address';
import { database } from '../db/client';
import type { DropPass } from '../drops/admission';
import { admitCartAdd } from '../drops/rules';
import type { PricedCart } from '../pricing/types';
import { done, refused, type CartLineRefusal, type Outcome, type Refused, type RefusalOf } from '../refusals/refusals';
import { usesOf } from '../rules/redemptions';
import { cachedStoreRules } from '../rules/rules-store';
import { cartListings } from './listings';
import { cartAnswer, priceContents } from './price-cart';
import type { AddItem } from './schemas';
import { availableOf } from './stock';
import type { Cart } from './types';

/**
 * Cart operations: lines, codes, address and shipping choice live in the `Cart` object; prices come
 * from D1 (through per-isolate listings) and are worked out by the pricing engine on every answer;
 * stock is asked of the SKU's counter before a line grows. Expected refusals are returned as outcomes
 * (worker/refusals/), never thrown.
 */

const cartObject = (env: Env, id: string) => env.CART.getByName(id);

type Ctx = Pick<ExecutionContext, 'waitUntil'>;
type Contents = { lines: CartLine[]; details: CartDetails };

const EMPTY: Contents = { lines: [], details: { codes: [], shippingAddress: null, shippingOption: null, email: null } };

/** The cart as the shopper sees it; null (no cart yet) answers an empty cart without creating one. */
export async function readCart(env: Env, ctx: Ctx, id: string | null): Promise<Cart> {
  return answer(env, ctx, id, id === null ? EMPTY : await cartObject(env, id).contents());
}

/**
 * Adds to the SKU's line, creating the cart `id` names if it does not exist yet. A drop's SKU needs
 * the request's admission to that drop (`pass`), and a cart within the drop's per-customer limit.
 */
export async function addItem(env: Env, ctx: Ctx, id: string, { sku, quantity }: AddItem, pass: DropPass): Promise<Outcome<Cart, CartLineRefusal>> {
  const known = await cartListings(env, ctx, [sku]);
  if (!known.has(sku)) return refused({ code: 'unknown_sku', sku });
  const dropRefusal = await admitCartAdd(database(env.DB), pass, async () => (await cartObject(env, id).contents()).lines, { sku, quantity });
  if (dropRefusal) return dropRefusal;
  const available = await availableOf(env, sku);
  // Refused before the cart object is touched, so a failed first add creates no cart.
  if (quantity > available) return refused({ code: 'out_of_stock', sku, available, inCart: 0 });
  return afterWrite(env, ctx, id, await cartObject(env, id).add(sku, quantity, { available }));
}

/** Sets the quantity of a line already in the cart; 0 removes it. */
export async function setItemQuantity(
  env: Env,
  ctx: Ctx,
  id: string | null,
  sku: string,
  quantity: number,
): Promise<Outcome<Cart, CartLineRefusal>> {
  if (id === null) return refused({ code: 'not_in_cart', sku });
  const cap = quantity === 0 ? {} : { available: await availableOf(env, sku) };
  return afterWrite(env, ctx, id, await cartObject(env, id).setQuantity(sku, quantity, cap));
}

/** Removes the SKU's line; absent lines and absent carts are already as asked. */
export async function removeItem(env: Env, ctx: Ctx, id: string | null, sku: string): Promise<Cart> {
  if (id === null) return readCart(env, ctx, null);
  const result = await cartObject(env, id).remove(sku);
  return answer(env, ctx, id, result.ok ? result : EMPTY);
}

type CodeRefusal = RefusalOf<'discount_rejected' | 'codes_full'>;

/**
 * Applies a discount code (already upper-case): refused unless the engine would apply it to this
 * cart now and its uses are not all taken. The limit itself is enforced when an order redeems it.
 */
export async function applyCode(env: Env, ctx: Ctx, id: string, code: string): Promise<Outcome<Cart, CodeRefusal>> {
  const contents = await cartObject(env, id).contents();
  if (contents.details.codes.includes(code)) return refused({ code: 'discount_rejected', discountCode: code, reason: 'already_applied' });
  const trial = { ...contents, details: { ...contents.details, codes: [...contents.details.codes, code] } };
  const trialPriced = await priceTrial(env, ctx, trial);
  const status = trialPriced.codes.find((c) => c.code === code);
  if (!status?.applied) return refused({ code: 'discount_rejected', discountCode: code, reason: status?.reason ?? 'unknown' });
  const promotion = (await cachedStoreRules(env, ctx)).promotions.find((p) => p.code === code);
  if (promotion?.usageLimit != null) {
    const [used] = await usesOf(database(env.DB), [promotion.id]);
    if ((used?.uses ?? 0) >= promotion.usageLimit) return refused({ code: 'discount_rejected', discountCode: code, reason: 'used_up' });
  }
  const written = await cartObject(env, id).addCode(code);
  if (!written.ok) return refused({ code: 'codes_full', limit: MAX_CART_CODES });
  return done(await answer(env, ctx, id, written));
}

export async function removeCode(env: Env, ctx: Ctx, id: string | null, code: string): Promise<Cart> {
  if (id === null) return readCart(env, ctx, null);
  const result = await cartObject(env, id).removeCode(code);
  return answer(env, ctx, id, result.ok ? result : EMPTY);
}

/** Keeps the address on the cart, unless nothing ships to its country. */
export async function setShippingAddress(
  env: Env,
  ctx: Ctx,
  id: string,
  address: ShippingAddress,
): Promise<Outcome<Cart, RefusalOf<'shipping_unavailable'>>> {
  const contents = await cartObject(env, id).contents();
  const trial = { ...contents, details: { ...contents.details, shippingAddress: address } };
  if ((await priceTrial(env, ctx, trial)).shippingRefusal === 'no_zone') {
    return refused({ code: 'shipping_unavailable', country: address.country, reason: 'no_zone' });
  }
  const written = await cartObject(env, id).setShippingAddress(address);
  return done(await answer(env, ctx, id, written.ok ? written : contents));
}

/** Chooses one of the shipping options offered for the cart's address. */
export async function setShippingOption(
  env: Env,
  ctx: Ctx,
  id: string | null,
  option: string,
): Promise<Outcome<Cart, RefusalOf<'address_required' | 'shipping_option_unavailable'>>> {
  if (id === null) return refused({ code: 'address_required' });
  const contents = await cartObject(env, id).contents();
  if (!contents.details.shippingAddress) return refused({ code: 'address_required' });
  const offered = (await priceTrial(env, ctx, contents)).shippingOptions ?? [];
  if (!offered.some((o) => o.id === option)) return refused({ code: 'shipping_option_unavailable', id: option });
  const written = await cartObject(env, id).setShippingOption(option);
  return done(await answer(env, ctx, id, written.ok ? written : contents));
}

/** The email typed at checkout, kept with the cart so the checkout page shows it again. */
export async function rememberEmail(env: Env, id: string, email: string): Promise<void> {
  await cartObject(env, id).setEmail(email);
}

/** A write's cart priced, or its refusal (the cart object's refusals are already the domain's). */
async function afterWrite(env: Env, ctx: Ctx, id: string, result: CartWrite): Promise<Outcome<Cart, CartLineRefusal>> {
  if (!result.ok) return result as Refused<CartLineRefusal>;
  return done(await answer(env, ctx, id, result));
}

/** The contents priced at the catalog's current prices and rules (per-isolate copies, docs/caching.md). */
async function priceTrial(env: Env, ctx: Ctx, contents: Contents): Promise<PricedCart> {
  const [listings, rules] = await Promise.all([cartListings(env, ctx, contents.lines.map((l) => l.sku)), cachedStoreRules(env, ctx)]);
  return priceContents(contents, listings, rules);
}

async function answer(env: Env, ctx: Ctx, id: string | null, contents: Contents): Promise<Cart> {
  const listings = await cartListings(env, ctx, contents.lines.map((l) => l.sku));
  const gone = contents.lines.filter((l) => !listings.has(l.sku)).map((l) => l.sku);
  // A SKU deleted from the catalog can never be bought again: drop it from the cart for good.
  if (id !== null && gone.length > 0) await cartObject(env, id).removeMany(gone);
  const rules = await cachedStoreRules(env, ctx);
  return cartAnswer(id, await priceContents(contents, listings, rules), contents.details);
}
