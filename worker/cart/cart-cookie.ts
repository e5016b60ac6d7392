import type { Context } from 'hono';
import { getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import { CART_IDLE_MS } from '../../durable-objects/cart';
import type { AppEnv } from '../http/app-env';
import { randomId } from '../lib/random-id';

/**
 * The cart id lives in the HMAC-signed, HttpOnly cookie `cart`. A cookie whose signature does not
 * verify (tampered, signed by another secret, garbage) counts as no cookie: the visitor gets a new,
 * empty cart on their next write and can never name somebody else's.
 */

export const CART_COOKIE = 'cart';
/** `cart_` + 16 random bytes (128 bits) in base64url. */
const CART_ID = /^cart_[A-Za-z0-9_-]{22}$/;

export const newCartId = (): string => randomId('cart');

function secret(env: Env): string {
  // A missing secret is a deployment bug: fail loudly rather than sign with an empty key.
  if (!env.CART_COOKIE_SECRET) throw new Error('CART_COOKIE_SECRET is not set');
  return env.CART_COOKIE_SECRET;
}

/** The cart id of a validly signed cookie, or null. */
export async function readCartId(c: Context<AppEnv>): Promise<string | null> {
  const value = await getSignedCookie(c, secret(c.env), CART_COOKIE);
  if (typeof value !== 'string' || !CART_ID.test(value)) return null;
  const signed = getCookie(c, CART_COOKIE);
  if (signed !== undefined) c.set('cartCookie', { id: value, signed });
  return value;
}

/**
 * (Re)sets the cookie; every write sends it again so it expires with the cart, 30 days after the last.
 * HMAC is deterministic: signing the id this request's cookie verified for would give that cookie's
 * value again, so it is re-sent as it came, saving a key import and an HMAC on every cart write.
 */
export async function writeCartCookie(c: Context<AppEnv>, id: string): Promise<void> {
  const options = {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: c.req.url.startsWith('https:'),
    maxAge: CART_IDLE_MS / 1000,
  } as const;
  const verified = c.get('cartCookie');
  if (verified?.id === id) setCookie(c, CART_COOKIE, verified.signed, options);
  else await setSignedCookie(c, CART_COOKIE, id, secret(c.env), options);
}
