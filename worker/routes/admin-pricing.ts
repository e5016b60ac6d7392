import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { bumpCatalogVersion } from '../catalog/version';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import { adminAuth } from '../middleware/admin-auth';
import { requireJson } from '../middleware/require-json';
import {
  promotionBodySchema,
  promotionFromBody,
  shippingZoneBodySchema,
  shippingZoneFromBody,
  taxSettingsBodySchema,
  taxSettingsFromBody,
} from '../pricing/schemas';
import {
  deletePromotion,
  deleteZone,
  findPromotion,
  findZone,
  listPromotions,
  listZones,
  putPromotion,
  putTaxSettings,
  putZone,
  taxSettings,
  type RuleWrite,
} from '../rules/admin-store';
import { documented } from '../openapi/describe';
import { documentSchema, listOf } from '../openapi/responses';

const idParam = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens (at most 64)') });

const NO_STORE = { 'cache-control': 'no-store' };

/** A rule write's answer; every write bumps the catalog version, so carts and pages price with it at once. */
async function written<T>(c: Context<AppEnv>, write: RuleWrite<T>) {
  if (!write.ok) throw new ApiError('conflict', write.detail, { reason: write.conflict });
  await bumpCatalogVersion(c.env.CONFIG);
  return c.json(write.value);
}

/**
 * Admin API for what the pricing engine reads (CONTRACT.md "Orders with addresses, shipping, tax and
 * discounts"), mounted at `/admin/api`: promotions, shipping zones with their methods, tax rates and
 * whether prices include tax.
 */
export const adminPricingApi = new Hono<AppEnv>()
  .use(adminAuth(), requireJson())
  .get('/promotions', documented('Promotions', { 200: listOf(documentSchema) }), async (c) => c.json({ items: await listPromotions(database(c.env.DB)) }, 200, NO_STORE))
  .get('/promotions/:id', documented('A promotion', { 200: documentSchema }), validate('param', idParam), async (c) => {
    const promotion = await findPromotion(database(c.env.DB), c.req.valid('param').id);
    if (!promotion) throw new ApiError('not_found', 'No promotion with that id');
    return c.json(promotion, 200, NO_STORE);
  })
  .put('/promotions/:id', documented('Create or replace a promotion', { 200: documentSchema }), validate('param', idParam), validate('json', promotionBodySchema), async (c) =>
    written(c, await putPromotion(database(c.env.DB), promotionFromBody(c.req.valid('param').id, c.req.valid('json')))),
  )
  .delete('/promotions/:id', documented('Delete a promotion', { 204: null }), validate('param', idParam), async (c) => {
    if (!(await deletePromotion(database(c.env.DB), c.req.valid('param').id))) throw new ApiError('not_found', 'No promotion with that id');
    await bumpCatalogVersion(c.env.CONFIG);
    return c.body(null, 204);
  })
  .get('/shipping-zones', documented('Shipping zones with their methods', { 200: listOf(documentSchema) }), async (c) => c.json({ items: await listZones(database(c.env.DB)) }, 200, NO_STORE))
  .get('/shipping-zones/:id', documented('A shipping zone', { 200: documentSchema }), validate('param', idParam), async (c) => {
    const zone = await findZone(database(c.env.DB), c.req.valid('param').id);
    if (!zone) throw new ApiError('not_found', 'No shipping zone with that id');
    return c.json(zone, 200, NO_STORE);
  })
  .put('/shipping-zones/:id', documented('Create or replace a shipping zone', { 200: documentSchema }), validate('param', idParam), validate('json', shippingZoneBodySchema), async (c) =>
    written(c, await putZone(database(c.env.DB), shippingZoneFromBody(c.req.valid('param').id, c.req.valid('json')))),
  )
  .delete('/shipping-zones/:id', documented('Delete a shipping zone', { 204: null }), validate('param', idParam), async (c) => {
    if (!(await deleteZone(database(c.env.DB), c.req.valid('param').id))) throw new ApiError('not_found', 'No shipping zone with that id');
    await bumpCatalogVersion(c.env.CONFIG);
    return c.body(null, 204);
  })
  .get('/tax', documented('Tax rates and whether prices include tax', { 200: documentSchema }), async (c) => c.json(await taxSettings(database(c.env.DB)), 200, NO_STORE))
  .put('/tax', documented('Replace the tax rates and the inclusive setting', { 200: documentSchema }), validate('json', taxSettingsBodySchema), async (c) => {
    const { taxIncluded, rates } = taxSettingsFromBody(c.req.valid('json'));
    const saved = await putTaxSettings(database(c.env.DB), { pricesIncludeTax: taxIncluded, taxRates: rates });
    await bumpCatalogVersion(c.env.CONFIG);
    return c.json(saved);
  });
