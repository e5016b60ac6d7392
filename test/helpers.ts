import { SELF, createExecutionContext, env } from 'cloudflare:test';
import { expect } from 'vitest';
import { generateCatalog, type SeedCatalog } from '../scripts/seed/generate';
import { insertCatalog, insertStoreRules } from '../scripts/seed/insert';
import { DEMO_STORE_RULES } from '../scripts/seed/store-rules';
import type { Product, ProductPage } from '../worker/catalog/types';

export const ORIGIN = 'http://store.test';
export const ADMIN_TOKEN = 'test-admin-token';

/** Loads the deterministic demo catalog (smaller than the dev one) and the demo's promotions, shipping and tax into this file's D1. */
export async function seedCatalog(products = 60): Promise<SeedCatalog> {
  const catalog = generateCatalog({ products });
  await insertCatalog(env.DB, catalog);
  await insertStoreRules(env.DB, DEMO_STORE_RULES);
  return catalog;
}

let fetcher = (url: string, init?: RequestInit): Promise<Response> => SELF.fetch(url, init);

/**
 * Sends this file's requests to its own instance of the Worker (the module imported into the test)
 * instead of SELF. SELF is one Worker shared by every test file running in the same workerd, so
 * module state one file drives on purpose (an open circuit breaker, enabled experiments) would leak
 * into the files running beside it. Call at the top of such a file.
 */
export function useOwnWorker(): void {
  fetcher = async (url, init) => {
    const { default: worker } = await import('../worker/index');
    return worker.fetch(new Request(url, init) as Request<unknown, IncomingRequestCfProperties>, env, createExecutionContext());
  };
}

/** The store, as this file reaches it (SELF unless `useOwnWorker()`). */
export const storeFetch = (url: string, init?: RequestInit) => fetcher(url, init);

export const get = (path: string, init?: RequestInit) => storeFetch(`${ORIGIN}${path}`, init);

export const admin = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  storeFetch(`${ORIGIN}/admin/api${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

export async function getJson<T>(path: string): Promise<{ status: number; body: T; res: Response }> {
  const res = await get(path);
  return { status: res.status, body: (await res.json()) as T, res };
}

export const listPage = (query: string) => getJson<ProductPage>(`/api/products${query}`);
export const getProduct = (slug: string) => getJson<Product>(`/api/products/${slug}`);

/** Asserts the contract's error shape and returns the body for further checks. */
export async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; issues?: unknown[] } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+/);
  return body;
}

export const countRows = async (table: string) =>
  (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;

/** A valid admin product body in the shape `GET /api/products/:slug` answers. */
export const newProduct = (slug: string, overrides: Record<string, unknown> = {}) => ({
  slug,
  title: `Test ${slug}`,
  description: 'A product made by a test.',
  category: 'hoodies',
  variants: [{ sku: slug.toUpperCase().slice(0, 60), title: 'Default', options: {}, price: { amount: 4200, currency: 'usd' } }],
  ...overrides,
});
