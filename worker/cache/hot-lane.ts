import type { MiddlewareHandler } from 'hono';
import QuickLRU from 'quick-lru';
import { peekCatalogVersion } from '../catalog/version';
import { experimentsGeneration, peekExperiments } from '../experiments/store';
import type { AppEnv } from '../http/app-env';
import { newRequestId } from '../middleware/request-ids';
import { pageKind, type PageKind } from '../telemetry/events';
import { flushSoon, telemetryOn, trackPageView } from '../telemetry/recorder';
import { newVisitorId, visitorCookie, visitorFromCookie } from '../telemetry/visitor';
import { policy } from './edge-cache';
import { peekStockGenerations, sameGenerations, STOCK_GENERATION_RECHECK_MS, type StockDeps } from './stock-generation';
import { tagPurgeOn } from './stock-purge';

/**
 * The fast lane for hot pages, in front of the app: when this isolate has already
 * answered this exact URL from the edge cache (same catalog version, same A/B cookie) and the copy is
 * still fresh, it replays that whole answer — body and every header the full pipeline produced,
 * security headers included — with only the per-request headers made anew. Nothing else runs: no
 * routing, no middleware chain, no I/O. It records the page view the telemetry middleware would have
 * (and names a new visitor the same way), since that middleware does not run here. Everything that is not a fresh replay (first request, stale
 * copy, other methods, `EDGE_CACHE=off`) takes the normal path, which keeps every rule of the edge cache.
 */

interface Replay {
  // Encoded once when recorded: turning a page's string (with its non-ASCII characters) into UTF-8
  // on every replay was a measurable share of a hot answer's CPU.
  body: Uint8Array;
  status: number;
  // A plain object: building a Response from one measured far cheaper in workerd than from an array
  // of pairs (bench/RESULTS.md).
  headers: Record<string, string>;
  storedAt: number;
  freshUntil: number;
  /** For the page view a replay records: the page's kind (null: not a page) and the experiments that shaped it. */
  page: PageKind | null;
  variants: Record<string, string>;
  /** A page showing stock is replayed only while this isolate checked its SKUs' generations within a second. */
  stock: StockDeps | undefined;
  /** When the app path last answered this from a copy it checked (for the tag purge, see edge-cache.ts). */
  checkedAt: number;
}

/** Headers that belong to one answer, never replayed. (`Age` is left out of replays altogether:
 * each header costs CPU, and `s-maxage` with `X-Cache` already says what a cache needs.) */
const PER_REQUEST = new Set(['x-request-id', 'age', 'server-timing', 'set-cookie', 'x-cache']);
const lane = new QuickLRU<string, Replay>({ maxSize: 300 });
const AB_COOKIE = /(?:^|;\s*)ab=([^;]*)/;

const laneKey = (request: Request, env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): string | undefined =>
  request.method !== 'GET' || env.EDGE_CACHE === 'off' ? undefined : keyOf(request.url, request.headers.get('cookie'), env, ctx);

// The URL and the Cookie header are read from the request once per replay (each read crosses into workerd).
function keyOf(url: string, cookie: string | null, env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): string | undefined {
  const version = peekCatalogVersion(env.CONFIG, ctx);
  if (version === undefined) return undefined;
  const ab = AB_COOKIE.exec(cookie ?? '')?.[1] ?? '';
  if (!experimentsSettled(ab)) return undefined;
  return `${version}\n${experimentsGeneration()}\n${ab}\n${url}`;
}

/**
 * True when the app would not assign this visitor to anything new: the lane replays no Set-Cookie, so a
 * first visit (or a newly enabled experiment) must go through the experiments middleware.
 */
function experimentsSettled(abCookie: string): boolean {
  const known = peekExperiments();
  if (known === undefined) return false;
  const entries = `~${abCookie}`;
  for (const e of known) {
    if (e.enabled && !entries.includes(`~${e.id}.`)) return false;
  }
  return true;
}

/**
 * Runs before Hono (in the Worker's `fetch`): the fresh replay of this exact request, or undefined
 * to let the app answer.
 */
export const replayHot = (request: Request, env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): Response | undefined =>
  replay(request, env, ctx, false);

/**
 * While the store sheds load (worker/http/load-shed.ts): this isolate's copy of the request even when
 * it is no longer fresh (up to the edge cache's stale-while-revalidate) or its SKUs' generations were
 * last checked up to SHED_STOCK_CHECK_MS ago, answered `X-Cache: STALE` and never revalidated (that
 * would be the work shedding saves). A copy whose generations are known to have changed is not served.
 */
export const replayStale = (request: Request, env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): Response | undefined =>
  replay(request, env, ctx, true);

/** How old a SKU's known page generation may be for a stale replay: the stock band shown may lag this much. */
const SHED_STOCK_CHECK_MS = 30_000;

function replay(request: Request, env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>, stale: boolean): Response | undefined {
  if (request.method !== 'GET' || env.EDGE_CACHE === 'off') return undefined;
  const url = request.url;
  const cookie = request.headers.get('cookie');
  const key = keyOf(url, cookie, env, ctx);
  const copy = key === undefined ? undefined : lane.get(key);
  if (!copy) return undefined;
  const now = Date.now();
  if (now >= (stale ? copy.freshUntil + policy(env).swr * 1000 : copy.freshUntil)) return undefined;
  if (copy.stock) {
    const gens = peekStockGenerations(copy.stock.skus, stale ? SHED_STOCK_CHECK_MS : STOCK_GENERATION_RECHECK_MS);
    if (!gens || !sameGenerations(copy.stock, gens)) return undefined;
    if (!stale && tagPurgeOn(env) && now - copy.checkedAt >= STOCK_GENERATION_RECHECK_MS) return undefined;
  }
  const requestId = newRequestId(request);
  const headers: Record<string, string> = { ...copy.headers, 'x-request-id': requestId };
  if (stale) {
    headers['x-cache'] = 'STALE';
    headers['server-timing'] = 'cache;desc="shed"';
  }
  if (copy.page && telemetryOn(env)) {
    let visitor = visitorFromCookie(cookie);
    const cookieless = !visitor;
    if (!visitor) {
      visitor = newVisitorId();
      headers['set-cookie'] = visitorCookie(visitor, url.startsWith('https:'));
    }
    trackPageView({ visitor, page: copy.page, variants: copy.variants, requestId }, cookieless);
    flushSoon(env, ctx);
  }
  return new Response(copy.body, { status: copy.status, headers });
}

/** The app's first middleware: remembers every fresh answer the edge cache gave, for `replayHot`. */
export const recordHot = (): MiddlewareHandler<AppEnv> =>
  async function recordHot(c, next) {
    await next();
    const entry = c.get('cacheEntry');
    const status = c.get('cacheStatus');
    if (!entry || (status !== 'HIT' && status !== 'MISS') || c.res.status !== 200) return;
    const key = laneKey(c.req.raw, c.env, c.executionCtx);
    if (!key) return;
    lane.set(key, {
      body: new TextEncoder().encode(entry.body),
      status: c.res.status,
      headers: {
        ...Object.fromEntries([...c.res.headers].filter(([name]) => !PER_REQUEST.has(name))),
        'x-cache': 'HIT',
        'server-timing': 'cache;desc="hot"',
      },
      storedAt: entry.storedAt,
      freshUntil: entry.storedAt + policy(c.env).fresh * 1000,
      page: c.res.headers.get('content-type')?.startsWith('text/html') ? pageKind(c.req.path, new URL(c.req.url).search) : null,
      variants: c.get('experiments') ?? {},
      stock: entry.stock,
      checkedAt: Date.now(),
    });
  };
