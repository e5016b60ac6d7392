import { Hono } from 'hono';
import * as z from 'zod';
import { skuSchema } from '../cart/schemas';
import { requireKnownSkus } from '../cart/stock-writes';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import { documented } from '../openapi/describe';

const liveStockQuerySchema = z.object({ sku: skuSchema }).strict();

/**
 * `GET /api/stock/live?sku=`: a WebSocket carrying `{ sku, available }` once on connect and on every
 * change, held by the SKU's `StockFeed` (hibernating; docs/drops.md "Live stock"). Client messages
 * are ignored; floods and large frames close the socket (1008 / 1009).
 */
export const stockLiveApi = new Hono<AppEnv>().get(
  '/stock/live',
  documented('Live stock of one SKU over a WebSocket: `{ sku, available }` on connect and on change', { 101: null }),
  validate('query', liveStockQuerySchema),
  async (c) => {
    const { sku } = c.req.valid('query');
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError('upgrade_required', 'Connect with a WebSocket (Upgrade: websocket); GET /api/stock?skus= answers once', {}, { upgrade: 'websocket' });
    }
    await requireKnownSkus(database(c.env.DB), [sku]);
    const res = await c.env.STOCK_FEED.getByName(sku).fetch(c.req.raw);
    // A new Response: the object's has immutable headers, and the app's middleware adds its own.
    if (res.status === 101 && res.webSocket) return new Response(null, { status: 101, webSocket: res.webSocket, headers: res.headers });
    throw new ApiError('unavailable', 'Live stock is busy; poll GET /api/stock instead', {}, { 'retry-after': res.headers.get('retry-after') ?? '30' });
  },
);
