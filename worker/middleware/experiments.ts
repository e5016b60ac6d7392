import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AB_COOKIE, assign, serializeAssignments, variantKey } from '../experiments/assign';
import { KILL_SWITCHES } from '../experiments/kill-switches';
import { allExperiments, flagEnabled, peekExperiments, refreshExperiments } from '../experiments/store';
import type { AppEnv } from '../http/app-env';

/** Machine endpoints no experiment can apply to: no KV read, no cookie. */
const UNTESTED = /^\/(admin\/api|webhooks|img|healthz|rum)(\/|$)/;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * A/B assignment at the edge: sets `experiments` (what applies to this path) and `variantKey` (what
 * the edge cache keys on), answers `X-Experiments: <id>=<variant>;…`, and (re)sets the sticky `ab`
 * cookie when the visitor met an experiment for the first time. Exposures are recorded by the
 * telemetry middleware, with the page view they came with.
 */
export const experiments = (): MiddlewareHandler<AppEnv> =>
  async function experiments(c, next) {
    if (UNTESTED.test(c.req.path)) {
      c.set('experiments', {});
      c.set('variantKey', '');
      return next();
    }
    // A warm isolate with no experiment running skips the cookie and the assignment entirely.
    const known = peekExperiments() ?? (await allExperiments(c.env.CONFIG, c.executionCtx));
    refreshExperiments(c.env.CONFIG, c.executionCtx);
    // The `experiments` kill switch is read only when one is running: the common case stays KV-free.
    if (!known.some((e) => e.enabled) || !(await flagEnabled(c.env.CONFIG, c.executionCtx, KILL_SWITCHES.experiments))) {
      c.set('experiments', {});
      c.set('variantKey', '');
      return next();
    }
    const result = assign(known, getCookie(c, AB_COOKIE), c.req.path);
    const key = variantKey(result.applied);
    c.set('experiments', result.applied);
    c.set('assignments', Object.fromEntries(known.filter((e) => e.enabled).map((e) => [e.id, result.assignments.get(e.id)!])));
    c.set('variantKey', key);
    await next();
    if (key) c.header('x-experiments', key);
    if (result.changed) {
      setCookie(c, AB_COOKIE, serializeAssignments(result.assignments), {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: ONE_YEAR_SECONDS,
      });
    }
  };
