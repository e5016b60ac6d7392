import { Hono } from 'hono';
import { productIdSchema, productInputSchema } from '../catalog/product-input';
import { createProduct, deleteProduct, updateProduct } from '../catalog/product-writes';
import { bumpCatalogVersion } from '../catalog/version';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { skuParamSchema } from '../cart/schemas';
import { database } from '../db/client';
import { variants } from '../db/schema';
import { ApiError } from '../http/errors';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { adminAuth } from '../middleware/admin-auth';
import { requireJson } from '../middleware/require-json';
import { orderParamSchema } from '../orders/access';
import { listOrders, orderListQuerySchema } from '../orders/order-list';
import { refundOrder } from '../orders/refund';

/** A full refund; `reason` is kept with it for the books. */
const refundInputSchema = z.object({ reason: z.string().min(1).max(200).optional() }).strict();

/** Stock on hand lives in the SKU's counter (never in D1); the SKU must exist in the catalog. */
const stockInputSchema = z.object({ onHand: z.number().int().min(0).max(1_000_000_000) }).strict();

/**
 * Admin API: catalog writes (each bumps the catalog version, so the very next page or API read misses
 * the edge cache), stock counts, orders and refunds.
 */
export const adminApi = new Hono<AppEnv>()
  .use(adminAuth(), requireJson())
  .post('/products', validate('json', productInputSchema), async (c) => {
    const product = await createProduct(database(c.env.DB), c.req.valid('json'));
    await bumpCatalogVersion(c.env.CONFIG);
    return c.json(product, 201, { location: `/api/products/${product.slug}` });
  })
  .put('/products/:id', validate('param', productIdSchema), validate('json', productInputSchema), async (c) => {
    const product = await updateProduct(database(c.env.DB), c.req.valid('param').id, c.req.valid('json'));
    await bumpCatalogVersion(c.env.CONFIG);
    return c.json(product);
  })
  .get('/stock/:sku', validate('param', skuParamSchema), async (c) => {
    const snapshot = await c.env.INVENTORY.getByName(c.req.valid('param').sku).snapshot();
    return c.json({ sku: c.req.valid('param').sku, ...snapshot }, 200, { 'cache-control': 'no-store' });
  })
  .put('/stock/:sku', validate('param', skuParamSchema), validate('json', stockInputSchema), async (c) => {
    const { sku } = c.req.valid('param');
    const db = database(c.env.DB);
    const known = await db.select({ sku: variants.sku }).from(variants).where(eq(variants.sku, sku)).get();
    if (!known) throw new ApiError('not_found', 'No variant with that SKU');
    const result = await c.env.INVENTORY.getByName(sku).setOnHand(c.req.valid('json').onHand);
    return c.json({ sku, onHand: result.onHand, available: result.available });
  })
  .get('/orders', validate('query', orderListQuerySchema), async (c) =>
    c.json(await listOrders(database(c.env.DB), c.req.valid('query')), 200, { 'cache-control': 'no-store' }),
  )
  .post('/orders/:id/refund', validate('param', orderParamSchema), validate('json', refundInputSchema), async (c) =>
    c.json(await refundOrder(c.env, c.req.valid('param').id, c.req.valid('json').reason ?? 'requested_by_admin')),
  )
  .delete('/products/:id', validate('param', productIdSchema), async (c) => {
    await deleteProduct(database(c.env.DB), c.req.valid('param').id);
    await bumpCatalogVersion(c.env.CONFIG);
    return c.body(null, 204);
  });
