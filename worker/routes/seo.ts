import { desc } from 'drizzle-orm';
import { Hono } from 'hono';
import type { EdgeCacheOptions } from '../cache/edge-cache';
import { edgeCache } from '../cache/edge-cache';
import { listCategories } from '../catalog/categories';
import { catalogVersion } from '../catalog/version';
import { database } from '../db/client';
import { products } from '../db/schema';
import type { AppEnv } from '../http/app-env';

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** `/robots.txt` and `/sitemap.xml` (home, categories, every product with its last change). */
export const seo = (dispatch: EdgeCacheOptions['dispatch']) =>
  new Hono<AppEnv>()
    .get('/robots.txt', (c) => {
      const origin = new URL(c.req.url).origin;
      c.header('cache-control', 'public, max-age=3600');
      return c.text(
        ['User-agent: *', 'Disallow: /admin', 'Disallow: /api/', 'Disallow: /cart', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n'),
      );
    })
    .get('/sitemap.xml', edgeCache({ dispatch }), async (c) => {
      const origin = new URL(c.req.url).origin;
      const db = database(c.env.DB);
      const version = await catalogVersion(c.env.CONFIG, c.executionCtx);
      const [categories, rows] = await Promise.all([
        listCategories(db, version),
        db.select({ slug: products.slug, updatedAt: products.updatedAt }).from(products).orderBy(desc(products.id)),
      ]);
      const url = (path: string, lastmod?: number) =>
        `<url><loc>${escapeXml(origin + path)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''}</url>`;
      const body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        url('/'),
        url('/products'),
        ...categories.map((cat) => url(`/products?category=${encodeURIComponent(cat.slug)}`)),
        ...rows.map((row) => url(`/products/${row.slug}`, row.updatedAt)),
        '</urlset>',
      ].join('\n');
      return c.body(body, 200, { 'content-type': 'application/xml; charset=utf-8' });
    });
