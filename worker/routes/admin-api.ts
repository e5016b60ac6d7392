import { Hono } from 'hono';
import { productIdSchema, productInputSchema } from '../catalog/product-input';
import { createProduct, deleteProduct, updateProduct } from '../catalog/product-writes';
import { recordStockHint } from '../catalog/stock-hint';
import { bumpCatalogVersion } from '../catalog/version';
import { eq } from 'drizzle-orm';
import * as z from 'zod';
import { skuParamSchema } from '../cart/schemas';
import { database } from '../db/client';
import { variants } from '../db/schema';
import { ApiError, invalidRequest } from '../http/errors';
import { experimentIdParam, experimentSchema, flagKeyParam, flagSchema } from '../experiments/schemas';
import {
  deleteExperiment,
  EXPERIMENT_PREFIX,
  FLAG_PREFIX,
  getExperiment,
  getFlag,
  listDocuments,
  putExperiment,
  putFlag,
} from '../experiments/store';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { adminAuth } from '../middleware/admin-auth';
import { requireJson } from '../middleware/require-json';
import { orderParamSchema } from '../orders/access';
import { listOrders, orderListQuerySchema } from '../orders/order-list';
import { findOrder, orderView } from '../orders/order-store';
import { refundOrder } from '../orders/refund';
import { refundInputSchema, refundRequestOf } from '../orders/refund-input';
import { orThrow } from '../refusals/http';

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
    if (await recordStockHint(db, sku, result.available)) await bumpCatalogVersion(c.env.CONFIG);
    return c.json({ sku, onHand: result.onHand, available: result.available });
  })
  .get('/orders', validate('query', orderListQuerySchema), async (c) =>
    c.json(await listOrders(database(c.env.DB), c.req.valid('query')), 200, { 'cache-control': 'no-store' }),
  )
  .get('/orders/:id', validate('param', orderParamSchema), async (c) => {
    const db = database(c.env.DB);
    const order = await findOrder(db, c.req.valid('param').id);
    if (!order) throw new ApiError('not_found', 'No order with that id');
    return c.json(await orderView(db, order), 200, { 'cache-control': 'no-store' });
  })
  .post('/orders/:id/refund', validate('param', orderParamSchema), validate('json', refundInputSchema), async (c) => {
    const input = c.req.valid('json');
    const outcome = await refundOrder(c.env, c.req.valid('param').id, refundRequestOf(input), input.reason ?? 'requested_by_admin');
    return c.json(orThrow(outcome), 200, { 'cache-control': 'no-store' });
  })
  .get('/experiments', async (c) => c.json({ items: await listDocuments(c.env.CONFIG, EXPERIMENT_PREFIX) }))
  .get('/experiments/:id', validate('param', experimentIdParam), async (c) => {
    const experiment = await getExperiment(c.env.CONFIG, c.req.valid('param').id);
    if (!experiment) throw new ApiError('not_found', 'No experiment with that id');
    return c.json(experiment);
  })
  .put('/experiments/:id', validate('param', experimentIdParam), validate('json', experimentSchema), async (c) => {
    const experiment = c.req.valid('json');
    if (experiment.id !== c.req.valid('param').id) throw invalidRequest('The body names another experiment', [{ path: 'id', message: 'must match the URL' }]);
    await putExperiment(c.env.CONFIG, experiment);
    return c.json(experiment);
  })
  .delete('/experiments/:id', validate('param', experimentIdParam), async (c) => {
    if (!(await deleteExperiment(c.env.CONFIG, c.req.valid('param').id))) throw new ApiError('not_found', 'No experiment with that id');
    return c.body(null, 204);
  })
  .get('/flags', async (c) => c.json({ items: await listDocuments(c.env.CONFIG, FLAG_PREFIX) }))
  .get('/flags/:key', validate('param', flagKeyParam), async (c) => {
    const flag = await getFlag(c.env.CONFIG, c.req.valid('param').key);
    if (!flag) throw new ApiError('not_found', 'No flag with that key');
    return c.json(flag);
  })
  .put('/flags/:key', validate('param', flagKeyParam), validate('json', flagSchema), async (c) => {
    const flag = c.req.valid('json');
    if (flag.key !== c.req.valid('param').key) throw invalidRequest('The body names another flag', [{ path: 'key', message: 'must match the URL' }]);
    await putFlag(c.env.CONFIG, flag);
    return c.json(flag);
  })
  .delete('/products/:id', validate('param', productIdSchema), async (c) => {
    await deleteProduct(database(c.env.DB), c.req.valid('param').id);
    await bumpCatalogVersion(c.env.CONFIG);
    return c.body(null, 204);
  });
