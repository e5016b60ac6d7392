import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { ApiError } from '../http/errors';

const check = csrf();
const skip = () => Promise.resolve();

/**
 * Form posts must come from our own pages (hono's `csrf`: same-origin `Sec-Fetch-Site` or `Origin`).
 * A cross-site form could otherwise swap a shopper's cart cookie for one the attacker filled: the
 * `SameSite=Lax` cookie is not sent with it, but the answer's `Set-Cookie` would still be stored.
 * The refusal is the contract's 400 instead of hono's bare 403 text.
 */
export const sameOriginForms = (): MiddlewareHandler =>
  async function sameOriginForms(c, next) {
    try {
      await check(c, skip);
    } catch {
      throw new ApiError('invalid_request', 'Forms must be posted from this site', { issues: [] });
    }
    await next();
  };
