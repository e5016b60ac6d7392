import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env';
import { ApiError, type ErrorCode } from './errors';
import { OVERLOAD_RETRY_AFTER_SECONDS, isD1Failure, isOverloaded } from './overload';

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Hono's own HTTPExceptions (bearer auth, malformed JSON…) become contract errors too. */
export function toApiError(err: Error): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    const code = CODE_FOR_STATUS[err.status] ?? (err.status >= 500 ? 'internal_error' : 'invalid_request');
    const headers: Record<string, string> = {};
    const challenge = err.res?.headers.get('www-authenticate');
    if (challenge) headers['www-authenticate'] = challenge;
    const message = code === 'unauthorized' ? 'A valid bearer token is required' : err.message || code;
    return new ApiError(code, message, code === 'invalid_request' ? { issues: [] } : {}, headers);
  }
  // D1 failing (overloaded, unreachable, storage errors) is an outage, not a bug in this request: tell
  // the client to come back rather than that we broke.
  if (isD1Failure(err)) {
    return new ApiError('unavailable', 'The catalog is briefly unavailable', {}, { 'retry-after': '5' });
  }
  // An overloaded Durable Object (a hot SKU's counter, a cart hammered by a script): busy, not broken,
  // and never the runtime's own words.
  if (isOverloaded(err)) {
    return new ApiError('unavailable', 'Too many shoppers at once; try again in a moment', { reason: 'overloaded' }, {
      'retry-after': String(OVERLOAD_RETRY_AFTER_SECONDS),
    });
  }
  return new ApiError('internal_error', 'Something went wrong on our side');
}

/** The single place errors become responses: the contract's JSON shape, never a stack trace. */
export const onError: ErrorHandler<AppEnv> = (err, c) => renderError(c, toApiError(err));

export function renderError(c: Context<AppEnv>, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  c.header('cache-control', 'no-store');
  return c.json(error.toJSON(), error.status);
}
