import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env';
import { pageKind } from './events';
import { flushSoon, telemetryOn, trackPageView } from './recorder';
import { newVisitorId, visitorCookie, visitorFromCookie } from './visitor';

/** Machine endpoints: no visitor, no page view. */
const MACHINE = /^\/(admin|webhooks|img|healthz|rum)(\/|$)/;

/**
 * The app's telemetry around every request: names the visitor (`vid` cookie, made with the first page served),
 * records a page view for each HTML page served (with the experiments that shaped it: their exposure),
 * and schedules the flush of whatever the request recorded (page view, add to cart, checkout) after
 * the answer.
 */
export const telemetry = (): MiddlewareHandler<AppEnv> =>
  async function telemetry(c, next) {
    if (!telemetryOn(c.env) || MACHINE.test(c.req.path)) {
      await next();
      flushSoon(c.env, c.executionCtx);
      return;
    }
    const known = visitorFromCookie(c.req.header('cookie') ?? null);
    if (known) c.set('visitor', known);
    await next();
    if (c.req.method === 'GET' && c.res.status === 200 && c.res.headers.get('content-type')?.startsWith('text/html')) {
      // A visitor is named on the first page they are served, never by an API answer.
      const visitor = known ?? newVisitorId();
      if (!known) c.header('set-cookie', visitorCookie(visitor, new URL(c.req.url).protocol === 'https:'), { append: true });
      const url = new URL(c.req.url);
      trackPageView({ visitor, page: pageKind(url.pathname, url.search), variants: c.get('experiments'), requestId: c.get('requestId') }, !known);
    }
    flushSoon(c.env, c.executionCtx);
  };
