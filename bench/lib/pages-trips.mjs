// bench/pages.mjs's D1 round trips per route, through the counting entry (never under load), and the
// statements the uncached product page and API ran (replayed alone by the diagnostics).
import { COUNT_SAMPLES, FACETED } from './pages-settings.mjs';
import { ROUND_TRIPS_HEADER, SQL_HEADER, STATEMENTS_HEADER } from './workers.mjs';

/** @param {{ url: Record<string, string>, slug: string, slugs: string[] }} opts */
export async function countD1RoundTrips({ url, slug, slugs }) {
  const countRoutes = [
    { label: 'product page, cached (EDGE_CACHE on)', worker: 'count-on', paths: [`/products/${slug}`], want: 0 },
    { label: 'product page, uncached', worker: 'count-off', paths: slugs.map((s) => `/products/${s}`), want: 1 },
    { label: '/api/products?limit=24, cached', worker: 'count-on', paths: ['/api/products?limit=24'], want: 0 },
    { label: '/api/products?limit=24, uncached', worker: 'count-off', paths: ['/api/products?limit=24'], want: 1 },
    { label: '/api/products?q=hoodie&limit=24, uncached', worker: 'count-off', paths: ['/api/products?q=hoodie&limit=24'], want: 1 },
    { label: '/api/search/suggest?q=hoo, cached', worker: 'count-on', paths: ['/api/search/suggest?q=hoo'], want: 0 },
    { label: '/api/products/:slug, uncached', worker: 'count-off', paths: slugs.map((s) => `/api/products/${s}`), want: 1 },
    { label: '/ (home), uncached', worker: 'count-off', paths: ['/'], want: 1 },
    { label: '/products (list page), uncached', worker: 'count-off', paths: ['/products'], want: 1 },
    { label: `${FACETED} (faceted list page), uncached`, worker: 'count-off', paths: [FACETED], want: 1 },
    { label: `${FACETED} (faceted list page), cached`, worker: 'count-on', paths: [FACETED], want: 0 },
    { label: `/api${FACETED} (faceted API), uncached`, worker: 'count-off', paths: [`/api${FACETED}`], want: 1 },
  ];
  const trips = [];
  let productSql = null;
  let apiSql = null;
  /** The first statement a counted answer ran (SQL_HEADER), with where the path's slug is bound (-1: none). */
  const capturedSql = (res, slug) => {
    try {
      const [stmt] = JSON.parse(decodeURIComponent(res.headers.get(SQL_HEADER) ?? ''));
      return stmt?.sql ? { ...stmt, slugIndex: slug === undefined ? -1 : stmt.params.indexOf(slug) } : null;
    } catch {
      return null;
    }
  };
  for (const route of countRoutes) {
    const seen = [];
    const stmts = [];
    const statuses = new Set();
    for (let i = 0; i <= COUNT_SAMPLES; i++) {
      const path = route.paths[i % route.paths.length];
      const res = await fetch(url[route.worker] + path);
      await res.arrayBuffer();
      statuses.add(res.status);
      seen.push(Number(res.headers.get(ROUND_TRIPS_HEADER)));
      stmts.push(Number(res.headers.get(STATEMENTS_HEADER)));
      if (route.label === 'product page, uncached') productSql ??= capturedSql(res, path.split('/').pop());
      if (route.label === '/api/products?limit=24, uncached') apiSql ??= capturedSql(res);
    }
    const steady = seen.slice(1);
    const row = {
      ...route,
      pass: false,
      first: seen[0],
      steadyMin: Math.min(...steady),
      steadyMax: Math.max(...steady),
      steadyMean: steady.reduce((a, b) => a + b, 0) / steady.length,
      statements: Math.max(...stmts.slice(1)),
      statuses: [...statuses].join(','),
    };
    row.pass = row.steadyMax === route.want && row.steadyMin === route.want && [...statuses].every((s) => s === 200);
    trips.push(row);
  }
  return { trips, productSql, apiSql };
}
