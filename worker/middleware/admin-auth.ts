import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { ApiError } from '../http/errors';
import type { AppEnv } from '../http/app-env';

const encoder = new TextEncoder();
const sha256 = (text: string) => crypto.subtle.digest('SHA-256', encoder.encode(text));

/**
 * Constant-time token check: both sides are hashed first, so the comparison runs over equal-length
 * digests and leaks neither the token's content nor its length.
 */
export async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  return crypto.subtle.timingSafeEqual(a, b) && expected.length > 0;
}

const bearer = bearerAuth({
  verifyToken: (token, c) => tokensMatch(token, (c.env as Env).ADMIN_TOKEN ?? ''),
}) as unknown as MiddlewareHandler<AppEnv>;

/**
 * `Authorization: Bearer <ADMIN_TOKEN>` on every admin API route. Hono answers a header of another
 * scheme with 400; to a client that simply lacks the bearer credentials that is a 401 (RFC 6750 §3).
 */
export const adminAuth = (): MiddlewareHandler<AppEnv> =>
  async function adminAuth(c, next) {
    try {
      return await bearer(c, next);
    } catch (err) {
      if (err instanceof HTTPException && err.status === 400) {
        throw new ApiError('unauthorized', 'A valid bearer token is required', {}, { 'www-authenticate': 'Bearer' });
      }
      throw err;
    }
  };
