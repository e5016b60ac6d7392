import { beforeAll, describe, expect, it } from 'vitest';
import { admin, expectError, get, newProduct, seedCatalog } from './helpers';

interface Suggestions {
  items: { title: string; slug: string; image: string | null }[];
}

const suggest = async (q: string) => {
  const res = await get(`/api/search/suggest?${new URLSearchParams({ q })}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return { res, body: (await res.json()) as Suggestions };
};

beforeAll(async () => {
  await seedCatalog(60);
  const make = (slug: string, title: string, description: string) =>
    admin('POST', '/products', newProduct(slug, { title, description }));
  expect((await make('quasar-in-title', 'Quasar Field Jacket', 'Warm.')).status).toBe(201);
  expect((await make('quasar-in-description', 'Plain Scarf', 'Dyed quasar blue.')).status).toBe(201);
  for (let i = 1; i <= 10; i++) expect((await make(`nimbus-${i}`, `Nimbus Mug ${i}`, 'A mug.')).status).toBe(201);
});

describe('GET /api/search/suggest', () => {
  it('suggests at most 8 products whose title has a word starting with q, with a thumbnail URL', async () => {
    const { body } = await suggest('hoo');
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.length).toBeLessThanOrEqual(8);
    for (const item of body.items) {
      expect(Object.keys(item).sort()).toEqual(['image', 'slug', 'title']);
      expect(item.title).toMatch(/\bhoo/i);
      expect(item.slug).toMatch(/^[a-z0-9-]+$/);
      expect(item.image).toMatch(/^\/img\/w=100,[^/]+\/.+/);
    }
  });

  it('caps a broad prefix at 8', async () => {
    const { body } = await suggest('nimb');
    expect(body.items.length).toBe(8);
    expect(body.items.every((i) => i.title.startsWith('Nimbus Mug'))).toBe(true);
  });

  it('matches titles only: a word only in the description is not suggested', async () => {
    const { body } = await suggest('quas');
    expect(body.items.map((i) => i.slug)).toEqual(['quasar-in-title']);
  });

  it('needs every word and ignores case and accents', async () => {
    expect((await suggest('QUÁSAR fie')).body.items.map((i) => i.slug)).toEqual(['quasar-in-title']);
    expect((await suggest('quasar scarf')).body.items).toEqual([]);
  });

  it('answers an empty list, not an error, for a query too short to be useful', async () => {
    for (const q of ['', 'h', ' h ', '"*', 'h*']) expect((await suggest(q)).body.items, q).toEqual([]);
  });

  it('treats FTS operators and SQL as plain words', async () => {
    for (const q of ['quasar OR hoodie', 'NEAR(quasar hoodie)', 'title:quasar', '"quasar', "quasar'; drop table products;--", 'quasar*']) {
      const { body } = await suggest(q);
      expect(body.items.every((i) => /quasar/i.test(i.title)), q).toBe(true);
    }
    expect((await suggest('hoo')).body.items.length).toBeGreaterThan(0);
  });

  it('refuses 3,000 characters, a NUL, a missing q and unknown parameters with the JSON error shape', async () => {
    await expectError(await get(`/api/search/suggest?q=${'a'.repeat(3000)}`), 400, 'invalid_request');
    await expectError(await get('/api/search/suggest?q=hoo%00die'), 400, 'invalid_request');
    await expectError(await get('/api/search/suggest'), 400, 'invalid_request');
    await expectError(await get('/api/search/suggest?q=hoo&limit=50'), 400, 'invalid_request');
  });

  it('is edge-cached per q and catalog version: a catalog write shows at once', async () => {
    const first = await suggest('zorbl');
    expect(first.body.items).toEqual([]);
    expect(first.res.headers.get('cache-control')).toMatch(/s-maxage=/);
    expect((await suggest('zorbl')).res.headers.get('x-cache')).toBe('HIT');
    expect((await admin('POST', '/products', newProduct('zorblax-mug', { title: 'Zorblax Mug' }))).status).toBe(201);
    const after = await suggest('zorbl');
    expect(after.res.headers.get('x-cache')).toBe('MISS');
    expect(after.body.items.map((i) => i.slug)).toEqual(['zorblax-mug']);
  });
});
