import { Hono } from 'hono';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { orderForToken, orderParamSchema, orderTokenQuerySchema } from '../orders/access';
import { orderView } from '../orders/order-store';
import { documented } from '../openapi/describe';
import { orderSchema } from '../openapi/responses';

/** `GET /api/orders/:id?token=`, mounted at `/api`. */
export const ordersApi = new Hono<AppEnv>().get(
  '/orders/:id',
  documented('An order’s status and totals (with its secret token)', { 200: orderSchema }),
  validate('param', orderParamSchema),
  validate('query', orderTokenQuerySchema),
  async (c) => {
    const order = await orderForToken(c.env, c.req.valid('param').id, c.req.valid('query').token);
    return c.json(await orderView(database(c.env.DB), order), 200, { 'cache-control': 'no-store' });
  },
);
