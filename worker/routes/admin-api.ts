import { Hono } from 'hono';
import { productIdSchema, productInputSchema } from '../catalog/product-input';
import { createProduct, deleteProduct, updateProduct } from '../catalog/product-writes';
import { bumpCatalogVersion } from '../catalog/version';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { adminAuth } from '../middleware/admin-auth';
import { requireJson } from '../middleware/require-json';

/**
 * Admin catalog writes. Every successful write bumps the catalog version, so the very next page or API
 * read misses the edge cache.
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
  .delete('/products/:id', validate('param', productIdSchema), async (c) => {
    await deleteProduct(database(c.env.DB), c.req.valid('param').id);
    await bumpCatalogVersion(c.env.CONFIG);
    return c.body(null, 204);
  });
