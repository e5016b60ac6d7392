import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import { parse, parseSigned } from 'hono/utils/cookie';
import type { AppEnv } from '../http/app-env';
import { knownVisitor } from './visitor-cookie';

/**
 * Admission to a drop: the cookie `drop_<id>`, HMAC-signed with `DROP_ADMISSION_SECRET` (hono's
 * signed cookies), holding `<dropId>~<visitor>~<ticket>~<exp ms>`. It is good only for that drop,
 * for the visitor whose signed `visitor` cookie comes with it, and until `exp`: a copy handed to
 * another browser fails on the visitor binding, and expiry bounds how long a leaked pair is worth
 * anything. The cookie's own Max-Age is a courtesy; `exp` inside the signature is what counts.
 */

/** How long an admission is good for after the queue lets the visitor in. */
export const ADMISSION_TTL_MS = 10 * 60_000;

const TOKEN = /^([a-z0-9][a-z0-9-]{0,63})~(vis_[A-Za-z0-9_-]{22})~(tkt_[0-9]+_[A-Za-z0-9_-]{22})~([0-9]{1,15})$/;

export interface Admission {
  dropId: string;
  visitor: string;
  ticket: string;
  expiresAt: number;
}

/** What a request brings to a drop's door: who it is, and its admission to a drop if it has one. */
export interface DropPass {
  visitor: string | null;
  admission(dropId: string): Promise<Admission | null>;
}

export const admissionCookie = (dropId: string) => `drop_${dropId}`;

function secret(env: Env): string {
  if (!env.DROP_ADMISSION_SECRET) throw new Error('DROP_ADMISSION_SECRET is not set');
  return env.DROP_ADMISSION_SECRET;
}

export async function issueAdmission(c: Context<AppEnv>, admission: Admission, nowMs: number): Promise<void> {
  const value = `${admission.dropId}~${admission.visitor}~${admission.ticket}~${admission.expiresAt}`;
  await setSignedCookie(c, admissionCookie(admission.dropId), value, secret(c.env), {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: c.req.url.startsWith('https:'),
    maxAge: Math.max(1, Math.ceil((admission.expiresAt - nowMs) / 1000)),
  });
}

/**
 * The request's pass: its visitor, and for any drop the admission that verifies (signature), names
 * that drop and that visitor, and has not expired at `nowMs`; anything else is no admission.
 */
export async function dropPass(c: Context<AppEnv>, nowMs: number): Promise<DropPass> {
  const visitor = await knownVisitor(c);
  return {
    visitor,
    async admission(dropId) {
      if (!visitor) return null;
      const admission = readAdmission(await getSignedCookie(c, secret(c.env), admissionCookie(dropId)));
      if (!admission || admission.dropId !== dropId || admission.visitor !== visitor || admission.expiresAt <= nowMs) return null;
      return admission;
    },
  };
}

/** A verified cookie value as an admission, or null when it is not one. */
function readAdmission(value: string | false | undefined): Admission | null {
  const parts = typeof value === 'string' ? TOKEN.exec(value) : null;
  return parts ? { dropId: parts[1]!, visitor: parts[2]!, ticket: parts[3]!, expiresAt: Number(parts[4]) } : null;
}

/** At most this many `drop_…` cookies are verified per request (an HMAC each). */
const MAX_ADMISSIONS_CHECKED = 4;

/**
 * Whether a request's Cookie header holds an admission to some drop that verifies, names the drop of
 * its cookie and has not expired at `nowMs`. Early load shedding lets such a cart add through (the
 * waiting room has already paced that shopper in). The visitor binding is not checked here: the cart
 * checks the whole pass when it adds a drop SKU.
 */
export async function holdsAdmission(cookieHeader: string | null, env: Env, nowMs: number): Promise<boolean> {
  if (!cookieHeader?.includes('drop_') || !env.DROP_ADMISSION_SECRET) return false;
  const names = Object.keys(parse(cookieHeader)).filter((name) => name.startsWith('drop_')).slice(0, MAX_ADMISSIONS_CHECKED);
  for (const name of names) {
    const admission = readAdmission((await parseSigned(cookieHeader, env.DROP_ADMISSION_SECRET, name))[name]);
    if (admission && admissionCookie(admission.dropId) === name && admission.expiresAt > nowMs) return true;
  }
  return false;
}

/** A pass that admits nowhere (paths without cookies: the reconciler, consumers). */
export const NO_PASS: DropPass = { visitor: null, admission: async () => null };
