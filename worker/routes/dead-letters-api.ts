import { Hono } from 'hono';
import * as z from 'zod';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { adminAuth } from '../middleware/admin-auth';
import { requireJson } from '../middleware/require-json';
import { listDeadLetters, replayDeadLetters } from '../orders/dead-letters';
import { documented } from '../openapi/describe';
import { deadLettersSchema, replayReportSchema } from '../openapi/responses';

const listQuerySchema = z
  .object({ pending: z.enum(['0', '1']).default('1'), limit: z.coerce.number().int().min(1).max(100).default(100) })
  .strict();

const replaySchema = z
  .object({
    ids: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
    limit: z.number().int().min(1).max(100).default(100),
  })
  .strict();

/**
 * `GET /admin/api/dead-letters` and `POST /admin/api/dead-letters/replay` (what `npm run dlq:replay`
 * calls), mounted at `/admin/api`: messages that exhausted their retries, and sending them back once.
 */
export const deadLettersApi = new Hono<AppEnv>()
  .use(adminAuth(), requireJson())
  .get('/dead-letters', documented('Dead letters: messages that exhausted their retries', { 200: deadLettersSchema }), validate('query', listQuerySchema), async (c) => {
    const { pending, limit } = c.req.valid('query');
    const rows = await listDeadLetters(database(c.env.DB), pending === '1', limit);
    return c.json({ items: rows.map((r) => ({ ...r, body: JSON.parse(r.body) as unknown })) });
  })
  .post('/dead-letters/replay', documented('Send dead letters back to their queue, each at most once', { 200: replayReportSchema }), validate('json', replaySchema), async (c) => {
    const { ids, limit } = c.req.valid('json');
    return c.json(await replayDeadLetters(c.env, database(c.env.DB), { ids, limit }));
  });
