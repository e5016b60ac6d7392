import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
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

/** `Authorization: Bearer <ADMIN_TOKEN>` on every admin API route. */
export const adminAuth = (): MiddlewareHandler<AppEnv> =>
  bearerAuth({ verifyToken: (token, c) => tokensMatch(token, (c.env as Env).ADMIN_TOKEN ?? '') });
