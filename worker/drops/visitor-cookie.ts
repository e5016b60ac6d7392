import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from '../http/app-env';
import { randomId } from '../lib/random-id';

/**
 * Who is queueing: a random `vis_…` id in the HMAC-signed, HttpOnly cookie `visitor`. A cookie that
 * does not verify counts as none. A visitor who drops the cookie gets a new place, at the back of
 * the order that then applies; Turnstile and the per-IP limit bound how often that pays.
 */

export const VISITOR_COOKIE = 'visitor';
const VISITOR_ID = /^vis_[A-Za-z0-9_-]{22}$/;
const MAX_AGE_SECONDS = 7 * 24 * 3600;

export function cookieSecret(env: Env): string {
  if (!env.CART_COOKIE_SECRET) throw new Error('CART_COOKIE_SECRET is not set');
  return env.CART_COOKIE_SECRET;
}

/** The visitor's id when the request carries a valid cookie; never sets one. */
export async function knownVisitor(c: Context<AppEnv>): Promise<string | null> {
  const value = await getSignedCookie(c, cookieSecret(c.env), VISITOR_COOKIE);
  return typeof value === 'string' && VISITOR_ID.test(value) ? value : null;
}

/** The visitor's id, set in a new cookie when the request had no valid one. */
export async function visitorId(c: Context<AppEnv>): Promise<string> {
  const known = await knownVisitor(c);
  if (known) return known;
  const id = randomId('vis');
  await setSignedCookie(c, VISITOR_COOKIE, id, cookieSecret(c.env), {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: c.req.url.startsWith('https:'),
    maxAge: MAX_AGE_SECONDS,
  });
  return id;
}
