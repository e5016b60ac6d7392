import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../worker/catalog/types';
import { admin, expectError, get, getJson, seedCatalog } from './helpers';

/**
 * Browse: facet counts against a count made here from D1's own tables (not through variant_options or
 * the browse SQL), sorts over whole listings, bad input, and edge-cacheable faceted pages.
 */

interface FacetCount {
  value: string;
  count: number;
}
interface Listing {
  items: Product[];
  nextCursor: string | null;
  total: number;
  facets: Record<'category' | 'size' | 'colour' | 'inStock', FacetCount[]>;
}
interface Filters {
  category: string[];
  size: string[];
  colour: string[];
  inStock: boolean;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
}
interface OracleVariant {
  size?: string | undefined;
  color?: string | undefined;
  inStock: boolean;
}
interface OracleProduct {
  id: number;
  category: string;
  price: number;
  variants: OracleVariant[];
}

let products: OracleProduct[] = [];
const sizes = new Set<string>();
const colours = new Set<string>();

beforeAll(async () => {
  const catalog = await seedCatalog(60);
  // Every third SKU in stock, so the hint splits products and variants both ways.
  const skus = catalog.products.flatMap((p) => p.variants.map((v) => v.sku));
  for (const [i, sku] of skus.entries()) {
    if (i % 3 !== 0) continue;
    expect((await admin('PUT', `/stock/${sku}`, { onHand: 5 })).status).toBe(200);
  }
  const { results } = await env.DB.prepare(
    `select p.id, c.slug as category, v.options, v.price, v.in_stock_hint as inStock
     from products p join categories c on c.id = p.category_id join variants v on v.product_id = p.id`,
  ).all<{ id: number; category: string; options: string; price: number; inStock: number }>();
  const byId = new Map<number, OracleProduct>();
  for (const row of results) {
    const options = JSON.parse(row.options) as Record<string, string>;
    if (options.size) sizes.add(options.size);
    if (options.color) colours.add(options.color);
    const product = byId.get(row.id) ?? { id: row.id, category: row.category, price: Infinity, variants: [] };
    product.price = Math.min(product.price, row.price);
    product.variants.push({ size: options.size, color: options.color, inStock: row.inStock === 1 });
    byId.set(row.id, product);
  }
  products = [...byId.values()];
  expect(products.some((p) => p.variants.some((v) => v.inStock))).toBe(true);
  expect(products.some((p) => p.variants.every((v) => !v.inStock))).toBe(true);
});

type Except = 'category' | 'size' | 'colour' | 'inStock' | null;

const productLevel = (p: OracleProduct, f: Filters, except: Except) =>
  (except === 'category' || f.category.length === 0 || f.category.includes(p.category)) &&
  (f.minPrice === undefined || p.price >= f.minPrice) &&
  (f.maxPrice === undefined || p.price <= f.maxPrice);

const variantOk = (v: OracleVariant, f: Filters, except: Except) =>
  (except === 'size' || f.size.length === 0 || f.size.includes(v.size ?? '')) &&
  (except === 'colour' || f.colour.length === 0 || f.colour.includes(v.color ?? '')) &&
  (except === 'inStock' || !f.inStock || v.inStock);

const matches = (p: OracleProduct, f: Filters, except: Except = null) =>
  productLevel(p, f, except) && p.variants.some((v) => variantOk(v, f, except));

function oracleFacets(f: Filters) {
  const tally = (pick: (p: OracleProduct) => Iterable<string>) => {
    const counts = new Map<string, number>();
    for (const p of products) for (const value of new Set(pick(p))) counts.set(value, (counts.get(value) ?? 0) + 1);
    return counts;
  };
  const option = (key: 'size' | 'color', facet: 'size' | 'colour') =>
    tally((p) =>
      productLevel(p, f, facet)
        ? p.variants.filter((v) => v[key] !== undefined && variantOk(v, f, facet)).map((v) => v[key]!)
        : [],
    );
  return {
    category: tally((p) => (matches(p, f, 'category') ? [p.category] : [])),
    size: option('size', 'size'),
    colour: option('color', 'colour'),
    inStock: products.filter((p) => matches(p, { ...f, inStock: true })).length,
  };
}

function queryOf(f: Filters, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams(extra);
  for (const name of ['category', 'size', 'colour'] as const) for (const v of f[name]) search.append(name, v);
  if (f.inStock) search.set('inStock', '1');
  if (f.minPrice !== undefined) search.set('minPrice', String(f.minPrice));
  if (f.maxPrice !== undefined) search.set('maxPrice', String(f.maxPrice));
  return search.toString();
}

const asMap = (values: FacetCount[]) => new Map(values.map(({ value, count }) => [value, count]));

describe('GET /api/products facets', () => {
  it('counts equal a direct count in D1 for random combinations of facets', async () => {
    const categories = [...new Set(products.map((p) => p.category))];
    const filters = fc
      .record({
        category: fc.subarray(categories, { maxLength: 2 }),
        size: fc.subarray([...sizes], { maxLength: 3 }),
        colour: fc.subarray([...colours], { maxLength: 2 }),
        inStock: fc.boolean(),
        minPrice: fc.constantFrom(undefined, 2000, 5000, 9000),
        maxPrice: fc.constantFrom(undefined, 6000, 12_000, 30_000),
      })
      .filter((f) => f.minPrice === undefined || f.maxPrice === undefined || f.minPrice <= f.maxPrice);
    await fc.assert(
      fc.asyncProperty(filters, async (f) => {
        const { status, body } = await getJson<Listing>(`/api/products?${queryOf(f, { limit: '100' })}`);
        expect(status).toBe(200);
        const expected = products.filter((p) => matches(p, f));
        expect(body.total).toBe(expected.length);
        expect(body.items.map((p) => p.id).sort()).toEqual(expected.map((p) => p.id).sort());
        const oracle = oracleFacets(f);
        expect(asMap(body.facets.category)).toEqual(oracle.category);
        expect(asMap(body.facets.size)).toEqual(oracle.size);
        expect(asMap(body.facets.colour)).toEqual(oracle.colour);
        expect(body.facets.inStock).toEqual([{ value: '1', count: oracle.inStock }]);
      }),
      { numRuns: 30 },
    );
  });
});

async function walk(query: string): Promise<Listing['items']> {
  const seen: Product[] = [];
  let cursor: string | null = null;
  let total = -1;
  do {
    const { status, body }: { status: number; body: Listing } = await getJson<Listing>(
      `/api/products?${query}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(status).toBe(200);
    total = body.total;
    seen.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  expect(seen.length).toBe(total);
  expect(new Set(seen.map((p) => p.id)).size).toBe(seen.length);
  return seen;
}

describe('GET /api/products sort', () => {
  const inOrder = (items: Product[], compare: (a: Product, b: Product) => number) =>
    items.every((item, i) => i === 0 || compare(items[i - 1]!, item) <= 0);

  it.each([
    ['price_asc', (a: Product, b: Product) => a.price.amount - b.price.amount || b.id - a.id],
    ['price_desc', (a: Product, b: Product) => b.price.amount - a.price.amount || b.id - a.id],
    ['newest', (a: Product, b: Product) => b.id - a.id],
  ])('%s holds over every page of the whole listing, and of a faceted one', async (sort, compare) => {
    const all = await walk(`sort=${sort}`);
    expect(all.length).toBe(products.length);
    expect(inOrder(all, compare)).toBe(true);
    const faceted = await walk(`sort=${sort}&inStock=1&size=M&size=L`);
    expect(faceted.length).toBeGreaterThan(0);
    expect(inOrder(faceted, compare)).toBe(true);
  });

  it('relevance with a search walks every match once', async () => {
    const word = products.length > 0 ? (await getJson<Listing>('/api/products?limit=1')).body.items[0]!.title.split(' ')[0]! : '';
    const hits = await walk(`q=${encodeURIComponent(word)}&sort=relevance`);
    expect(hits.length).toBeGreaterThan(0);
    for (const p of hits) expect(`${p.title} ${p.description}`.toLowerCase()).toContain(word.toLowerCase().slice(0, 3));
  });
});

const BAD_QUERIES = [
  'sort=bogus',
  'sort=',
  'color=Navy',
  'shape=round',
  'size=M%00',
  `size=${'M'.repeat(5000)}`,
  `colour=${encodeURIComponent("Navy' OR 1=1 --")}`,
  `size=${encodeURIComponent('"M" OR size:*')}`,
  `colour=${encodeURIComponent('NEAR(a b)')}`,
  'minPrice=-1',
  'maxPrice=abc',
  'minPrice=1.5',
  'minPrice=1e3',
  'minPrice=5000&maxPrice=100',
  Array.from({ length: 200 }, () => 'size=M').join('&'),
  'inStock=yes',
];

describe('bad browse input', () => {
  it.each(BAD_QUERIES.map((q) => [q.slice(0, 60), q]))('API %s: 400 invalid_request', async (_, query) => {
    const body = await expectError(await get(`/api/products?${query}`), 400, 'invalid_request');
    expect(Array.isArray(body.error.issues)).toBe(true);
  });

  it.each(BAD_QUERIES.filter((q) => !/^(color|shape)=/.test(q)).map((q) => [q.slice(0, 60), q]))(
    'page %s: an HTML 400 page with a way on',
    async (_, query) => {
      const res = await get(`/products?${query}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('href="/products"');
    },
  );

  it.each([['page=999'], ['category=no-such-category'], ['category=hoodies&category=no-such-category']])(
    'page %s: an HTML 404 page with links on',
    async (query) => {
      const res = await get(`/products?${query}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/<a href="\/products[^"]*">/);
    },
  );

  it('a well-formed but absent facet value is an empty listing, not an error', async () => {
    const { status, body } = await getJson<Listing>('/api/products?size=ZZZ');
    expect(status).toBe(200);
    expect(body.total).toBe(0);
  });
});

describe('faceted listing pages', () => {
  const xcache = async (path: string) => {
    const res = await get(path, { headers: { accept: 'text/html' } });
    const text = await res.text();
    return { status: res.status, cache: res.headers.get('x-cache'), text };
  };

  it('are edge-cached under the normalized query: reordered and repeated facets and ignored parameters share a copy', async () => {
    const first = await xcache('/products?size=M&colour=Navy&sort=price_asc&inStock=1');
    expect(first.status).toBe(200);
    expect(first.cache).toBe('MISS');
    for (const same of [
      '/products?size=M&colour=Navy&sort=price_asc&inStock=1',
      '/products?inStock=1&sort=price_asc&colour=Navy&size=M',
      '/products?size=M&size=M&colour=Navy&sort=price_asc&inStock=1&utm_source=mail&minPrice=',
    ]) {
      expect((await xcache(same)).cache, same).toBe('HIT');
    }
    expect((await xcache('/products?size=L&colour=Navy&sort=price_asc&inStock=1')).cache).toBe('MISS');
  });

  it('show the count, the ticked facets, and page links that keep the filters', async () => {
    const f: Filters = { category: [], size: ['M', 'L'], colour: [], inStock: false };
    const expected = products.filter((p) => matches(p, f)).length;
    const { status, text } = await xcache('/products?size=M&size=L&sort=newest');
    expect(status).toBe(200);
    expect(text).toContain(`${expected} products`);
    expect(text).toMatch(/<input type="checkbox" name="size" value="M" checked/);
    if (expected > 24) expect(text).toContain('href="/products?size=L&amp;size=M&amp;sort=newest&amp;page=2"');
  });

  it('put the filters in a "Filter and sort" disclosure, closed in the HTML (the CSS shows it on wide screens), counting the active filters', async () => {
    const disclosure = (text: string) => /<details class="filters-disclosure" data-filters-disclosure="true">([\s\S]*?)<\/summary>/.exec(text)?.[1];
    // Two sizes, a price bound and in-stock are four filters; the sort is not one.
    const filtered = disclosure((await xcache('/products?size=M&size=L&maxPrice=10000&inStock=1&sort=price_desc')).text);
    expect(filtered).toContain('Filter and sort');
    expect(filtered).toMatch(/<span class="filter-count">4 <span class="visually-hidden">filters<\/span> active<\/span>/);
    const one = disclosure((await xcache('/products?inStock=1')).text);
    expect(one).toMatch(/<span class="filter-count">1 <span class="visually-hidden">filter<\/span> active<\/span>/);
    const none = disclosure((await xcache('/products?sort=price_asc')).text);
    expect(none).toContain('Filter and sort');
    expect(none).not.toContain('filter-count');
    // The filter form and the listing's search are inside it.
    const { text } = await xcache('/products?sort=price_asc');
    expect(text).toMatch(/<details class="filters-disclosure"[^>]*>[\s\S]*<form class="browse-filters"[\s\S]*<form class="search"[\s\S]*<\/details>/);
  });
});

describe('related products on the product page', () => {
  it('lists up to four others from the same category, never the product itself', async () => {
    const { body } = await getJson<Listing>('/api/products?limit=1');
    const product = body.items[0]!;
    const res = await get(`/products/${product.slug}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const section = text.slice(text.indexOf('id="related-title"'));
    const slugs = [...section.matchAll(/href="\/products\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
    const others = products.filter((p) => p.category === products.find((q) => q.id === product.id)!.category).length - 1;
    expect(new Set(slugs).size).toBe(Math.min(4, others));
    expect(slugs).not.toContain(product.slug);
    const { body: sameCategory } = await getJson<Listing>(`/api/products?category=${product.category.slug}&limit=100`);
    for (const slug of slugs) expect(sameCategory.items.map((p) => p.slug)).toContain(slug);
  });
});
