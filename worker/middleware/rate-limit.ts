import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';

/**
 * Per-visitor limit through a Rate Limiting binding. The visitor is the client IP Cloudflare reports
 * (`cf-connecting-ip`); locally every request comes from 127.0.0.1, which is why the dev limit is
 * generous enough for the flash-sale bench's shoppers.
 */
export const rateLimit = (
  binding: (env: Env) => RateLimit,
  periodSeconds: number,
  message = 'Too many checkouts from here; try again shortly',
  /** What is counted; default the client IP. Null: this request is not limited by this binding. */
  keyOf: (c: Context<AppEnv>) => Promise<string | null> | string | null = (c) => c.req.header('cf-connecting-ip') ?? 'local',
): MiddlewareHandler<AppEnv> =>
  async function rateLimit(c, next) {
    const key = await keyOf(c);
    if (key === null) return next();
    const { success } = await binding(c.env).limit({ key });
    if (!success) {
      throw new ApiError('rate_limited', message, {}, { 'retry-after': String(periodSeconds) });
    }
    await next();
  };
