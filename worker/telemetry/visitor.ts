import { randomToken } from '../lib/random-id';

/**
 * The visitor id: a random first-party cookie (`vid`), the unit experiment exposure and conversion
 * are counted in. The `ab` cookie cannot serve: it holds only assignments, which many visitors share.
 * It is read from the raw header so the hot lane (which runs before Hono) reads it the same way, and
 * it is never part of the hot lane's key (a per-visitor key would thrash it).
 */
export const VISITOR_COOKIE = 'vid';
const VISITOR = /(?:^|;\s*)vid=(v_[A-Za-z0-9_-]{22})(?:;|$)/;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export const visitorFromCookie = (cookie: string | null): string | undefined => (cookie ? VISITOR.exec(cookie)?.[1] : undefined);

export const newVisitorId = () => `v_${randomToken(16)}`;

export const visitorCookie = (id: string, secure: boolean) =>
  `${VISITOR_COOKIE}=${id}; Max-Age=${ONE_YEAR_SECONDS}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
