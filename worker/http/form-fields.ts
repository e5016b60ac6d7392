import type { Context } from 'hono';
import type { AppEnv } from './app-env';
import { ApiError } from './errors';

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/** A no-JS form post's fields; any other body type is 415 before it is read. */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new ApiError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded');
  }
  return c.req.parseBody();
}
