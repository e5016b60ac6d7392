import type { MiddlewareHandler } from 'hono';
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
): MiddlewareHandler<AppEnv> =>
  async function rateLimit(c, next) {
    const key = c.req.header('cf-connecting-ip') ?? 'local';
    const { success } = await binding(c.env).limit({ key });
    if (!success) {
      throw new ApiError('rate_limited', message, {}, { 'retry-after': String(periodSeconds) });
    }
    await next();
  };
