import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { loadGauge } from '../http/load-shed';

const check = async (probe: () => Promise<unknown>) => {
  try {
    await probe();
    return 'ok' as const;
  } catch {
    return 'error' as const;
  }
};

/**
 * `GET /healthz`: `{ ok, checks, load }`, 503 when a binding the store needs does not answer. `load` is
 * the answering isolate's shedding gauge (worker/http/load-shed.ts).
 */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  const [d1, kv, r2] = await Promise.all([
    check(() => c.env.DB.prepare('select 1').first()),
    check(() => c.env.CONFIG.get('healthz')),
    check(() => c.env.MEDIA.head('healthz')),
  ]);
  const ok = d1 === 'ok' && kv === 'ok' && r2 === 'ok';
  c.header('cache-control', 'no-store');
  return c.json({ ok, checks: { d1, kv, r2 }, load: loadGauge(c.env) }, ok ? 200 : 503);
});
