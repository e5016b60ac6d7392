import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../../durable-objects/cart';
import { trackAddToCart } from '../telemetry/request-events';
import { newCartId, readCartId, writeCartCookie } from '../cart/cart-cookie';
import { addItem, readCart, setItemQuantity } from '../cart/carts';
import { cartListings } from '../cart/listings';
import { addItemFormSchema, setQuantityFormSchema, skuSchema } from '../cart/schemas';
import { dropPass } from '../drops/admission';
import { DROP_ID_PATTERN } from '../drops/schemas';
import type { AppEnv } from '../http/app-env';
import { formFields } from '../http/form-fields';
import { sameOriginForms } from '../middleware/same-origin-forms';
import { refusalOf, type CartLineRefusal } from '../refusals/refusals';
import { CartPage } from '../views/cart';
import { Layout } from '../views/layout';

/** The notices a cart form post can leave, as they travel in `/cart?notice=…`. */
type CartNotice = CartLineRefusal | { code: 'invalid_quantity' };
const CART_NOTICES = ['out_of_stock', 'quantity_limit', 'cart_full', 'unknown_sku', 'invalid_quantity', 'not_in_cart', 'not_admitted', 'limit_exceeded'] as const;

/** `/cart?notice=…`: what the last form post could not do. Anything unexpected is simply not shown. */
const noticeQuery = z
  .object({
    notice: z.enum(CART_NOTICES),
    sku: skuSchema.optional(),
    available: z.string().regex(/^\d{1,6}$/).transform(Number).optional(),
    drop: z.string().regex(DROP_ID_PATTERN).optional(),
    limit: z.string().regex(/^\d{1,2}$/).transform(Number).optional(),
  })
  .transform(({ notice, sku = '', available = 0, drop = '', limit = 1 }): CartNotice => {
    switch (notice) {
      case 'not_admitted':
        return { code: notice, dropId: drop };
      case 'limit_exceeded':
        return { code: notice, dropId: drop, limit, claimed: 0 };
      case 'out_of_stock':
        return { code: notice, sku, available, inCart: 0 };
      case 'quantity_limit':
        return { code: notice, sku, inCart: 0, limit: MAX_LINE_QUANTITY };
      case 'cart_full':
        return { code: notice, limit: MAX_CART_LINES };
      case 'unknown_sku':
      case 'not_in_cart':
        return { code: notice, sku };
      case 'invalid_quantity':
        return { code: notice };
    }
  });

/** Post/redirect/get: every form post answers 303 to the cart page, with the notice when refused. */
const backToCart = (c: Context<AppEnv>, notice?: CartNotice) => {
  const query = new URLSearchParams();
  if (notice) {
    query.set('notice', notice.code);
    if ('sku' in notice && notice.sku) query.set('sku', notice.sku);
    if ('available' in notice) query.set('available', String(notice.available));
    if ('dropId' in notice) query.set('drop', notice.dropId);
    if ('limit' in notice && notice.code === 'limit_exceeded') query.set('limit', String(notice.limit));
  }
  return c.redirect(query.size > 0 ? `/cart?${query}` : '/cart', 303);
};

/**
 * The cart for people: `GET /cart` (never cached: it is one shopper's) and the no-JS form posts of
 * the product and cart pages.
 */
export const cartPages = new Hono<AppEnv>()
  .get('/cart', async (c) => {
    const cart = await readCart(c.env, c.executionCtx, await readCartId(c));
    const query = noticeQuery.safeParse(c.req.query());
    const notice = query.success ? query.data : undefined;
    // A refused first add names the item too, though it never reached the cart.
    const sku = notice && 'sku' in notice ? notice.sku : '';
    const listed = sku && !cart.items.some((i) => i.sku === sku) ? (await cartListings(c.env, c.executionCtx, [sku])).get(sku) : undefined;
    const named = listed ? [{ sku, title: listed.title, variantTitle: listed.variantTitle }] : [];
    c.header('cache-control', 'no-store');
    // One shopper's cart is no landing page: out of indexes as well as out of crawls (robots.txt).
    c.header('x-robots-tag', 'noindex');
    return c.html(
      <Layout title="Your cart" description="The items in your Edgefront cart." canonical={`${new URL(c.req.url).origin}/cart`} noindex>
        <CartPage cart={cart} notice={notice} named={named} />
      </Layout>,
    );
  })
  .post('/cart/items', sameOriginForms(), async (c) => {
    const form = addItemFormSchema.safeParse(await formFields(c));
    if (!form.success) {
      const skuIssue = form.error.issues.some((i) => i.path[0] === 'sku');
      return backToCart(c, skuIssue ? { code: 'unknown_sku', sku: '' } : { code: 'invalid_quantity' });
    }
    const id = (await readCartId(c)) ?? newCartId();
    const added = await addItem(c.env, c.executionCtx, id, form.data, await dropPass(c, Date.now()));
    if (!added.ok) return backToCart(c, refusalOf(added));
    trackAddToCart(c, form.data.sku, form.data.quantity);
    await writeCartCookie(c, id);
    return backToCart(c);
  })
  .post('/cart/items/:sku', sameOriginForms(), async (c) => {
    const sku = skuSchema.safeParse(c.req.param('sku'));
    const form = setQuantityFormSchema.safeParse(await formFields(c));
    if (!sku.success) return backToCart(c, { code: 'not_in_cart', sku: '' });
    if (!form.success) return backToCart(c, { code: 'invalid_quantity' });
    const id = await readCartId(c);
    const set = await setItemQuantity(c.env, c.executionCtx, id, sku.data, form.data.quantity);
    if (!set.ok) return backToCart(c, refusalOf(set));
    if (id) await writeCartCookie(c, id);
    return backToCart(c);
  });
