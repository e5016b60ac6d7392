import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { appliesTo, assign, parseAssignments, pickVariant } from '../worker/experiments/assign';
import heroExperiment from '../worker/experiments/hero-experiment.json';
import { experimentSchema, type Experiment } from '../worker/experiments/schemas';
import { checkoutAs, shopperWith, skuPool } from './checkout-helpers';
import { admin, expectError, get, useOwnWorker } from './helpers';

// Drives module state on purpose (provider failures trip the circuit breaker; enabled experiments).
useOwnWorker();

/** The home page's hero experiment, as `npm run demo:traffic` plays it (one definition for both). */
const hero = (overrides: Partial<Experiment> = {}): Experiment => ({ ...experimentSchema.parse(heroExperiment), ...overrides });

const putExperiment = (e: Experiment) => admin('PUT', `/experiments/${e.id}`, e);
const cookieOf = (res: Response) => /(?:^|,\s*)ab=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const heroVariant = async (res: Response) => /class="hero" data-variant="([^"]+)"/.exec(await res.text())?.[1];

let take: Awaited<ReturnType<typeof skuPool>>;
beforeAll(async () => {
  take = await skuPool(20);
});

describe('admin experiments and flags API', () => {
  it('stores, answers and deletes an experiment document in KV', async () => {
    const doc = hero({ id: 'banner', paths: ['/products/*'] });
    expect((await putExperiment(doc)).status).toBe(200);
    expect(JSON.parse((await env.CONFIG.get('experiment:banner'))!)).toEqual(doc);
    expect(await (await admin('GET', '/experiments/banner')).json()).toEqual(doc);
    expect(((await (await admin('GET', '/experiments')).json()) as { items: unknown[] }).items).toContainEqual(doc);
    expect((await admin('DELETE', '/experiments/banner')).status).toBe(204);
    await expectError(await admin('DELETE', '/experiments/banner'), 404, 'not_found');
    await expectError(await admin('GET', '/experiments/banner'), 404, 'not_found');
  });

  it.each([
    ['one variant', { variants: [{ name: 'a', weight: 1 }] }],
    ['all weights 0', { variants: [{ name: 'a', weight: 0 }, { name: 'b', weight: 0 }] }],
    ['duplicate variants', { variants: [{ name: 'a', weight: 1 }, { name: 'a', weight: 1 }] }],
    ['a path without /', { paths: ['products'] }],
    ['no paths', { paths: [] }],
    ['an unknown field', { owner: 'marketing' }],
    ['a non-boolean enabled', { enabled: 'yes' }],
    ['another id than the URL', { id: 'other' }],
  ])('refuses %s with 400 and writes nothing', async (_, change) => {
    await expectError(await admin('PUT', '/experiments/bad', { ...hero({ id: 'bad' }), ...change }), 400, 'invalid_request');
    expect(await env.CONFIG.get('experiment:bad')).toBeNull();
  });

  it('needs the admin token', async () => {
    await expectError(await get('/admin/api/experiments/hero'), 401, 'unauthorized');
    await expectError(await admin('PUT', '/flags/checkout', { key: 'checkout', enabled: false }, { authorization: 'Bearer nope' }), 401, 'unauthorized');
  });

  it('the checkout flag pauses checkout (503) and carts keep working', async () => {
    const shopper = await shopperWith([(await take(5)).sku, 1]);
    expect((await admin('PUT', '/flags/checkout', { key: 'checkout', enabled: false, description: 'maintenance' })).status).toBe(200);
    expect(await (await admin('GET', '/flags/checkout')).json()).toEqual({ key: 'checkout', enabled: false, description: 'maintenance' });
    const paused = await checkoutAs(shopper, 'paused@example.com');
    await expectError(paused, 503, 'unavailable');
    expect(paused.headers.get('retry-after')).toBe('60');
    expect((await shopper.cart()).items).toHaveLength(1);
    await admin('PUT', '/flags/checkout', { key: 'checkout', enabled: true });
    expect((await checkoutAs(shopper, 'resumed@example.com')).status).toBe(201);
  });
});

describe('A/B assignment at the edge', () => {
  it('a first visit gets a sticky `ab` cookie, an X-Experiments header and the variant’s HTML', async () => {
    await putExperiment(hero());
    const first = await get('/');
    const cookie = cookieOf(first);
    expect(cookie).toMatch(/^hero\.(control|bold)$/);
    const variant = cookie!.split('.')[1];
    expect(first.headers.get('x-experiments')).toBe(`hero=${variant}`);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(await heroVariant(first)).toBe(variant);

    for (let i = 0; i < 5; i += 1) {
      const again = await get('/', { headers: { cookie: `ab=${cookie}` } });
      expect(again.headers.get('x-experiments')).toBe(`hero=${variant}`);
      expect(cookieOf(again)).toBeUndefined();
      expect(await heroVariant(again)).toBe(variant);
    }
  });

  it('caches each variant apart: both get their own HTML, both hit', async () => {
    await putExperiment(hero());
    for (const variant of ['control', 'bold']) {
      const headers = { cookie: `ab=hero.${variant}` };
      await get('/', { headers });
      const hit = await get('/', { headers });
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(await heroVariant(hit)).toBe(variant);
    }
  });

  it('a switched-off experiment stops applying; paths limit where it applies', async () => {
    await putExperiment(hero({ paths: ['/products*'] }));
    const home = await get('/', { headers: { cookie: 'ab=hero.bold' } });
    expect(home.headers.get('x-experiments')).toBeNull();
    expect((await get('/products?page=1', { headers: { cookie: 'ab=hero.bold' } })).headers.get('x-experiments')).toBe('hero=bold');
    await putExperiment(hero({ enabled: false }));
    const off = await get('/', { headers: { cookie: 'ab=hero.bold' } });
    expect(off.headers.get('x-experiments')).toBeNull();
    expect(await heroVariant(off)).toBe('control');
  });

  it('a hot cached page still assigns a first-time visitor (the hot lane never swallows the cookie)', async () => {
    await putExperiment(hero());
    for (let i = 0; i < 3; i += 1) await get('/', { headers: { cookie: 'ab=hero.control' } });
    const newcomer = await get('/');
    expect(cookieOf(newcomer)).toMatch(/^hero\./);
  });

  it('records the visitor’s variants on the order they place', async () => {
    await putExperiment(hero({ paths: ['/*'] }));
    const shopper = await shopperWith([(await take(5)).sku, 1]);
    // The shopper keeps every cookie, the `ab` its first add was assigned too: this one replaces it.
    shopper.cookie = `${shopper.cookie.split('; ').filter((c) => !c.startsWith('ab=')).join('; ')}; ab=hero.bold`;
    const res = await checkoutAs(shopper, 'ab@example.com');
    expect(res.status).toBe(201);
    const { orderId } = (await res.json()) as { orderId: string };
    const row = await env.DB.prepare('select experiments from orders where id = ?').bind(orderId).first<{ experiments: string }>();
    expect(JSON.parse(row!.experiments)).toEqual({ hero: 'bold' });
  });
});

describe('assignment rules', () => {
  it('picks by weight', () => {
    const e = hero({ variants: [{ name: 'a', weight: 1 }, { name: 'b', weight: 3 }] });
    expect([0, 0.24, 0.25, 0.99].map((r) => pickVariant(e, r))).toEqual(['a', 'a', 'b', 'b']);
    const counts = { a: 0, b: 0 } as Record<string, number>;
    for (let i = 0; i < 4000; i += 1) counts[assign([e], undefined, '/').applied['hero']!]! += 1;
    expect(counts['b']! / 4000).toBeGreaterThan(0.7);
    expect(counts['b']! / 4000).toBeLessThan(0.8);
  });

  it('reassigns a variant that was removed or weighted to 0, keeps others, ignores garbage', () => {
    const e = hero({ variants: [{ name: 'control', weight: 1 }, { name: 'bold', weight: 0 }] });
    expect(assign([e], 'hero.bold~other.x', '/')).toMatchObject({ changed: true, applied: { hero: 'control' } });
    expect(parseAssignments('hero.control~<script>~a.b.c~cta.b')).toEqual(new Map([['hero', 'control'], ['cta', 'b']]));
    expect(appliesTo(hero({ paths: ['/products/*'] }), '/products/x')).toBe(true);
    expect(appliesTo(hero({ paths: ['/products/*'] }), '/product')).toBe(false);
  });
});

describe('switching an experiment off', () => {
  it('stops a returning visitor’s hot, replayed page on the next request', async () => {
    await putExperiment(hero({ variants: [{ name: 'control', weight: 0 }, { name: 'bold', weight: 1 }] }));
    const headers = { cookie: 'ab=hero.bold' };
    for (let i = 0; i < 3; i += 1) await get('/', { headers });
    expect((await get('/', { headers })).headers.get('server-timing')).toContain('hot');
    await putExperiment(hero({ enabled: false }));
    const off = await get('/', { headers });
    expect(off.headers.get('x-experiments')).toBeNull();
    expect(await heroVariant(off)).toBe('control');
  });
});
