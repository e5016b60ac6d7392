import * as z from 'zod';
import { database } from '../db/client';
import { ApiError } from '../http/errors';
import { tokensMatch } from '../middleware/admin-auth';
import { findOrder } from './order-store';

export const orderParamSchema = z.object({ id: z.string().regex(/^ord_[A-Za-z0-9_-]{22}$/, 'an order id') });
export const orderTokenQuerySchema = z.object({ token: z.string().max(64).optional() });

/**
 * The order, for whoever holds its token. A wrong or missing token answers exactly like an unknown
 * order (404), so order ids cannot be probed; the token is compared in constant time.
 */
export async function orderForToken(env: Env, id: string, token: string | undefined) {
  const order = await findOrder(database(env.DB), id);
  const expected = order?.token ?? 'no-such-order';
  if (!(await tokensMatch(token ?? '', expected)) || !order) throw new ApiError('not_found', 'No such order');
  return order;
}
