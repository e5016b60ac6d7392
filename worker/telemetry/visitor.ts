import { parse, serialize } from 'hono/utils/cookie';
import { randomToken } from '../lib/random-id';

/**
 * The visitor id: a random first-party cookie (`vid`), the unit experiment exposure and conversion
 * are counted in. The `ab` cookie cannot serve: it holds only assignments, which many visitors share.
 * It is read from the raw header so the hot lane (which runs before Hono) reads it the same way, and
 * it is never part of the hot lane's key (a per-visitor key would thrash it).
 */
export const VISITOR_COOKIE = 'vid';
const VISITOR_ID = /^v_[A-Za-z0-9_-]{22}$/;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The visitor's id from a raw Cookie header; a value of another shape counts as none. */
export function visitorFromCookie(cookie: string | null): string | undefined {
  const value = cookie ? parse(cookie, VISITOR_COOKIE)[VISITOR_COOKIE] : undefined;
  return value !== undefined && VISITOR_ID.test(value) ? value : undefined;
}

/**
 * A new visitor id: `v_` and 22 random base64url characters (132 random bits). The random characters
 * are drawn POOL_IDS ids at a time, one `getRandomValues` and one native encode for 64 ids, and each
 * id takes the next 22 of them: no character is ever handed out twice, so ids stay as random and as
 * unguessable as one drawn alone, at a fraction of the cost on a hot page's replay (docs/observability.md).
 */
const ID_CHARS = 22;
const POOL_IDS = 64;
// 64 × 22 characters × 6 bits = 1,056 bytes: the pool's length is a multiple of the id's, no padding.
const POOL_BYTES = (POOL_IDS * ID_CHARS * 6) / 8;
let pool = ''; // filled on first use: the global scope may not draw random values
let next = 0;

export function newVisitorId(): string {
  if (next >= pool.length) {
    pool = randomToken(POOL_BYTES);
    next = 0;
  }
  const id = `v_${pool.slice(next, next + ID_CHARS)}`;
  next += ID_CHARS;
  return id;
}

const attributes = (secure: boolean) =>
  serialize(VISITOR_COOKIE, '', { maxAge: ONE_YEAR_SECONDS, path: '/', httpOnly: true, sameSite: 'Lax', secure }).slice(VISITOR_COOKIE.length + 1);
// The attributes never change: serialized once each way. (An id is base64url, which needs no encoding.)
const tails: Partial<Record<'plain' | 'secure', string>> = {};

export const visitorCookie = (id: string, secure: boolean) =>
  `${VISITOR_COOKIE}=${id}${(tails[secure ? 'secure' : 'plain'] ??= attributes(secure))}`;
