import { Hono, type Context } from 'hono';
import { readCartId, newCartId, writeCartCookie } from '../cart/cart-cookie';
import { shippingAddressSchema } from '../address';
import {
  addItem,
  applyCode,
  readCart,
  removeCode,
  removeItem,
  setItemQuantity,
  setShippingAddress,
  setShippingOption,
} from '../cart/carts';
import {
  addItemSchema,
  applyCodeSchema,
  codeParamSchema,
  setQuantitySchema,
  shippingOptionSchema,
  skuParamSchema,
  stockQuerySchema,
} from '../cart/schemas';
import { stockLevels } from '../cart/stock';
import type { Cart } from '../cart/types';
import { dropPass } from '../drops/admission';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { requireJson } from '../middleware/require-json';
import { orThrow, refusalError } from '../refusals/http';
import { noticeText } from '../refusals/notices';
import type { Outcome } from '../refusals/refusals';
import { ApiError } from '../http/errors';
import { cartListings } from '../cart/listings';
import { documented } from '../openapi/describe';
import { cartCountSchema, cartSchema, stockSchema } from '../openapi/responses';
import { trackAddToCart } from '../telemetry/request-events';

/** A cart is one shopper's: never stored by a shared cache. */
const NO_STORE = { 'cache-control': 'no-store' };

const answer = (c: Context<AppEnv>, cart: Cart) => c.json(cart, 200, NO_STORE);

/**
 * Unwraps a cart line write; a refusal is thrown as its contract error plus `notice`: the shopper's
 * words for it from worker/refusals/notices.ts, naming the item ("Hoodie: only 2 available, so your
 * cart was not changed."). The drawer and the cart page's in-place controls show that text as it
 * is, so the wording lives in one place for the pages and the scripts.
 */
async function orRefuseNamed<T>(c: Context<AppEnv>, outcome: Outcome<T>): Promise<T> {
  if (outcome.ok) return outcome.value;
  const sku = 'sku' in outcome ? outcome.sku : undefined;
  const listed = sku ? (await cartListings(c.env, c.executionCtx, [sku])).get(sku) : undefined;
  const items = sku && listed ? [{ sku, title: listed.title, variantTitle: listed.variantTitle }] : [];
  const error = refusalError(outcome);
  throw new ApiError(error.code, error.message, { ...error.details, notice: noticeText(outcome, { items }) }, error.headers);
}

/**
 * The cart and stock API of CONTRACT.md, mounted at `/api`. Handlers stay thin: validate, read the
 * signed cart cookie, call the cart domain (worker/cart/), answer.
 */
export const cartApi = new Hono<AppEnv>()
  .get('/cart', documented('The shopper’s cart', { 200: cartSchema }), async (c) => answer(c, await readCart(c.env, c.executionCtx, await readCartId(c))))
  // The header's cart-count island: cached pages never carry a shopper's count, the page asks here.
  .get('/cart/count', documented('How many items the shopper’s cart holds (the header island)', { 200: cartCountSchema }), async (c) => {
    const { itemCount } = await readCart(c.env, c.executionCtx, await readCartId(c));
    return c.json({ itemCount }, 200, NO_STORE);
  })
  .post('/cart/items', documented('Add a SKU to the cart (creates it and sets the cookie)', { 200: cartSchema }), requireJson(), validate('json', addItemSchema), async (c) => {
    const id = (await readCartId(c)) ?? newCartId();
    const line = c.req.valid('json');
    const cart = await orRefuseNamed(c, await addItem(c.env, c.executionCtx, id, line, await dropPass(c, Date.now())));
    trackAddToCart(c, line.sku, line.quantity);
    await writeCartCookie(c, id);
    return answer(c, cart);
  })
  .patch(
    '/cart/items/:sku',
    documented('Set a line’s quantity (0 removes it)', { 200: cartSchema }),
    requireJson(),
    validate('param', skuParamSchema),
    validate('json', setQuantitySchema),
    async (c) => {
      const id = await readCartId(c);
      const cart = await orRefuseNamed(c, await setItemQuantity(c.env, c.executionCtx, id, c.req.valid('param').sku, c.req.valid('json').quantity));
      if (id) await writeCartCookie(c, id);
      return answer(c, cart);
    },
  )
  .delete('/cart/items/:sku', documented('Remove a line', { 200: cartSchema }), validate('param', skuParamSchema), async (c) => {
    const id = await readCartId(c);
    const cart = await removeItem(c.env, c.executionCtx, id, c.req.valid('param').sku);
    if (id) await writeCartCookie(c, id);
    return answer(c, cart);
  })
  .post('/cart/discounts', documented('Enter a discount code', { 200: cartSchema }), requireJson(), validate('json', applyCodeSchema), async (c) => {
    const id = (await readCartId(c)) ?? newCartId();
    const cart = orThrow(await applyCode(c.env, c.executionCtx, id, c.req.valid('json').code));
    await writeCartCookie(c, id);
    return answer(c, cart);
  })
  .delete('/cart/discounts/:code', documented('Remove a discount code', { 200: cartSchema }), validate('param', codeParamSchema), async (c) => {
    const id = await readCartId(c);
    const cart = await removeCode(c.env, c.executionCtx, id, c.req.valid('param').code);
    if (id) await writeCartCookie(c, id);
    return answer(c, cart);
  })
  .put('/cart/shipping-address', documented('Set the shipping address', { 200: cartSchema }), requireJson(), validate('json', shippingAddressSchema), async (c) => {
    const id = (await readCartId(c)) ?? newCartId();
    const cart = orThrow(await setShippingAddress(c.env, c.executionCtx, id, c.req.valid('json')));
    await writeCartCookie(c, id);
    return answer(c, cart);
  })
  .put('/cart/shipping-option', documented('Choose a shipping method', { 200: cartSchema }), requireJson(), validate('json', shippingOptionSchema), async (c) => {
    const id = await readCartId(c);
    const cart = orThrow(await setShippingOption(c.env, c.executionCtx, id, c.req.valid('json').id));
    if (id) await writeCartCookie(c, id);
    return answer(c, cart);
  })
  .get('/stock', documented('Live stock of up to 100 SKUs', { 200: stockSchema }), validate('query', stockQuerySchema), async (c) => {
    const items = await stockLevels(c.env, c.req.valid('query').skus);
    return c.json({ items }, 200, NO_STORE);
  });
