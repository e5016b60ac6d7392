import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import type { HealthMetrics } from '../worker/telemetry/metrics';
import { ADDRESS, eventually, skuPool } from './checkout-helpers';
import { expectError, get, useOwnWorker } from './helpers';
import { newVisitorId } from '../worker/telemetry/visitor';
import { adminJson, Visitor } from './telemetry-helpers';

useOwnWorker();

let sku: string;
let slug: string;
beforeAll(async () => {
  const take = await skuPool(10);
  sku = (await take(1_000)).sku;
  slug = (await env.DB.prepare('select p.slug from products p join variants v on v.product_id = p.id where v.sku = ?').bind(sku).first<{ slug: string }>())!.slug;
});

const eventsOf = (visitor: string) =>
  env.DB.prepare('select type, page from events where visitor = ? order by at').bind(visitor).all<{ type: string; page: string }>();

describe('page views', () => {
  it('a hot-lane replay records its page view and names a new visitor like the app does', async () => {
    // The page's first render wakes its SKUs' stock feeds, whose first band write takes that first copy
    // out of service (worker/cache/stock-generation.ts): warm it with cookie-less views until it replays.
    await eventually(async () => expect((await get(`/products/${slug}`)).headers.get('server-timing')).toBe('cache;desc="hot"'));
    // A returning visitor (their views are recorded one by one; cookie-less ones are sampled, below).
    const vid = newVisitorId();
    const first = new Visitor({ vid });
    await first.view(`/products/${slug}`);
    const again = await first.fetch('GET', `/products/${slug}`);
    expect(again.headers.get('server-timing')).toBe('cache;desc="hot"');
    // A cookie-less request replayed from the lane is a new visitor, with a cookie of its own.
    const stranger = await get(`/products/${slug}`);
    expect(stranger.headers.get('server-timing')).toBe('cache;desc="hot"');
    expect(stranger.headers.get('set-cookie')).toMatch(/^vid=v_[A-Za-z0-9_-]{22}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    await eventually(async () => expect((await eventsOf(vid)).results).toEqual([
      { type: 'page_view', page: 'product' },
      { type: 'page_view', page: 'product' },
    ]));
  });

  it('JSON answers and admin pages are not page views', async () => {
    const v = new Visitor({ vid: newVisitorId() });
    await v.view('/');
    expect((await v.fetch('GET', '/api/products?limit=1')).status).toBe(200);
    expect((await v.fetch('GET', '/admin')).status).toBe(200);
    await v.add(sku);
    await eventually(async () => expect((await eventsOf(v.jar.get('vid')!)).results.map((e) => e.type)).toEqual(['page_view', 'add_to_cart']));
  });
});

describe('cookie-less page views', () => {
  const weighted = (vids: string[]) =>
    env.DB.prepare(`select visitor, value from events where type = 'page_view' and visitor in (select value from json_each(?))`)
      .bind(JSON.stringify(vids))
      .all<{ visitor: string; value: number | null }>();

  it('are sampled 1 in 16, weighing what they stand for; Health counts each of those visitors once', async () => {
    // Let the flush of the views above go (it records what its sampler skipped), then start from zero.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = (await adminJson<HealthMetrics>('/admin/api/metrics?window=1h')).visitors;
    const vids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await get(`/products/${slug}`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      vids.push(/^vid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!);
    }
    expect(new Set(vids).size).toBe(40); // every one named, sampled or not
    const rows = await eventually(async () => {
      const { results } = await weighted(vids);
      expect(results.reduce((sum, r) => sum + (r.value ?? 0), 0)).toBe(40);
      return results;
    });
    // A few events, not 40: the 16th, the 32nd, what the flush found left (more only if a flush fell between).
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.length).toBeLessThanOrEqual(6);
    for (const r of rows) expect(r.value).toBeGreaterThan(0);
    for (const r of rows) expect(r.value).toBeLessThanOrEqual(16);
    expect((await adminJson<HealthMetrics>('/admin/api/metrics?window=1h')).visitors).toBe(before + 40);
  });
});

describe('POST /rum', () => {
  const beacon = (body: unknown, type = 'text/plain;charset=UTF-8') =>
    get('/rum', { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('keeps each vital with its page kind; Health shows the p75 per page kind', async () => {
    for (const value of [1000, 2000, 3000, 4000, 5000]) {
      expect((await beacon({ page: `/products/${slug}`, metrics: [{ name: 'LCP', value }, { name: 'CLS', value: value / 100_000 }] })).status).toBe(204);
    }
    expect((await beacon({ page: '/', metrics: [{ name: 'TTFB', value: 80 }] }, 'application/json')).status).toBe(204);
    const m = await eventually(async () => {
      const m = await adminJson<HealthMetrics>('/admin/api/metrics?window=1h');
      expect(m.vitals).toHaveLength(3);
      return m;
    });
    // p75 of 1000…5000 (simple-statistics' quantile of the sorted samples).
    expect(m.vitals).toEqual([
      { page: 'home', name: 'TTFB', p75: 80, samples: 1 },
      { page: 'product', name: 'CLS', p75: 0.04, samples: 5 },
      { page: 'product', name: 'LCP', p75: 4000, samples: 5 },
    ]);
  });

  it.each([
    ['NaN', '{"page":"/","metrics":[{"name":"LCP","value":NaN}]}'],
    ['a string value', { page: '/', metrics: [{ name: 'LCP', value: 'NaN' }] }],
    ['a negative value', { page: '/', metrics: [{ name: 'INP', value: -1 }] }],
    ['a huge value', { page: '/', metrics: [{ name: 'LCP', value: 1e12 }] }],
    ['a CLS above any page', { page: '/', metrics: [{ name: 'CLS', value: 51 }] }],
    ['an unknown metric', { page: '/', metrics: [{ name: 'FID', value: 10 }] }],
    ['no metrics', { page: '/', metrics: [] }],
    ['a page that is no path', { page: 'https://evil.example/', metrics: [{ name: 'LCP', value: 1 }] }],
    ['an extra field', { page: '/', metrics: [{ name: 'LCP', value: 1 }], email: 'a@b.c' }],
  ])('refuses %s with 400', async (_, body) => {
    await expectError(await beacon(body), 400, 'invalid_request');
  });

  it('refuses a 64 KB body (413) and a form (415)', async () => {
    await expectError(await beacon({ page: '/', metrics: [{ name: 'LCP', value: 1 }], pad: 'x'.repeat(64 * 1024) }), 413, 'payload_too_large');
    await expectError(await beacon('page=/', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
  });

  it('a flood from one address is limited (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 130 && !limited; i += 1) {
      const res = await beacon({ page: '/', metrics: [{ name: 'FCP', value: 100 }] });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited).toBeDefined();
    await expectError(limited!, 429, 'rate_limited');
    expect(limited!.headers.get('retry-after')).toBe('60');
    expect(statuses.filter((s) => s !== 204 && s !== 429)).toEqual([]);
  });
});

describe('a failing event store never fails a page or a checkout', () => {
  it('the queue refusing every send', async () => {
    const refusing = { ...env, EVENTS: { send: () => Promise.reject(new Error('queue down')), sendBatch: () => Promise.reject(new Error('queue down')) } };
    const send = async (url: string, init?: RequestInit) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(url, init) as Request<unknown, IncomingRequestCfProperties>, refusing as unknown as Env, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    // Events are buffered per isolate: let the flush earlier tests scheduled (with the working queue) go first.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const v = new Visitor({}, send);
    await v.view('/');
    await v.view(`/products/${slug}`);
    await v.add(sku);
    const res = await v.fetch('POST', '/api/checkout', { email: 'down@example.com', shippingAddress: ADDRESS });
    expect(res.status, await res.clone().text()).toBe(201);
    // The fault was real: nothing of this visitor reached the store.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await eventsOf(v.jar.get('vid')!)).results).toEqual([]);
  });

  it('D1 refusing the events (table gone)', async () => {
    await env.DB.prepare('drop table events').run();
    const v = new Visitor();
    await v.view('/');
    await v.add(sku);
    const res = await v.fetch('POST', '/api/checkout', { email: 'gone@example.com', shippingAddress: ADDRESS });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await get(`/products/${slug}`)).status).toBe(200);
  });
});
