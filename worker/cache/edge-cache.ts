import type { Context, MiddlewareHandler } from 'hono';
import QuickLRU from 'quick-lru';
import { catalogVersion } from '../catalog/version';
import type { AppEnv } from '../http/app-env';
import { sameGenerations, stockGenerations, type StockDeps } from './stock-generation';
import { stockCacheTag, tagPurgeOn } from './stock-purge';

/**
 * Edge cache for pages and catalog answers, in two tiers keyed alike by (catalog version, A/B variant,
 * path, the query parameters the route reads):
 *   1. a small in-isolate LRU, so a hot page costs no I/O at all;
 *   2. the Cache API (`caches.default`), shared by the isolates of a location.
 * Freshness is judged from the time the copy was stored, so one stored copy serves as fresh
 * (`X-Cache: HIT`), then stale while it revalidates in the background (`STALE`), then, up to
 * `stale-if-error`, as the answer of last resort when rendering fails (D1 down): `STALE` again.
 * A copy that shows stock (a product page: the handler sets `stockDeps`) is also only valid while
 * its SKUs' page generations are the ones it was rendered under (stock-generation.ts): a band change
 * makes it a MISS within a second, whatever its age, and it is never a last resort after that.
 */

export interface Entry {
  // Text, not an ArrayBuffer: workerd may detach a buffer handed to a Response, and an entry is
  // answered many times. Everything cached here is HTML, JSON or XML.
  body: string;
  status: number;
  headers: [string, string][];
  storedAt: number;
  /** The SKUs whose stock band the copy shows, and their page generations when it was rendered. */
  stock?: StockDeps | undefined;
}

export interface EdgeCacheOptions {
  /**
   * Query parameters that change the answer; all others are left out of the key. Values of a repeated
   * parameter are a set: their order does not change the key. Or a function answering them
   * normalised, when values must be too (so `?size=M` and `?size=m ` share a copy).
   */
  query?: readonly string[] | ((url: URL) => URLSearchParams);
  /** Re-enters the app to refresh a stale copy after the stale answer has been sent. */
  dispatch: (request: Request, env: Env, ctx: Context['executionCtx']) => Promise<Response>;
}

const STORED_AT = 'x-edge-stored-at';
const STOCK_DEPS = 'x-edge-stock';
/** Only these describe the content; request ids, timings and cookies belong to one request. */
const CONTENT_HEADERS = new Set(['content-type', 'content-language', 'link', 'vary']);
const hot = new QuickLRU<string, Entry>({ maxSize: 300 });
const revalidations = new WeakSet<Request>();
const refreshing = new Set<string>();

const seconds = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};

export function policy(env: Env) {
  return {
    fresh: seconds(env.CACHE_FRESH_SECONDS, 60),
    swr: seconds(env.CACHE_SWR_SECONDS, 300),
    sie: seconds(env.CACHE_STALE_IF_ERROR_SECONDS, 86_400),
  };
}

function keyParams(url: URL, query: NonNullable<EdgeCacheOptions['query']>): URLSearchParams {
  if (typeof query === 'function') return query(url);
  const params = new URLSearchParams();
  // Normalised so equal filters share a copy: repeated values (facets) deduplicated and sorted, empty
  // ones (a blank form field, which every route reads as absent) left out.
  for (const name of query) {
    const values = new Set(url.searchParams.getAll(name).filter((value) => value !== ''));
    for (const value of [...values].sort()) params.append(name, value);
  }
  return params;
}

async function cacheKey(c: Context<AppEnv>, query: NonNullable<EdgeCacheOptions['query']>): Promise<string> {
  const url = new URL(c.req.url);
  const version = await catalogVersion(c.env.CONFIG, c.executionCtx);
  const params = keyParams(url, query);
  const variant = encodeURIComponent(c.get('variantKey') || '-');
  return `${url.origin}/__edge-cache/${version}/${variant}${url.pathname}?${params}`;
}

/**
 * Answers from a stored copy through `c.body`, so this request's own headers (request id) apply, and
 * assigns it to `c.res`: once a handler has answered, Hono keeps `c.res` over a middleware's return.
 */
function respond(c: Context<AppEnv>, entry: Entry, status: 'HIT' | 'MISS' | 'STALE'): Response {
  const { fresh, swr, sie } = policy(c.env);
  c.set('cacheStatus', status);
  c.set('cacheEntry', entry);
  const headers: Record<string, string> = Object.fromEntries(entry.headers);
  headers['cache-control'] =
    `public, max-age=0, s-maxage=${fresh}, stale-while-revalidate=${swr}, stale-if-error=${sie}`;
  headers['x-cache'] = status;
  headers['age'] = String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000)));
  c.res = c.body(entry.body, entry.status as 200, headers);
  return c.res;
}

async function lookup(key: string): Promise<Entry | undefined> {
  const inIsolate = hot.get(key);
  if (inIsolate) return inIsolate;
  const stored = await caches.default.match(key);
  if (!stored) return undefined;
  const entry: Entry = {
    body: await stored.text(),
    status: stored.status,
    headers: [...stored.headers].filter(([name]) => CONTENT_HEADERS.has(name)),
    storedAt: Number(stored.headers.get(STORED_AT)) || 0,
    stock: parseDeps(stored.headers.get(STOCK_DEPS)),
  };
  hot.set(key, entry);
  return entry;
}

function parseDeps(header: string | null): StockDeps | undefined {
  if (!header) return undefined;
  try {
    const deps = JSON.parse(header) as StockDeps;
    return Array.isArray(deps.skus) && Array.isArray(deps.gens) ? deps : { skus: [], gens: ['unreadable'] };
  } catch {
    // Unreadable: a copy that cannot say what it showed is not served.
    return { skus: [], gens: ['unreadable'] };
  }
}

/**
 * A stored copy, unless it shows stock whose band has changed since it was rendered; with the tag
 * purge on, a copy in isolate memory also stops once the purge has emptied its Cache API entry.
 */
async function validLookup(key: string, env: Env): Promise<Entry | undefined> {
  const inMemory = hot.has(key);
  const entry = await lookup(key);
  if (!entry?.stock) return entry;
  const valid =
    sameGenerations(entry.stock, await stockGenerations(entry.stock.skus)) &&
    (!inMemory || !tagPurgeOn(env) || (await stillStored(key)));
  if (valid) return entry;
  hot.delete(key);
  return undefined;
}

// Every time, not memoised: the hot lane already spaces these out to one per RECHECK_MS per page, and
// a memo here would add its own second to the bound.
async function stillStored(key: string): Promise<boolean> {
  const stored = await caches.default.match(key);
  await stored?.body?.cancel();
  return stored !== undefined;
}

async function store(
  key: string,
  res: Response,
  env: Env,
  ctx: Pick<ExecutionContext, 'waitUntil'>,
  stock: StockDeps | undefined,
): Promise<Entry> {
  const entry: Entry = {
    body: await res.text(),
    status: res.status,
    headers: [...res.headers].filter(([name]) => CONTENT_HEADERS.has(name)),
    storedAt: Date.now(),
    stock,
  };
  hot.set(key, entry);
  const { fresh, sie } = policy(env);
  const headers = new Headers(entry.headers);
  headers.set(STORED_AT, String(entry.storedAt));
  if (stock) {
    headers.set(STOCK_DEPS, JSON.stringify(stock));
    // For the production purge adapter (stock-purge.ts): a band change purges this copy everywhere.
    headers.set('cache-tag', stock.skus.map(stockCacheTag).join(','));
  }
  headers.set('cache-control', `public, max-age=${fresh + sie}`);
  ctx.waitUntil(
    caches.default.put(key, new Response(entry.body, { status: entry.status, headers })),
  );
  return entry;
}

/**
 * @example
 * app.get('/products/:slug', edgeCache({ dispatch }), renderProduct);
 */
export const edgeCache = (opts: EdgeCacheOptions): MiddlewareHandler<AppEnv> =>
  async function edgeCache(c, next) {
    if (c.env.EDGE_CACHE === 'off') {
      c.set('cacheStatus', 'BYPASS');
      await next();
      c.header('x-cache', 'BYPASS');
      return;
    }
    const key = await cacheKey(c, opts.query ?? []);
    const { fresh, swr, sie } = policy(c.env);
    const isRevalidation = revalidations.has(c.req.raw);
    const cached = isRevalidation ? undefined : await validLookup(key, c.env);
    const age = cached ? (Date.now() - cached.storedAt) / 1000 : Infinity;

    if (cached && age < fresh) return respond(c, cached, 'HIT');
    if (cached && age < fresh + swr) {
      if (!refreshing.has(key)) {
        refreshing.add(key);
        const request = new Request(c.req.raw);
        revalidations.add(request);
        c.executionCtx.waitUntil(
          opts.dispatch(request, c.env, c.executionCtx).finally(() => refreshing.delete(key)),
        );
      }
      return respond(c, cached, 'STALE');
    }

    await next();
    if (c.error) {
      const lastResort = cached ?? (isRevalidation ? undefined : await validLookup(key, c.env));
      const lastAge = lastResort ? (Date.now() - lastResort.storedAt) / 1000 : Infinity;
      if (lastResort && lastAge < fresh + sie && c.res.status >= 500) {
        c.error = undefined;
        return respond(c, lastResort, 'STALE');
      }
      return;
    }
    // A handler marks an answer it must not share (one rendered for a query it ignored) no-store.
    if (c.res.status !== 200 || /no-store/.test(c.res.headers.get('cache-control') ?? '')) return;
    return respond(c, await store(key, c.res, c.env, c.executionCtx, c.get('stockDeps')), 'MISS');
  };
