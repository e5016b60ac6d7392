import { beforeAll, describe, expect, it } from 'vitest';
import { admin, expectError, get, listPage, newProduct, seedCatalog } from './helpers';

beforeAll(async () => {
  await seedCatalog(60);
  const make = (slug: string, title: string, description: string) =>
    admin('POST', '/products', newProduct(slug, { title, description }));
  // Same rare word, once in a title and once only in a description: the title must rank first.
  expect((await make('zephyrine-in-description', 'Plain Wool Beanie', 'Knitted with zephyrine yarn.')).status).toBe(201);
  expect((await make('zephyrine-in-title', 'Zephyrine Shell Jacket', 'A light shell for windy days.')).status).toBe(201);
});

describe('search (FTS5 in D1)', () => {
  it('matches prefixes: "hoo" finds hoodies', async () => {
    const { status, body } = await listPage('?q=hoo');
    expect(status).toBe(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((p) => /\bhoo/i.test(`${p.title} ${p.description}`))).toBe(true);
    expect(body.items.some((p) => /hoodie/i.test(p.title))).toBe(true);
  });

  it('ranks a title match above a description-only match', async () => {
    const { body } = await listPage('?q=zephyrine');
    expect(body.items.map((p) => p.slug)).toEqual(['zephyrine-in-title', 'zephyrine-in-description']);
  });

  it('needs every word (implicit AND) and ignores case and accents', async () => {
    const { body } = await listPage('?q=ZÉPHYRINE%20shell');
    expect(body.items.map((p) => p.slug)).toEqual(['zephyrine-in-title']);
  });

  it('finds a product by its new title right after an edit (triggers keep the index in sync)', async () => {
    const created = await (await admin('POST', '/products', newProduct('renamed-thing', { title: 'Quokka Mug' }))).json<{ id: number }>();
    expect((await listPage('?q=quokka')).body.items).toHaveLength(1);
    const res = await admin('PUT', `/products/${created.id}`, newProduct('renamed-thing', { title: 'Wombat Mug' }));
    expect(res.status).toBe(200);
    expect((await listPage('?q=quokka')).body.items).toHaveLength(0);
    expect((await listPage('?q=wombat')).body.items.map((p) => p.slug)).toEqual(['renamed-thing']);
    expect((await admin('DELETE', `/products/${created.id}`)).status).toBe(204);
    expect((await listPage('?q=wombat')).body.items).toHaveLength(0);
  });

  it('pages through ranked results without repeats', async () => {
    const first = await listPage('?q=hoo&limit=2');
    expect(first.body.nextCursor).not.toBeNull();
    const second = await listPage(`?q=hoo&limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('combines search with a category filter', async () => {
    const { body } = await listPage('?q=zephyrine&category=hoodies');
    expect(body.items.map((p) => p.slug).sort()).toEqual(['zephyrine-in-description', 'zephyrine-in-title']);
    expect((await listPage('?q=zephyrine&category=shoes')).body.items).toEqual([]);
  });

  it.each([
    ['"'],
    ['"unbalanced'],
    ['NEAR(hoodie fleece, 2)'],
    ['*'],
    ['hoo*'],
    ['hoodie OR 1=1'],
    ['title:hoodie'],
    ["' OR '1'='1"],
    ['1); DROP TABLE products; --'],
    ['^hoodie'],
    ['hoodie AND NOT fleece'],
    ['{title description}: x'],
    ['\u0000'],
    ['💥🔥'],
  ])('answers shopper text %j with 200 and never leaks FTS syntax errors', async (q) => {
    const res = await get(`/api/products?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    const body = await res.json<{ items: unknown[] }>();
    expect(Array.isArray(body.items)).toBe(true);
  });

  it('rejects a 3,000-character query with 400', async () => {
    await expectError(await get(`/api/products?q=${'a'.repeat(3000)}`), 400, 'invalid_request');
  });

  it('still has the products table after the injection attempts', async () => {
    expect((await listPage('?limit=1')).body.items).toHaveLength(1);
  });
});
