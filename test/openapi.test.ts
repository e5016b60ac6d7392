import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../worker/app';
import { ADDRESS } from './checkout-helpers';
import { admin, get, seedCatalog } from './helpers';
import { expectDocumented, fetchDocument, type OpenApiDocument } from './openapi-document';
import { Shopper } from './shopper';
import type { SeedCatalog } from '../scripts/seed/generate';

/** `/api/...` and `/admin/api/...` routes: what API clients call, and so what the document must list. */
const API_ROUTE = /^\/(api|admin\/api)(\/|$)/;
/** Hono's `:name` and `:name{regex}` segments as OpenAPI's `{name}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

/** Every method and path the app registers under the JSON APIs (middleware-only `ALL` entries aside). */
function registeredRoutes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || !API_ROUTE.test(route.path)) continue;
    const path = openApiPath(route.path);
    seen.set(`${route.method} ${path}`, { method: route.method.toLowerCase(), path });
  }
  return [...seen.values()];
}

let doc: OpenApiDocument;
let catalog: SeedCatalog;
beforeAll(async () => {
  catalog = await seedCatalog(5);
  doc = await fetchDocument();
});

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document of the JSON APIs only', () => {
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) expect(path).toMatch(API_ROUTE);
  });

  it('lists every registered /api and /admin/api route with its methods, and nothing else', () => {
    const routes = registeredRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    const registered = routes.map(({ method, path }) => `${method} ${path}`);
    // A route missing here has no `documented(...)` (worker/openapi/describe.ts): add one to it.
    expect(registered.filter((r) => !documented.includes(r)), 'routes the document lacks').toEqual([]);
    expect(documented.filter((d) => !registered.includes(d)), 'operations no route serves').toEqual([]);
  });

  it('gives each route its path parameters, and a described success answer', () => {
    for (const { method, path } of registeredRoutes()) {
      const operation = doc.paths[path]![method]!;
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const inPath = (operation.parameters ?? []).filter((p) => p.in === 'path');
      expect(inPath.map((p) => p.name).sort(), `${method} ${path} path parameters`).toEqual(names.sort());
      for (const p of inPath) expect(p.required, `${method} ${path} {${p.name}}`).toBe(true);
      // 2xx, or 101 for a WebSocket upgrade (`documented('…', { 101: null })`).
      const success = Object.entries(operation.responses).filter(([status]) => /^(2\d\d|101)$/.test(status));
      expect(success.length, `${method} ${path} documents its success answer with documented(...)`).toBeGreaterThan(0);
      for (const [status, answer] of success) {
        expect(answer.description, `${method} ${path} ${status}`).toBeTruthy();
        if (status !== '204' && status !== '101') expect(answer.content?.['application/json']?.schema ?? answer.content?.['text/html']?.schema, `${method} ${path} ${status} body schema`).toBeDefined();
      }
      expect(operation.responses.default?.content?.['application/json']?.schema, `${method} ${path} error shape`).toBeDefined();
    }
  });

  it('takes parameters and bodies from the schemas the routes validate with', () => {
    const list = doc.paths['/api/products']!.get!;
    const limit = list.parameters!.find((p) => p.name === 'limit' && p.in === 'query');
    // Query values arrive as text: the schema is the validator's, digits then a range check.
    expect(limit?.schema).toMatchObject({ type: 'string', pattern: expect.any(String) });
    const add = doc.paths['/api/cart/items']!.post!.requestBody!.content['application/json']!.schema;
    expect(add).toMatchObject({ required: expect.arrayContaining(['sku', 'quantity']) });
    const stock = doc.paths['/admin/api/stock']!.put!.requestBody!.content['application/json']!.schema as { properties: { items: { maxItems: number } } };
    expect(stock.properties.items.maxItems).toBe(500);
    expect(doc.paths['/api/checkout']!.post!.parameters!.some((p) => p.in === 'header' && p.name === 'idempotency-key')).toBe(true);
  });
});

describe('real answers match the document', () => {
  it('shopper API: catalog, stock, cart, checkout, order, and its errors', async () => {
    const product = catalog.products[0]!;
    const sku = product.variants[0]!.sku;
    await admin('PUT', `/stock/${sku}`, { onHand: 10 });
    const check = async (method: string, path: string, res: Response, status: number) => {
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBe(status);
      await expectDocumented(doc, method, path, res);
    };
    for (const path of ['/api/products?limit=2', `/api/products/${product.slug}`, `/api/stock?skus=${sku}`, '/api/openapi.json']) {
      await check('GET', path, await get(path), 200);
    }
    await check('GET', '/api/products?limit=0', await get('/api/products?limit=0'), 400);
    await check('GET', '/api/products/no-such-product', await get('/api/products/no-such-product'), 404);

    const shopper = new Shopper();
    const step = async (method: string, path: string, body: unknown, status = 200) => {
      const res = await shopper.fetch(method, path, body);
      await check(method, path, res, status);
      return res;
    };
    await step('GET', '/api/cart', undefined);
    await step('POST', '/api/cart/items', { sku, quantity: 2 });
    await step('PATCH', `/api/cart/items/${sku}`, { quantity: 3 });
    await step('POST', '/api/cart/discounts', { code: 'WELCOME10' });
    await step('DELETE', '/api/cart/discounts/WELCOME10', undefined);
    await step('PUT', '/api/cart/shipping-address', ADDRESS);
    await step('PUT', '/api/cart/shipping-address', { ...ADDRESS, country: 'XX' }, 400);
    const cart = (await (await shopper.fetch('GET', '/api/cart')).json()) as { shippingOptions: { id: string }[] };
    await step('PUT', '/api/cart/shipping-option', { id: cart.shippingOptions[0]!.id });
    const answer = (await (await step('POST', '/api/checkout', { email: 'doc@example.com' }, 201)).json()) as { orderId: string; orderToken: string };
    await step('GET', `/api/orders/${answer.orderId}?token=${answer.orderToken}`, undefined);
    await step('DELETE', `/api/cart/items/${sku}`, undefined);
  });

  it('admin API: products, stock, orders, experiments, flags, pricing rules, and its errors', async () => {
    const check = async (method: string, path: string, body: unknown, status: number) => {
      const res = await admin(method, path, body);
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBe(status);
      await expectDocumented(doc, method, `/admin/api${path}`, res);
      return res;
    };
    const sku = catalog.products[1]!.variants[0]!.sku;
    await check('PUT', `/stock/${sku}`, { onHand: 4 }, 200);
    await check('PUT', '/stock', { items: [{ sku, onHand: 5 }] }, 200);
    await check('PUT', '/stock', { items: [] }, 400);
    await check('GET', `/stock/${sku}`, undefined, 200);
    await check('GET', '/orders', undefined, 200);
    await check('GET', `/orders/ord_${'A'.repeat(22)}`, undefined, 404);
    await check('GET', '/orders/not-an-order', undefined, 400);
    const experiment = { id: 'doc-hero', enabled: false, paths: ['/'], variants: [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }] };
    await check('PUT', '/experiments/doc-hero', experiment, 200);
    await check('GET', '/experiments/doc-hero', undefined, 200);
    await check('GET', '/experiments', undefined, 200);
    await check('DELETE', '/experiments/doc-hero', undefined, 204);
    await check('GET', '/flags', undefined, 200);
    await check('GET', '/promotions', undefined, 200);
    await check('GET', '/shipping-zones', undefined, 200);
    await check('GET', '/tax', undefined, 200);
    const slug = catalog.products[2]!.slug;
    const product = (await (await get(`/api/products/${slug}`)).json()) as { id: number };
    await check('PUT', `/products/${product.id}`, { ...product, title: 'Documented' }, 200);
  });
});
