import { Hono, type Context } from 'hono';
import { documented } from '../openapi/describe';
import { queueStatusSchema } from '../openapi/responses';
import * as z from 'zod';
import { botCheckFor, type BotCheckOutcome } from '../bot-check';
import { database } from '../db/client';
import { findDrop } from '../drops/drop-store';
import { ADMISSION_TTL_MS, issueAdmission } from '../drops/admission';
import { joinQueue, queueStanding, type Standing } from '../drops/queue';
import { dropIdParam } from '../drops/schemas';
import { knownVisitor, visitorId } from '../drops/visitor-cookie';
import { grantBotPass, hasBotPass } from '../drops/bot-pass';
import type { Drop } from '../drops/schemas';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import { rateLimit } from '../middleware/rate-limit';
import { requireJson } from '../middleware/require-json';

const NO_STORE = { 'cache-control': 'no-store' };
/** Turnstile's action for the queue widget (docs/drops.md). */
export const QUEUE_ACTION = 'drop-queue';

/** The Rate Limiting bindings' period (wrangler.toml `[[ratelimits]]`). */
const LIMIT_PERIOD_SECONDS = 60;
/**
 * Joins per client IP (wrangler.toml `DROP_JOIN_IP_LIMITER`). Cloudflare always sets
 * `cf-connecting-ip`; a request without it did not come through Cloudflare and has no address to count.
 */
export const joinLimiter = rateLimit(
  (env) => env.DROP_JOIN_IP_LIMITER,
  LIMIT_PERIOD_SECONDS,
  'Too many joins from here; try again shortly',
  (c) => c.req.header('cf-connecting-ip') ?? null,
);
/** Joins and polls per visitor; a first join (no visitor yet) is counted by IP only. */
export const visitorLimiter = rateLimit((env) => env.DROP_VISITOR_LIMITER, LIMIT_PERIOD_SECONDS, 'Too many requests from this browser; try again shortly', knownVisitor);

const joinBody = z.object({ turnstileToken: z.string().max(2048).optional() }).strict();
const statusQuery = z.object({ ticket: z.string().max(64) });

function botRefusal(outcome: Exclude<BotCheckOutcome, { ok: true }>): ApiError {
  if (outcome.reason === 'misconfigured' || outcome.reason === 'unavailable') {
    return new ApiError('unavailable', 'The bot check is unavailable; try again shortly', {}, { 'retry-after': '5' });
  }
  const message = outcome.reason === 'missing_token' ? 'Complete the check to join the queue' : 'The check did not pass; solve it again';
  return new ApiError('bot_check_failed', message, { reason: outcome.reason });
}

/** The standing as the contract's answer; an admitted one also sets the admission cookie `drop_<id>`. */
async function answer(c: Context<AppEnv>, drop: Drop, visitor: string, standing: Standing, nowMs: number) {
  await admitIfLetIn(c, drop, visitor, standing, nowMs);
  return c.json(standing.status, 200, NO_STORE);
}

/** Sets the admission cookie when the standing is an admission (API answers and the page alike). */
export async function admitIfLetIn(c: Context<AppEnv>, drop: Drop, visitor: string, standing: Standing, nowMs: number) {
  if (standing.status.admitted && standing.admittedAt !== null) {
    await issueAdmission(c, { dropId: drop.id, visitor, ticket: standing.status.ticket, expiresAt: standing.admittedAt + ADMISSION_TTL_MS }, nowMs);
  }
}

/** Joins the drop's queue as the request's visitor, after Turnstile when the drop asks and the visitor has no pass (refusals thrown). */
export async function joinAsVisitor(c: Context<AppEnv>, drop: Drop, turnstileToken: string | undefined, nowMs: number) {
  const known = await knownVisitor(c);
  const verify = drop.turnstile && !(known && (await hasBotPass(c, drop.id, known, nowMs)));
  if (verify) {
    const outcome = await botCheckFor(c.env).verify(turnstileToken, c.req.header('cf-connecting-ip') ?? null);
    if (!outcome.ok) throw botRefusal(outcome);
  }
  const visitor = known ?? (await visitorId(c));
  if (verify) await grantBotPass(c, drop.id, visitor, nowMs);
  return { visitor, standing: await joinQueue(c.env, drop, visitor, nowMs) };
}

async function dropOf(env: Env, id: string) {
  const drop = await findDrop(database(env.DB), id);
  if (!drop) throw new ApiError('not_found', 'No drop with that id');
  return drop;
}

/** The waiting room's API (CONTRACT.md "Drops"), mounted at `/api`. */
export const dropsApi = new Hono<AppEnv>()
  .post('/drops/:id/queue', documented('Join a drop’s waiting room', { 200: queueStatusSchema }), joinLimiter, visitorLimiter, requireJson(), validate('param', dropIdParam), validate('json', joinBody), async (c) => {
    const drop = await dropOf(c.env, c.req.valid('param').id);
    const now = Date.now();
    const { visitor, standing } = await joinAsVisitor(c, drop, c.req.valid('json').turnstileToken, now);
    return answer(c, drop, visitor, standing, now);
  })
  .get('/drops/:id/queue', documented('A ticket’s place in the waiting room', { 200: queueStatusSchema }), visitorLimiter, validate('param', dropIdParam), validate('query', statusQuery), async (c) => {
    const drop = await dropOf(c.env, c.req.valid('param').id);
    const visitor = await knownVisitor(c);
    const now = Date.now();
    const standing = await queueStanding(c.env, drop, c.req.valid('query').ticket, visitor, now);
    if (!standing || !visitor) throw new ApiError('not_found', 'No such ticket in this drop for this visitor');
    return answer(c, drop, visitor, standing, now);
  });
