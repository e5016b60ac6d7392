import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../worker/index';
import type { Experiment } from '../worker/experiments/schemas';
import { admin, ADMIN_TOKEN, expectError, useOwnWorker } from './helpers';

// Saves experiments (module state): this file runs its own Worker.
useOwnWorker();

const experiment = (id: string, a: number, b: number): Experiment => ({
  id,
  enabled: true,
  paths: ['/cart'],
  variants: [
    { name: 'a', weight: a },
    { name: 'b', weight: b },
  ],
});

/** The store answering with `over` in place of some bindings (outside services failing: D1, KV). */
async function putWith(over: Partial<Env>, e: Experiment) {
  const ctx = createExecutionContext();
  const req = new Request(`https://store.test/admin/api/experiments/${e.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(e),
  });
  const res = await worker.fetch(req as Request<unknown, IncomingRequestCfProperties>, { ...env, ...over } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const weightsOf = async (id: string) =>
  (await env.DB.prepare('select weights from experiment_weights where experiment_id = ? order by since').bind(id).all<{ weights: string }>()).results.map((r) => r.weights);
const stored = (id: string) => env.CONFIG.get(`experiment:${id}`, 'json');

/** D1 whose writes fail (reads still answer): the weights history cannot be kept. */
const failingWrites = new Proxy(env.DB, {
  get(target, prop) {
    if (prop !== 'prepare') return Reflect.get(target, prop).bind(target);
    return (sql: string) => {
      const stmt = target.prepare(sql);
      if (!/^\s*insert/i.test(sql)) return stmt;
      return { bind: () => ({ run: () => Promise.reject(new Error('D1_ERROR: database unavailable')) }) };
    };
  },
});
/** KV that reads but refuses every write. */
const refusingPuts = new Proxy(env.CONFIG, {
  get(target, prop) {
    if (prop === 'put') return () => Promise.reject(new Error('KV PUT failed: 500 Internal Server Error'));
    return Reflect.get(target, prop).bind(target);
  },
});

describe('saving an experiment is all or nothing', () => {
  it('D1 failing: 503 with the error shape, nothing in KV, no weights row', async () => {
    const res = await putWith({ DB: failingWrites }, experiment('save-d1', 50, 50));
    expect(res.headers.get('retry-after')).toBe('5');
    await expectError(res, 503, 'unavailable');
    expect(await stored('save-d1')).toBeNull();
    expect(await weightsOf('save-d1')).toEqual([]);
  });

  it('D1 failing on a change: the experiment and its history stay as they were', async () => {
    expect((await admin('PUT', '/experiments/save-change', experiment('save-change', 50, 50))).status).toBe(200);
    await expectError(await putWith({ DB: failingWrites }, experiment('save-change', 90, 10)), 503, 'unavailable');
    expect(await stored('save-change')).toEqual(experiment('save-change', 50, 50));
    expect(await weightsOf('save-change')).toEqual(['{"a":50,"b":50}']);
  });

  it('KV failing after D1 wrote: the weights row is taken back', async () => {
    expect((await admin('PUT', '/experiments/save-kv', experiment('save-kv', 50, 50))).status).toBe(200);
    const res = await putWith({ CONFIG: refusingPuts }, experiment('save-kv', 80, 20));
    expect(res.headers.get('retry-after')).toBe('5');
    await expectError(res, 503, 'unavailable');
    expect(await stored('save-kv')).toEqual(experiment('save-kv', 50, 50));
    expect(await weightsOf('save-kv')).toEqual(['{"a":50,"b":50}']);
    // A retry once KV is back saves both.
    expect((await admin('PUT', '/experiments/save-kv', experiment('save-kv', 80, 20))).status).toBe(200);
    expect(await stored('save-kv')).toEqual(experiment('save-kv', 80, 20));
    expect(await weightsOf('save-kv')).toEqual(['{"a":50,"b":50}', '{"a":80,"b":20}']);
  });

  it('an unchanged save after a KV failure undoes nothing it did not write', async () => {
    expect((await admin('PUT', '/experiments/save-same', experiment('save-same', 30, 70))).status).toBe(200);
    await expectError(await putWith({ CONFIG: refusingPuts }, experiment('save-same', 30, 70)), 503, 'unavailable');
    expect(await weightsOf('save-same')).toEqual(['{"a":30,"b":70}']);
    expect(await stored('save-same')).toEqual(experiment('save-same', 30, 70));
  });
});
