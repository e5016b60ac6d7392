import type { CartLine, CartWrite } from '../../durable-objects/cart';
import { done, refused, type CartLineRefusal, type Outcome } from '../refusals/refusals';
import { cartListings } from './listings';
import type { AddItem } from './schemas';
import { availableOf } from './stock';
import type { Cart, CartItem } from './types';

/**
 * Cart operations: lines and limits live in the `Cart` object, prices and titles are joined from D1 on
 * every answer, stock is asked of the SKU's counter before a line grows. Expected refusals are
 * returned as outcomes (worker/refusals/), never thrown.
 */

/** The store sells in one currency (admin writes accept only `usd`). */
const STORE_CURRENCY = 'usd';

const cartObject = (env: Env, id: string) => env.CART.getByName(id);

type Ctx = Pick<ExecutionContext, 'waitUntil'>;

export const emptyCart = (id: string | null = null): Cart => ({
  id,
  items: [],
  subtotal: { amount: 0, currency: STORE_CURRENCY },
  itemCount: 0,
});

/** The cart as the shopper sees it; null (no cart yet) answers an empty cart without creating one. */
export async function readCart(env: Env, ctx: Ctx, id: string | null): Promise<Cart> {
  if (id === null) return emptyCart();
  return priceCart(env, ctx, id, await cartObject(env, id).lines());
}

/** Adds to the SKU's line, creating the cart `id` names if it does not exist yet. */
export async function addItem(env: Env, ctx: Ctx, id: string, { sku, quantity }: AddItem): Promise<Outcome<Cart, CartLineRefusal>> {
  const known = await cartListings(env, ctx, [sku]);
  if (!known.has(sku)) return refused({ code: 'unknown_sku', sku });
  const available = await availableOf(env, sku);
  // Refused before the cart object is touched, so a failed first add creates no cart.
  if (quantity > available) return refused({ code: 'out_of_stock', sku, available, inCart: 0 });
  return priced(env, ctx, id, await cartObject(env, id).add(sku, quantity, { available }));
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
  return priced(env, ctx, id, await cartObject(env, id).setQuantity(sku, quantity, cap));
}

/** Removes the SKU's line; absent lines and absent carts are already as asked. */
export async function removeItem(env: Env, ctx: Ctx, id: string | null, sku: string): Promise<Cart> {
  if (id === null) return emptyCart();
  const result = await cartObject(env, id).remove(sku);
  return priceCart(env, ctx, id, result.ok ? result.lines : []);
}

/** A write's lines priced, or its refusal (the cart object's refusals are already the domain's). */
async function priced(env: Env, ctx: Ctx, id: string, result: CartWrite): Promise<Outcome<Cart, CartLineRefusal>> {
  if (!result.ok) return result;
  return done(await priceCart(env, ctx, id, result.lines));
}

/** Prices the lines at the catalog's current prices (worker/cart/listings.ts). */
async function priceCart(env: Env, ctx: Ctx, id: string, lines: CartLine[]): Promise<Cart> {
  const listings = await cartListings(env, ctx, lines.map((l) => l.sku));
  const gone = lines.filter((l) => !listings.has(l.sku)).map((l) => l.sku);
  // A SKU deleted from the catalog can never be bought again: drop it from the cart for good.
  if (gone.length > 0) await cartObject(env, id).removeMany(gone);
  const items = lines.flatMap((line): CartItem[] => {
    const listing = listings.get(line.sku);
    if (!listing) return [];
    const { unitPrice } = listing;
    return [
      {
        sku: line.sku,
        productSlug: listing.productSlug,
        title: listing.title,
        variantTitle: listing.variantTitle,
        quantity: line.quantity,
        unitPrice,
        lineTotal: { amount: unitPrice.amount * line.quantity, currency: unitPrice.currency },
      },
    ];
  });
  return {
    id,
    items,
    subtotal: { amount: items.reduce((sum, i) => sum + i.lineTotal.amount, 0), currency: STORE_CURRENCY },
    itemCount: items.reduce((sum, i) => sum + i.quantity, 0),
  };
}
