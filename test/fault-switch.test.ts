import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import faultSwitch from '../dev/fault-switch/worker';
import { ADMIN_TOKEN, get, seedCatalog } from './helpers';

/** A request to the store wrapped in the drill's dev-only fault switch (dev/fault-switch/worker.ts). */
async function viaSwitch(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await faultSwitch.fetch(new Request(`http://store.test${path}`, init) as Request<unknown, IncomingRequestCfProperties>, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const arm = (name: string, body: unknown) =>
  viaSwitch(`/_dev/faults/${name}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  await seedCatalog(8);
});

describe('the drill’s fault switch', () => {
  it('is not part of the production entry: no control route, and its KV key changes nothing', async () => {
    const put = await get('/_dev/faults/d1-catalog', { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: '{"seconds":60}' });
    expect(put.status).toBe(404);
    await env.CONFIG.put('fault:d1-catalog', JSON.stringify({ until: Date.now() + 60_000 }));
    try {
      const res = await get('/api/products?limit=2&q=prod-only');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-cache')).toBe('MISS');
    } finally {
      await env.CONFIG.delete('fault:d1-catalog');
    }
  });

  it('under its own entry, fails catalog reads D1 answers while a copy cached before the fault keeps serving', async () => {
    const cached = '/api/products?limit=3';
    expect((await viaSwitch(cached)).status).toBe(200);
    expect((await arm('d1-catalog', { seconds: 30 })).status).toBe(200);
    try {
      const fromCache = await viaSwitch(cached);
      expect(fromCache.status).toBe(200);
      expect(fromCache.headers.get('x-cache')).not.toBe('MISS');
      expect((await viaSwitch('/api/products?limit=4')).status).toBeGreaterThanOrEqual(500);
      // Only catalog reads: the cart still reaches D1.
      expect((await viaSwitch('/api/cart')).status).toBe(200);
    } finally {
      await viaSwitch('/_dev/faults', { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    }
    expect((await viaSwitch('/api/products?limit=4')).status).toBe(200);
  });

  it('refuses a control call without the admin token or with an unknown fault', async () => {
    expect((await viaSwitch('/_dev/faults')).status).toBe(401);
    expect((await arm('no-such-fault', { seconds: 1 })).status).toBe(400);
    expect((await arm('d1-catalog', { seconds: -1 })).status).toBe(400);
  });
});
