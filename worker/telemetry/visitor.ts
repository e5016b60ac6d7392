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

export const newVisitorId = () => `v_${randomToken(16)}`;

const attributes = (secure: boolean) =>
  serialize(VISITOR_COOKIE, '', { maxAge: ONE_YEAR_SECONDS, path: '/', httpOnly: true, sameSite: 'Lax', secure }).slice(VISITOR_COOKIE.length + 1);
// The attributes never change: serialized once each way. (An id is base64url, which needs no encoding.)
const tails: Partial<Record<'plain' | 'secure', string>> = {};

export const visitorCookie = (id: string, secure: boolean) =>
  `${VISITOR_COOKIE}=${id}${(tails[secure ? 'secure' : 'plain'] ??= attributes(secure))}`;
