import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { newCartId, readCartId, writeCartCookie } from '../cart/cart-cookie';
import { addItem, readCart, setItemQuantity } from '../cart/carts';
import { addItemFormSchema, setQuantityFormSchema, skuSchema } from '../cart/schemas';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { formFields } from '../http/form-fields';
import { sameOriginForms } from '../middleware/same-origin-forms';
import { CartPage, type CartNotice } from '../views/cart';
import { Layout } from '../views/layout';

/** `/cart?notice=…`: what the last form post could not do. Anything unexpected is simply not shown. */
const noticeQuery = z.object({
  notice: z.enum(['out_of_stock', 'quantity_limit', 'cart_full', 'unknown_sku', 'invalid_quantity', 'not_in_cart']),
  sku: skuSchema.optional(),
  available: z.string().regex(/^\d{1,6}$/).transform(Number).optional(),
});

/** Post/redirect/get: every form post answers 303 to the cart page, with a notice when refused. */
const backToCart = (c: Context<AppEnv>, notice?: CartNotice) => {
  const query = new URLSearchParams();
  if (notice) {
    query.set('notice', notice.code);
    if (notice.sku) query.set('sku', notice.sku);
    if (notice.available !== undefined) query.set('available', String(notice.available));
  }
  return c.redirect(query.size > 0 ? `/cart?${query}` : '/cart', 303);
};

/** The refusals a shopper can cause with our own forms, as notices; anything else is a real error. */
function noticeFor(err: unknown, sku: string): CartNotice {
  if (err instanceof ApiError) {
    const { details } = err;
    if (err.code === 'out_of_stock') return { code: 'out_of_stock', sku, available: Number(details['available']) };
    if (err.code === 'conflict' && details['reason'] === 'quantity_limit') return { code: 'quantity_limit', sku };
    if (err.code === 'conflict' && details['reason'] === 'cart_full') return { code: 'cart_full', sku };
    if (err.code === 'invalid_request') return { code: 'unknown_sku', sku };
    if (err.code === 'not_found') return { code: 'not_in_cart', sku };
  }
  throw err;
}

/**
 * The cart for people: `GET /cart` (never cached: it is one shopper's) and the no-JS form posts of
 * the product and cart pages.
 */
export const cartPages = new Hono<AppEnv>()
  .get('/cart', async (c) => {
    const cart = await readCart(c.env, c.executionCtx, await readCartId(c));
    const query = noticeQuery.safeParse(c.req.query());
    const notice = query.success ? { code: query.data.notice, sku: query.data.sku, available: query.data.available } : undefined;
    c.header('cache-control', 'no-store');
    return c.html(
      <Layout title="Your cart" description="The items in your Edgefront cart." canonical={`${new URL(c.req.url).origin}/cart`}>
        <CartPage cart={cart} notice={notice} />
      </Layout>,
    );
  })
  .post('/cart/items', sameOriginForms(), async (c) => {
    const form = addItemFormSchema.safeParse(await formFields(c));
    if (!form.success) {
      const skuIssue = form.error.issues.some((i) => i.path[0] === 'sku');
      return backToCart(c, { code: skuIssue ? 'unknown_sku' : 'invalid_quantity' });
    }
    const id = (await readCartId(c)) ?? newCartId();
    try {
      await addItem(c.env, c.executionCtx, id, form.data);
    } catch (err) {
      return backToCart(c, noticeFor(err, form.data.sku));
    }
    await writeCartCookie(c, id);
    return backToCart(c);
  })
  .post('/cart/items/:sku', sameOriginForms(), async (c) => {
    const sku = skuSchema.safeParse(c.req.param('sku'));
    const form = setQuantityFormSchema.safeParse(await formFields(c));
    if (!sku.success) return backToCart(c, { code: 'not_in_cart' });
    if (!form.success) return backToCart(c, { code: 'invalid_quantity', sku: sku.data });
    const id = await readCartId(c);
    try {
      await setItemQuantity(c.env, c.executionCtx, id, sku.data, form.data.quantity);
    } catch (err) {
      return backToCart(c, noticeFor(err, sku.data));
    }
    if (id) await writeCartCookie(c, id);
    return backToCart(c);
  });
