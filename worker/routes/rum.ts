import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { appliesTo, parseAssignments, AB_COOKIE } from '../experiments/assign';
import { peekExperiments } from '../experiments/store';
import type { AppEnv } from '../http/app-env';
import { ApiError, invalidRequest } from '../http/errors';
import { rateLimit } from '../middleware/rate-limit';
import { pageKind } from '../telemetry/events';
import { telemetryOn, track } from '../telemetry/recorder';
import { RUM_MAX_BYTES, rumBeaconSchema } from '../telemetry/rum';
import { getCookie } from 'hono/cookie';

const LIMIT_PERIOD_SECONDS = 60;
/** `navigator.sendBeacon` sends a string as text/plain; a Blob keeps its own type. */
const BEACON_TYPES = /^(application\/json|text\/plain)\s*(;|$)/i;

/**
 * `POST /rum`: real-user web vitals (public/js/rum.js). Size-limited, rate-limited per client IP,
 * validated; each metric becomes a `web_vital` event with the page's kind and the variants that shaped
 * that page, read from the `ab` cookie. No visitor id and nothing personal is kept.
 */
export const rum = new Hono<AppEnv>().post(
  '/rum',
  bodyLimit({
    maxSize: RUM_MAX_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', `Beacons are limited to ${RUM_MAX_BYTES} bytes`);
    },
  }),
  rateLimit((env) => env.RUM_LIMITER, LIMIT_PERIOD_SECONDS, 'Too many beacons from here'),
  async (c) => {
    if (!BEACON_TYPES.test(c.req.header('content-type') ?? '')) {
      throw new ApiError('unsupported_media_type', 'Send the beacon as application/json or text/plain');
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw invalidRequest('The beacon is not JSON', [{ path: 'body', message: 'not JSON' }]);
    }
    const parsed = rumBeaconSchema.safeParse(body);
    if (!parsed.success) {
      throw invalidRequest('Invalid beacon', parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message })));
    }
    if (telemetryOn(c.env)) {
      const url = new URL(parsed.data.page, c.req.url);
      const assigned = parseAssignments(getCookie(c, AB_COOKIE));
      const variants: Record<string, string> = {};
      for (const e of peekExperiments() ?? []) {
        const variant = assigned.get(e.id);
        if (e.enabled && variant && appliesTo(e, url.pathname)) variants[e.id] = variant;
      }
      const page = pageKind(url.pathname, url.search);
      for (const m of parsed.data.metrics) track({ type: 'web_vital', page, variants, reason: m.name, value: m.value });
    }
    return c.body(null, 204);
  },
);
