import type { CartLine, CartWrite } from '../../durable-objects/cart';
import { ApiError, invalidRequest } from '../http/errors';
import { cartListings } from './listings';
import type { AddItem } from './schemas';
import { availableOf } from './stock';
import type { Cart, CartItem } from './types';

/**
 * Cart operations: lines and limits live in the `Cart` object, prices and titles are joined from D1 on
 * every answer, stock is asked of the SKU's counter before a line grows. Expected refusals throw
 * `ApiError`s with stable codes (`out_of_stock`, `conflict` with a `reason`, `not_found`).
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
export async function addItem(env: Env, ctx: Ctx, id: string, { sku, quantity }: AddItem): Promise<Cart> {
  const known = await cartListings(env, ctx, [sku]);
  if (!known.has(sku)) throw invalidRequest('Unknown SKU', [{ path: 'sku', message: 'no product variant has this SKU' }]);
  const available = await availableOf(env, sku);
  // Refused before the cart object is touched, so a failed first add creates no cart.
  if (quantity > available) throw outOfStock(sku, available, 0);
  const lines = written(await cartObject(env, id).add(sku, quantity, { available }));
  return priceCart(env, ctx, id, lines);
}

/** Sets the quantity of a line already in the cart; 0 removes it. */
export async function setItemQuantity(env: Env, ctx: Ctx, id: string | null, sku: string, quantity: number): Promise<Cart> {
  if (id === null) throw notInCart();
  const cap = quantity === 0 ? {} : { available: await availableOf(env, sku) };
  const lines = written(await cartObject(env, id).setQuantity(sku, quantity, cap));
  return priceCart(env, ctx, id, lines);
}

/** Removes the SKU's line; absent lines and absent carts are already as asked. */
export async function removeItem(env: Env, ctx: Ctx, id: string | null, sku: string): Promise<Cart> {
  if (id === null) return emptyCart();
  return priceCart(env, ctx, id, written(await cartObject(env, id).remove(sku)));
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

/** The lines after a write, or the refusal as the error the contract names. */
function written(result: CartWrite): CartLine[] {
  if (result.ok) return result.lines;
  switch (result.code) {
    case 'out_of_stock':
      throw outOfStock(result.sku, result.available, result.inCart);
    case 'quantity_limit':
      throw new ApiError('conflict', `A cart holds at most ${result.limit} of one SKU`, {
        reason: result.code,
        sku: result.sku,
        inCart: result.inCart,
        limit: result.limit,
      });
    case 'cart_full':
      throw new ApiError('conflict', `A cart holds at most ${result.limit} different SKUs`, {
        reason: result.code,
        limit: result.limit,
      });
    case 'not_in_cart':
      throw notInCart();
  }
}

const notInCart = () => new ApiError('not_found', 'That SKU is not in the cart');

function outOfStock(sku: string, available: number, inCart: number) {
  const message =
    available <= 0
      ? 'That item is out of stock'
      : `Only ${available} available${inCart > 0 ? ` (${inCart} already in the cart)` : ''}`;
  return new ApiError('out_of_stock', message, { skus: [sku], available, inCart });
}
