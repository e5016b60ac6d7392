import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../http/errors';

/** Bodies of JSON endpoints must say they are JSON: anything else is 415 before it is read. */
export const requireJson = (): MiddlewareHandler =>
  async function requireJson(c, next) {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
        throw new ApiError('unsupported_media_type', 'Send the body as application/json');
      }
    }
    await next();
  };
