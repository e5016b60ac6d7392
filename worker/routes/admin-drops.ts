import { Hono } from 'hono';
import { documented } from '../openapi/describe';
import { dropSchema, listOf } from '../openapi/responses';
import { bumpCatalogVersion } from '../catalog/version';
import { database } from '../db/client';
import { deleteDrop, findDrop, listDrops, putDrop, type DropWrite } from '../drops/drop-store';
import { dropBodySchema, dropFromBody, dropIdParam } from '../drops/schemas';
import type { AppEnv } from '../http/app-env';
import { ApiError, invalidRequest } from '../http/errors';
import { validate } from '../http/validate';
import { adminAuth } from '../middleware/admin-auth';
import { requireJson } from '../middleware/require-json';

const NO_STORE = { 'cache-control': 'no-store' };

/** A refused drop write as the contract's 400 (bad values) or 409 (a SKU another drop holds). */
function refusal(write: Exclude<DropWrite, { ok: true }>): ApiError {
  switch (write.code) {
    case 'starts_in_past':
      return invalidRequest('Invalid json', [{ path: 'startsAt', message: 'a new drop must start in the future' }]);
    case 'unknown_skus':
      return invalidRequest('Invalid json', [{ path: 'skus', message: `not in the catalog: ${write.skus.join(', ')}` }]);
    case 'sku_in_another_drop':
      return new ApiError('conflict', 'A SKU of this drop belongs to another drop', { reason: 'sku_in_another_drop', skus: write.skus });
  }
}

/** Admin API for drops (CONTRACT.md "Drops"), mounted at `/admin/api`. */
export const adminDropsApi = new Hono<AppEnv>()
  // `/drops/*` also matches `/drops`.
  .use('/drops/*', adminAuth(), requireJson())
  .get('/drops', documented('Every drop', { 200: listOf(dropSchema) }), async (c) => c.json({ items: await listDrops(database(c.env.DB)) }, 200, NO_STORE))
  .get('/drops/:id', documented('A drop', { 200: dropSchema }), validate('param', dropIdParam), async (c) => {
    const drop = await findDrop(database(c.env.DB), c.req.valid('param').id);
    if (!drop) throw new ApiError('not_found', 'No drop with that id');
    return c.json(drop, 200, NO_STORE);
  })
  .put('/drops/:id', documented('Create or replace a drop', { 200: dropSchema }), validate('param', dropIdParam), validate('json', dropBodySchema), async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.id !== undefined && body.id !== id) throw invalidRequest('Invalid json', [{ path: 'id', message: 'must match the id in the path' }]);
    const write = await putDrop(database(c.env.DB), dropFromBody(id, body), Date.now());
    if (!write.ok) throw refusal(write);
    // Product pages of its SKUs show the drop (and are cached under the catalog version).
    await bumpCatalogVersion(c.env.CONFIG);
    return c.json(write.value, 200, NO_STORE);
  })
  .delete('/drops/:id', documented('Delete a drop', { 204: null }), validate('param', dropIdParam), async (c) => {
    if (!(await deleteDrop(database(c.env.DB), c.req.valid('param').id))) throw new ApiError('not_found', 'No drop with that id');
    await bumpCatalogVersion(c.env.CONFIG);
    return c.body(null, 204);
  });
