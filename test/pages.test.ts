import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SeedCatalog } from '../scripts/seed/generate';
import { get, seedCatalog } from './helpers';

let catalog: SeedCatalog;
beforeAll(async () => {
  catalog = await seedCatalog(40);
});

const html = async (path: string) => {
  const res = await get(path, { headers: { accept: 'text/html' } });
  return { res, text: await res.text() };
};

const jsonLd = (text: string) =>
  [...text.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));

describe('pages', () => {
  it('home: landmarks, meta, canonical, featured products and category links', async () => {
    const { res, text } = await html('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(text).toMatch(/^<!DOCTYPE html>/i);
    expect(text).toMatch(/<html lang="en"/);
    expect(text).toMatch(/<title>[^<]+<\/title>/);
    expect(text).toMatch(/<meta name="description" content="[^"]+"/);
    expect(text).toContain('<link rel="canonical" href="http://store.test/"');
    expect(text).toMatch(/<meta property="og:title"/);
    for (const landmark of ['<header', '<main', '<nav', '<footer']) expect(text).toContain(landmark);
    const featured = catalog.products.filter((p) => p.featured);
    expect(featured.length).toBeGreaterThan(0);
    expect(text).toContain(`/products/${featured[0]!.slug}`);
    expect(text).toContain('/products?category=hoodies');
  });

  it('listing: filters by category, searches, paginates', async () => {
    const hoodies = catalog.products.filter((p) => p.categorySlug === 'hoodies');
    const { text } = await html('/products?category=hoodies');
    for (const p of hoodies) expect(text).toContain(`/products/${p.slug}"`);
    const other = catalog.products.find((p) => p.categorySlug !== 'hoodies')!;
    expect(text).not.toContain(`/products/${other.slug}"`);

    const search = await html('/products?q=hoo');
    expect(search.res.status).toBe(200);
    expect(search.text).toMatch(/hoo/i);

    const first = await html('/products');
    expect(first.text).toMatch(/rel="next"/);
    // The first card's image is the likely LCP element: fetched first, and only it.
    const images = first.text.match(/<img [^>]*>/g) ?? [];
    expect(images[0]).toMatch(/loading="eager" fetchpriority="high"/);
    expect(images.filter((img) => img.includes('fetchpriority'))).toHaveLength(1);
    const second = await html('/products?page=2');
    expect(second.res.status).toBe(200);
    expect(second.text).toMatch(/rel="prev"/);
  });

  it('product: title, price, variant picker, a form that posts without JS, alt text, JSON-LD Product/Offer', async () => {
    const product = catalog.products.find((p) => p.variants.length > 1)!;
    const { res, text } = await html(`/products/${product.slug}`);
    expect(res.status).toBe(200);
    expect(text).toContain(`<h1`);
    expect(text).toContain(product.title.replace(/&/g, '&amp;'));
    expect(text).toMatch(/<form[^>]*method="post"[^>]*action="\/cart\/items"|<form[^>]*action="\/cart\/items"[^>]*method="post"/);
    expect(text).toContain(`<input type="hidden" name="sku" value="${product.variants[0]!.sku}"`);
    for (const v of product.variants) expect(text).toContain(`"sku":"${v.sku}"`);
    expect(text).toMatch(/<label[^>]*for="[^"]+"/);
    expect(text).toMatch(/<img [^>]*alt="[^"]+"/);
    expect(text).not.toMatch(/<img (?![^>]*alt=)[^>]*>/);
    expect(text).toContain(`<link rel="canonical" href="http://store.test/products/${product.slug}"`);
    const [ld] = jsonLd(text);
    expect(ld['@type']).toBe('Product');
    expect(ld.name).toBe(product.title);
    expect(['Offer', 'AggregateOffer']).toContain(ld.offers['@type']);
    expect(ld.offers.priceCurrency).toBe('USD');
    expect(text).toContain('data-stock-skus=');
  });

  it('renders shopper-controlled text escaped', async () => {
    const { text } = await html('/products?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(text).not.toContain('<script>alert(1)</script>');
    // The header's search box shows the query, escaped; other pages get the empty box.
    expect(text).toContain('id="site-search" type="search" name="q" value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect((await html('/products')).text).toContain('id="site-search" type="search" name="q" value=""');
  });

  it('answers an HTML 404 page for unknown and malformed product slugs and unknown paths', async () => {
    for (const path of ['/products/no-such-product', `/products/${'a'.repeat(5000)}`, '/products/a%00b', '/nowhere']) {
      const { res, text } = await html(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(text).toMatch(/<main/);
    }
  });

  it('answers malformed listing parameters with an HTML 400 page and a way on, never JSON', async () => {
    for (const query of ['page=0', 'page=-1', 'page=abc', 'page=1e9', 'category=NOT%20A%20SLUG', `q=${'x'.repeat(3000)}`]) {
      const { res, text } = await html(`/products?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type'), query).toMatch(/text\/html/);
      expect(text, query).toContain('href="/products"');
    }
  });

  // SELF reaches the Worker directly; the static-assets router in front of it is the ASSETS binding.
  it('serves the stylesheet and product script as static assets within the JS budget', async () => {
    const css = await env.ASSETS.fetch('http://store.test/styles.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    const js = await env.ASSETS.fetch('http://store.test/js/product.js');
    expect(js.status).toBe(200);
    const body = new Uint8Array(await js.arrayBuffer());
    const gzipped = await new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    expect(gzipped.byteLength).toBeLessThan(15 * 1024);
  });
});

describe('sitemap and robots', () => {
  it('lists every product in sitemap.xml', async () => {
    const res = await get('/sitemap.xml');
    expect(res.headers.get('content-type')).toMatch(/xml/);
    const text = await res.text();
    for (const p of catalog.products) expect(text).toContain(`<loc>http://store.test/products/${p.slug}</loc>`);
  });

  it('points robots.txt at the sitemap', async () => {
    const text = await (await get('/robots.txt')).text();
    expect(text).toContain('Sitemap: http://store.test/sitemap.xml');
    expect(text).toContain('Disallow: /admin');
  });
});

describe('cross-cutting headers', () => {
  it('sets security headers, a request id and Server-Timing on pages and API answers', async () => {
    for (const path of ['/', '/api/products?limit=1', '/api/products?limit=abc']) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self' https://js.stripe.com");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('permissions-policy')).toContain('camera=()');
      expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
      expect(res.headers.get('server-timing')).toMatch(/total;dur=|cache;desc="hot"/);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('adds HSTS over https only', async () => {
    const res = await get('/healthz');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const https = await SELF.fetch('https://store.test/healthz');
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});

describe('titles', () => {
  it('names the page once, then the store', async () => {
    const product = catalog.products[0]!;
    const { text } = await html(`/products/${product.slug}`);
    expect(text).toContain(`<title>${product.title} · Edgefront</title>`);
  });
});
