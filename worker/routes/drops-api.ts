import { Hono } from 'hono';
import { documented } from '../openapi/describe';
import { queueStatusSchema } from '../openapi/responses';
import * as z from 'zod';
import { botCheckFor, type BotCheckOutcome } from '../bot-check';
import { database } from '../db/client';
import { findDrop } from '../drops/drop-store';
import { joinQueue, queueStatus } from '../drops/queue';
import { dropIdParam } from '../drops/schemas';
import { visitorId } from '../drops/visitor-cookie';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import { requireJson } from '../middleware/require-json';

const NO_STORE = { 'cache-control': 'no-store' };
/** Turnstile's action for the queue widget (docs/drops.md). */
export const QUEUE_ACTION = 'drop-queue';

const joinBody = z.object({ turnstileToken: z.string().max(2048).optional() }).strict();
const statusQuery = z.object({ ticket: z.string().max(64) });

function botRefusal(outcome: Exclude<BotCheckOutcome, { ok: true }>): ApiError {
  if (outcome.reason === 'misconfigured' || outcome.reason === 'unavailable') {
    return new ApiError('unavailable', 'The bot check is unavailable; try again shortly', {}, { 'retry-after': '5' });
  }
  const message = outcome.reason === 'missing_token' ? 'Complete the check to join the queue' : 'The check did not pass; solve it again';
  return new ApiError('bot_check_failed', message, { reason: outcome.reason });
}

async function dropOf(env: Env, id: string) {
  const drop = await findDrop(database(env.DB), id);
  if (!drop) throw new ApiError('not_found', 'No drop with that id');
  return drop;
}

/** The waiting room's API (CONTRACT.md "Drops"), mounted at `/api`. */
export const dropsApi = new Hono<AppEnv>()
  .post('/drops/:id/queue', documented('Join a drop’s waiting room', { 200: queueStatusSchema }), requireJson(), validate('param', dropIdParam), validate('json', joinBody), async (c) => {
    const drop = await dropOf(c.env, c.req.valid('param').id);
    if (drop.turnstile) {
      const outcome = await botCheckFor(c.env).verify(c.req.valid('json').turnstileToken, c.req.header('cf-connecting-ip') ?? null);
      if (!outcome.ok) throw botRefusal(outcome);
    }
    return c.json(await joinQueue(c.env, drop, await visitorId(c), Date.now()), 200, NO_STORE);
  })
  .get('/drops/:id/queue', documented('A ticket’s place in the waiting room', { 200: queueStatusSchema }), validate('param', dropIdParam), validate('query', statusQuery), async (c) => {
    const drop = await dropOf(c.env, c.req.valid('param').id);
    const status = await queueStatus(c.env, drop, c.req.valid('query').ticket, Date.now());
    if (!status) throw new ApiError('not_found', 'No such ticket in this drop');
    return c.json(status, 200, NO_STORE);
  });
