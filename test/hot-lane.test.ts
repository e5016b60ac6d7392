import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedCatalog } from '../scripts/seed/generate';
import { admin, get, newProduct, seedCatalog } from './helpers';

let catalog: SeedCatalog;
beforeAll(async () => {
  catalog = await seedCatalog(10);
});

describe('hot lane', () => {
  it('replays a fresh cached answer with every header of the full pipeline and a new request id', async () => {
    const path = `/products/${catalog.products[0]!.slug}`;
    const miss = await get(path);
    const body = await miss.text();
    expect(miss.headers.get('x-cache')).toBe('MISS');
    await (await get(path)).arrayBuffer();
    const hot = await get(path);
    expect(hot.headers.get('server-timing')).toContain('hot');
    expect(hot.headers.get('x-cache')).toBe('HIT');
    expect(await hot.text()).toBe(body);
    for (const name of ['content-type', 'content-security-policy', 'x-content-type-options', 'cache-control', 'referrer-policy']) {
      expect(hot.headers.get(name), name).toBe(miss.headers.get(name));
    }
    expect(hot.headers.get('x-request-id')).not.toBe(miss.headers.get('x-request-id'));
  });

  it('stops replaying the moment the catalog changes', async () => {
    const path = `/products/${catalog.products[1]!.slug}`;
    for (let i = 0; i < 3; i += 1) await (await get(path)).arrayBuffer();
    expect((await get(path)).headers.get('server-timing')).toContain('hot');
    expect((await admin('POST', '/products', newProduct('lane-bump'))).status).toBe(201);
    expect((await get(path)).headers.get('x-cache')).toBe('MISS');
  });

  it('keys on the A/B cookie, so one variant never replays another', async () => {
    const path = `/products/${catalog.products[2]!.slug}`;
    for (let i = 0; i < 3; i += 1) await (await get(path, { headers: { cookie: 'ab=hero.bold' } })).arrayBuffer();
    const other = await get(path, { headers: { cookie: 'ab=hero.control' } });
    expect(other.headers.get('server-timing')).not.toContain('hot');
  });
});
