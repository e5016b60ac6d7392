import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../worker/catalog/types';
import { admin, countRows, expectError, get, getProduct, newProduct, ORIGIN, seedCatalog } from './helpers';

beforeAll(async () => {
  await seedCatalog(20);
});

const counts = async () => ({
  products: await countRows('products'),
  variants: await countRows('variants'),
  images: await countRows('product_images'),
});

describe('admin auth', () => {
  it('answers 401 without a token, with a wrong one, and with a different scheme', async () => {
    const body = JSON.stringify(newProduct('no-auth'));
    const post = (headers: Record<string, string>) =>
      SELF.fetch(`${ORIGIN}/admin/api/products`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const before = await counts();
    await expectError(await post({}), 401, 'unauthorized');
    await expectError(await post({ authorization: 'Bearer wrong-token' }), 401, 'unauthorized');
    await expectError(await post({ authorization: 'Bearer test-admin-token-but-longer' }), 401, 'unauthorized');
    await expectError(await post({ authorization: 'Basic dGVzdDp0ZXN0' }), 401, 'unauthorized');
    expect(await counts()).toEqual(before);
  });

  it('accepts the right bearer token', async () => {
    const res = await admin('POST', '/products', newProduct('with-auth'));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/products/with-auth');
  });
});

describe('POST /admin/api/products', () => {
  it('creates a product with variants and images in one write', async () => {
    const res = await admin(
      'POST',
      '/products',
      newProduct('two-variant-tee', {
        category: 't-shirts',
        variants: [
          { sku: 'TEE-TEST-S', title: 'S', options: { size: 'S' }, price: { amount: 1900, currency: 'usd' } },
          { sku: 'TEE-TEST-M', title: 'M', options: { size: 'M' }, price: { amount: 2100, currency: 'usd' } },
        ],
        images: [{ key: 'products/two-variant-tee/1.jpg', alt: 'A tee', width: 800, height: 800 }],
      }),
    );
    expect(res.status).toBe(201);
    const created = await res.json<Product>();
    expect(created.price).toEqual({ amount: 1900, currency: 'usd' });
    expect(created.variants.map((v) => v.sku)).toEqual(['TEE-TEST-S', 'TEE-TEST-M']);
    expect((await getProduct('two-variant-tee')).body).toEqual(created);
  });

  const valid = newProduct('valid-base');
  const withVariant = (patch: Record<string, unknown>) => ({
    ...valid,
    variants: [{ ...valid.variants[0], ...patch }],
  });

  it.each<[string, unknown]>([
    ['a negative price', withVariant({ price: { amount: -1, currency: 'usd' } })],
    ['a fractional price', withVariant({ price: { amount: 19.99, currency: 'usd' } })],
    ['a string price', withVariant({ price: { amount: '1999', currency: 'usd' } })],
    ['a bare number price', withVariant({ price: 1999 })],
    ['a NaN-ish price', withVariant({ price: { amount: null, currency: 'usd' } })],
    ['another currency', withVariant({ price: { amount: 100, currency: 'eur' } })],
    ['a client unitPrice field', { ...valid, unitPrice: 1 }],
    ['an unknown variant field', withVariant({ stock: 5 })],
    ['no variants', { ...valid, variants: [] }],
    ['duplicate SKUs', { ...valid, variants: [valid.variants[0], valid.variants[0]] }],
    ['a missing title', { ...valid, title: undefined }],
    ['an object for a title', { ...valid, title: { en: 'x' } }],
    ['a malformed slug', { ...valid, slug: 'Not A Slug' }],
    ['a 5,000-character slug', { ...valid, slug: 'a'.repeat(5000) }],
    ['an unknown category', { ...valid, category: 'no-such-category' }],
    ['an image key escaping its folder', { ...valid, images: [{ key: '../secrets', alt: '', width: 1, height: 1 }] }],
    ['an array body', [valid]],
    ['a string body', 'hello'],
    ['null', null],
  ])('rejects %s with 400 and writes nothing', async (_label, body) => {
    const before = await counts();
    const res = await admin('POST', '/products', body === undefined ? 'null' : JSON.stringify(body));
    const error = await expectError(res, 400, 'invalid_request');
    expect(Array.isArray(error.error.issues)).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('rejects malformed JSON with 400 and a non-JSON content type with 415', async () => {
    await expectError(await admin('POST', '/products', '{"slug": '), 400, 'invalid_request');
    await expectError(await admin('POST', '/products', 'slug=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  });

  it('rejects a 2 MB body with 413', async () => {
    const before = await counts();
    const huge = JSON.stringify({ ...newProduct('huge'), description: 'x'.repeat(2 * 1024 * 1024) });
    await expectError(await admin('POST', '/products', huge), 413, 'payload_too_large');
    expect(await counts()).toEqual(before);
  });

  it('answers 409 for a taken slug or SKU and leaves no partial product behind', async () => {
    expect((await admin('POST', '/products', newProduct('taken-slug'))).status).toBe(201);
    const before = await counts();
    await expectError(await admin('POST', '/products', newProduct('taken-slug', { variants: [{ sku: 'FRESH-SKU', title: 'x', options: {}, price: { amount: 1, currency: 'usd' } }] })), 409, 'conflict');
    // A new slug whose second variant reuses an existing SKU: the product row must not survive.
    await expectError(
      await admin('POST', '/products', newProduct('fresh-slug', {
        variants: [
          { sku: 'FRESH-SKU-2', title: 'a', options: { size: 'S' }, price: { amount: 1, currency: 'usd' } },
          { sku: 'TAKEN-SLUG', title: 'b', options: { size: 'M' }, price: { amount: 1, currency: 'usd' } },
        ],
      })),
      409,
      'conflict',
    );
    expect(await counts()).toEqual(before);
  });
});

describe('PUT and DELETE /admin/api/products/:id', () => {
  it('accepts what GET answers, edited, ignoring read-only fields', async () => {
    const { body: product } = await getProduct('with-auth');
    const edited = { ...product, title: 'Edited Title', price: { amount: 1, currency: 'usd' }, id: 999999, updatedAt: 'x' };
    const res = await admin('PUT', `/products/${product.id}`, edited);
    expect(res.status).toBe(200);
    const saved = await res.json<Product>();
    expect(saved.id).toBe(product.id);
    expect(saved.title).toBe('Edited Title');
    expect(saved.price).toEqual(product.price);
  });

  it('rejects a bad body or id without changing the product', async () => {
    const { body: product } = await getProduct('with-auth');
    await expectError(await admin('PUT', `/products/${product.id}`, { ...product, variants: [{ ...product.variants[0], price: { amount: -5, currency: 'usd' } }] }), 400, 'invalid_request');
    await expectError(await admin('PUT', '/products/not-a-number', product), 400, 'invalid_request');
    await expectError(await admin('PUT', '/products/99999999', product), 404, 'not_found');
    expect((await getProduct('with-auth')).body).toEqual(product);
  });

  it('deletes a product with its variants', async () => {
    const { body: product } = await getProduct('two-variant-tee');
    expect((await admin('DELETE', `/products/${product.id}`)).status).toBe(204);
    await expectError(await get('/api/products/two-variant-tee'), 404, 'not_found');
    const orphans = await env.DB.prepare('select count(*) as n from variants where product_id = ?').bind(product.id).first<{ n: number }>();
    expect(orphans!.n).toBe(0);
    await expectError(await admin('DELETE', `/products/${product.id}`), 404, 'not_found');
  });
});

describe('stored product documents', () => {
  const staleDocs = async () =>
    (await env.DB.prepare('select count(*) as n from products p join product_docs d on d.id = p.id where p.doc is not d.doc').first<{ n: number }>())!.n;

  it('match their definition after the seed and every kind of write', async () => {
    expect(await staleDocs()).toBe(0);
    const { body: product } = await getProduct('with-auth');
    await admin('PUT', `/products/${product.id}`, {
      ...product,
      featured: !product.featured,
      category: 'bags',
      variants: [...product.variants, { sku: 'DOC-EXTRA', title: 'Extra', options: { size: 'XL' }, price: { amount: 1, currency: 'usd' } }],
      images: [{ key: 'products/with-auth/9.jpg', alt: 'Nine', width: 10, height: 10 }],
    });
    const { body: after } = await getProduct('with-auth');
    expect(after.category.slug).toBe('bags');
    expect(after.price.amount).toBe(1);
    expect(after.variants.map((v) => v.sku)).toContain('DOC-EXTRA');
    expect(after.images.map((i) => i.key)).toEqual(['products/with-auth/9.jpg']);
    // Changes made below the API (a category renamed in D1) reach the documents too.
    await env.DB.prepare("update categories set name = 'Bags & Packs' where slug = 'bags'").run();
    await env.DB.prepare("update variants set price = 7 where sku = 'DOC-EXTRA'").run();
    expect(await staleDocs()).toBe(0);
    const doc = await env.DB.prepare('select doc from products where id = ?').bind(product.id).first<{ doc: string }>();
    const parsed = JSON.parse(doc!.doc) as Product;
    expect(parsed.category.name).toBe('Bags & Packs');
    expect(parsed.price.amount).toBe(7);
  });
});
