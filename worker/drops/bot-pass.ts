import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from '../http/app-env';
import { cookieSecret } from './visitor-cookie';

/**
 * A visitor who passed Turnstile for a drop's queue is remembered in the signed, HttpOnly cookie
 * `drop_pass` = `<dropId>~<visitor>~<expiresAt ms>`, so a retried join (after a busy answer, a lost
 * response, the page and the API alike) does not verify again: a real token verifies only once, and
 * re-verifying under load is what timed out. It grants nothing else: a join is idempotent per
 * visitor (the same place however often), and it is bound to this drop and this visitor.
 */

export const BOT_PASS_COOKIE = 'drop_pass';
export const BOT_PASS_TTL_MS = 30 * 60_000;

export async function hasBotPass(c: Context<AppEnv>, dropId: string, visitor: string, nowMs: number): Promise<boolean> {
  const value = await getSignedCookie(c, cookieSecret(c.env), BOT_PASS_COOKIE);
  if (typeof value !== 'string') return false;
  const [drop, who, expires] = value.split('~');
  return drop === dropId && who === visitor && Number(expires) > nowMs;
}

export async function grantBotPass(c: Context<AppEnv>, dropId: string, visitor: string, nowMs: number): Promise<void> {
  await setSignedCookie(c, BOT_PASS_COOKIE, `${dropId}~${visitor}~${nowMs + BOT_PASS_TTL_MS}`, cookieSecret(c.env), {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: c.req.url.startsWith('https:'),
    maxAge: BOT_PASS_TTL_MS / 1000,
  });
}
