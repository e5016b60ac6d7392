import { Hono } from 'hono';
import { productIdSchema, productInputSchema } from '../catalog/product-input';
import { createProduct, deleteProduct, updateProduct } from '../catalog/product-writes';
import { bumpCatalogVersion } from '../catalog/version';
import { skuParamSchema } from '../cart/schemas';
import { bulkStockInputSchema, setStock, stockInputSchema } from '../cart/stock-writes';
import { database } from '../db/client';
import { ApiError, invalidRequest } from '../http/errors';
import { experimentIdParam, experimentSchema, flagKeyParam, flagSchema } from '../experiments/schemas';
import { saveExperiment } from '../experiments/save';
import {
  deleteExperiment,
  EXPERIMENT_PREFIX,
  FLAG_PREFIX,
  getExperiment,
  getFlag,
  listDocuments,
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
import { documented } from '../openapi/describe';
import { documentSchema, listOf, orderListSchema, orderSchema, productSchema, stockLevelSchema, stockSnapshotSchema } from '../openapi/responses';
import { stockLayout, stockOf } from '../inventory/stock-layout';

/**
 * Admin API: catalog writes (each bumps the catalog version, so the very next page or API read misses
 * the edge cache), stock counts, orders and refunds.
 */
export const adminApi = new Hono<AppEnv>()
  .use(adminAuth(), requireJson())
  .post('/products', documented('Create a product', { 201: productSchema }), validate('json', productInputSchema), async (c) => {
    const product = await createProduct(database(c.env.DB), c.req.valid('json'));
    await bumpCatalogVersion(c.env.CONFIG);
    return c.json(product, 201, { location: `/api/products/${product.slug}` });
  })
  .put('/products/:id', documented('Replace a product (what GET /api/products/:slug answers, edited)', { 200: productSchema }), validate('param', productIdSchema), validate('json', productInputSchema), async (c) => {
    const product = await updateProduct(database(c.env.DB), c.req.valid('param').id, c.req.valid('json'));
    await bumpCatalogVersion(c.env.CONFIG);
    return c.json(product);
  })
  .get('/stock/:sku', documented('A SKU’s counter: on hand, reserved, available', { 200: stockSnapshotSchema }), validate('param', skuParamSchema), async (c) => {
    const { sku } = c.req.valid('param');
    const snapshot = await stockOf(c.env, await stockLayout(c.env, [sku]), sku).snapshot();
    return c.json({ sku, ...snapshot }, 200, { 'cache-control': 'no-store' });
  })
  .put('/stock/:sku', documented('Set a SKU’s stock on hand', { 200: stockLevelSchema }), validate('param', skuParamSchema), validate('json', stockInputSchema), async (c) => {
    const [level] = await setStock(c.env, database(c.env.DB), [{ sku: c.req.valid('param').sku, ...c.req.valid('json') }]);
    return c.json(level);
  })
  .put('/stock', documented('Set many SKUs’ stock on hand in one call', { 200: listOf(stockLevelSchema) }), validate('json', bulkStockInputSchema), async (c) =>
    c.json({ items: await setStock(c.env, database(c.env.DB), c.req.valid('json').items) }),
  )
  .get('/orders', documented('Orders, newest first', { 200: orderListSchema }), validate('query', orderListQuerySchema), async (c) =>
    c.json(await listOrders(database(c.env.DB), c.req.valid('query')), 200, { 'cache-control': 'no-store' }),
  )
  .get('/orders/:id', documented('An order with its lines’ refunded units', { 200: orderSchema }), validate('param', orderParamSchema), async (c) => {
    const db = database(c.env.DB);
    const order = await findOrder(db, c.req.valid('param').id);
    if (!order) throw new ApiError('not_found', 'No order with that id');
    return c.json(await orderView(db, order), 200, { 'cache-control': 'no-store' });
  })
  .post('/orders/:id/refund', documented('Refund an order, in part or whole', { 200: documentSchema }), validate('param', orderParamSchema), validate('json', refundInputSchema), async (c) => {
    const input = c.req.valid('json');
    const outcome = await refundOrder(c.env, c.req.valid('param').id, refundRequestOf(input), input.reason ?? 'requested_by_admin');
    return c.json(orThrow(outcome), 200, { 'cache-control': 'no-store' });
  })
  .get('/experiments', documented('Experiments in KV', { 200: listOf(documentSchema) }), async (c) => c.json({ items: await listDocuments(c.env.CONFIG, EXPERIMENT_PREFIX) }))
  .get('/experiments/:id', documented('An experiment', { 200: experimentSchema }), validate('param', experimentIdParam), async (c) => {
    const experiment = await getExperiment(c.env.CONFIG, c.req.valid('param').id);
    if (!experiment) throw new ApiError('not_found', 'No experiment with that id');
    return c.json(experiment);
  })
  .put('/experiments/:id', documented('Create or replace an experiment', { 200: experimentSchema }), validate('param', experimentIdParam), validate('json', experimentSchema), async (c) => {
    const experiment = c.req.valid('json');
    if (experiment.id !== c.req.valid('param').id) throw invalidRequest('The body names another experiment', [{ path: 'id', message: 'must match the URL' }]);
    // All or nothing: the weights in force from now on (for the sample-ratio check), then the document.
    const saved = await saveExperiment(c.env, experiment);
    if (!saved.ok) throw new ApiError('unavailable', 'The experiment could not be saved; nothing was changed. Try again shortly', { reason: `${saved.failed}_unavailable` }, { 'retry-after': '5' });
    return c.json(experiment);
  })
  .delete('/experiments/:id', documented('Delete an experiment', { 204: null }), validate('param', experimentIdParam), async (c) => {
    if (!(await deleteExperiment(c.env.CONFIG, c.req.valid('param').id))) throw new ApiError('not_found', 'No experiment with that id');
    return c.body(null, 204);
  })
  .get('/flags', documented('Feature flags in KV', { 200: listOf(documentSchema) }), async (c) => c.json({ items: await listDocuments(c.env.CONFIG, FLAG_PREFIX) }))
  .get('/flags/:key', documented('A feature flag', { 200: flagSchema }), validate('param', flagKeyParam), async (c) => {
    const flag = await getFlag(c.env.CONFIG, c.req.valid('param').key);
    if (!flag) throw new ApiError('not_found', 'No flag with that key');
    return c.json(flag);
  })
  .put('/flags/:key', documented('Create or replace a feature flag', { 200: flagSchema }), validate('param', flagKeyParam), validate('json', flagSchema), async (c) => {
    const flag = c.req.valid('json');
    if (flag.key !== c.req.valid('param').key) throw invalidRequest('The body names another flag', [{ path: 'key', message: 'must match the URL' }]);
    await putFlag(c.env.CONFIG, flag);
    return c.json(flag);
  })
  .delete('/products/:id', documented('Delete a product', { 204: null }), validate('param', productIdSchema), async (c) => {
    await deleteProduct(database(c.env.DB), c.req.valid('param').id);
    await bumpCatalogVersion(c.env.CONFIG);
    return c.body(null, 204);
  });
