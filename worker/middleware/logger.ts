import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env';
import { traceFrom, withTrace } from '../telemetry/trace';

/**
 * One structured JSON line per request (Workers Logs indexes JSON fields), with its request id and
 * W3C trace id (the request runs inside that trace: worker/telemetry/trace.ts), plus the error when
 * there was one. Never logs bodies, cookies or the Authorization header. `LOG_LEVEL=warn` keeps only
 * failures (the tests use it).
 */
export const jsonLogger = (): MiddlewareHandler<AppEnv> =>
  async function jsonLogger(c, next) {
    const started = Date.now();
    const trace = traceFrom(c.req.header('traceparent'));
    await withTrace(trace, next);
    const line = {
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId: c.get('requestId'),
      traceId: trace.traceId,
      method: c.req.method,
      path: c.req.path.slice(0, 200),
      status: c.res.status,
      ms: Date.now() - started,
      cache: c.get('cacheStatus'),
      colo: (c.req.raw.cf as { colo?: string } | undefined)?.colo,
      error: c.error ? { name: c.error.name, message: c.error.message.slice(0, 500) } : undefined,
    };
    if (line.level === 'error') console.error(JSON.stringify(line));
    else if (c.env.LOG_LEVEL !== 'warn' && c.env.LOG_LEVEL !== 'error') console.log(JSON.stringify(line));
  };
