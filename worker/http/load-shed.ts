import { replayStale } from '../cache/hot-lane';
import { holdsAdmission } from '../drops/admission';
import { newRequestId } from '../middleware/request-ids';
import { ApiError } from './errors';
import { isMachinePath } from './machine-path';
import { OVERLOAD_RETRY_AFTER_SECONDS } from './overload';

/**
 * Early load shedding at the Worker's entry, after the hot lane and before the app. The isolate
 * counts the requests it is running (`inFlight`). Two tiers:
 * - past `SHED_READS_INFLIGHT` (32), a catalog read (GET/HEAD of a browse page or a catalog API) the
 *   hot lane could not answer fresh gets this isolate's stale copy when it holds one, else a 503;
 * - past `SHED_CART_ADDS_INFLIGHT` (32), adding a SKU to a cart (the funnel's way in) gets the 503,
 *   so that shoppers already checking out are not queued behind new ones.
 * The 503 is `unavailable` with `Retry-After` (JSON, or a small HTML page on page routes), answered
 * before the app runs: no D1, Durable Object or Cache API call, nothing written. Checkout, the rest of
 * the cart, order pages, webhooks, admin and health are never shed.
 *
 * A drop's waiting room paces its own crowd (its DropGate lets in `admitPerMinute`, docs/drops.md):
 * its pages and queue calls are neither counted nor shed here, and a cart add that holds a valid
 * admission to a drop is never shed. Counting the crowd's polls once shed the very shoppers the
 * queue had just let in (bench:drop, 16 checkouts of 500 in ten minutes).
 *
 * Why here: under overload the shared resources (the runtime's thread in a local store, D1 and the
 * objects in production) are what every request waits on, and an open-loop crowd queues without
 * bound (bench/RESULTS.md, "Where the queue builds"). The count is per isolate, like every gauge a
 * Worker can keep without I/O.
 */

/** The reads that may be shed: the browse pages and the catalog's read API. */
const READS = /^\/(?:products(?:\/[^/]+)?|api\/products(?:\/[^/]+)?|api\/search\/suggest|api\/stock|sitemap\.xml)?$/;
/** Adding to a cart, from the API or the product page's form. */
const CART_ADDS = /^\/(?:api\/)?cart\/items$/;
/** A drop's waiting room (page and queue API), tested on the whole URL so that no URL is parsed. */
const WAITING_ROOM = /^https?:\/\/[^/]+\/(?:api\/)?drops\//;

let inFlight = 0;
let shedTotal = 0;
let staleTotal = 0;
/** Summary log: at most one line per isolate per LOG_EVERY_MS while it sheds. */
const LOG_EVERY_MS = 10_000;
let lastLog = 0;
let shedSinceLog = 0;
let staleSinceLog = 0;

const setting = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
};

/** Requests in flight in this isolate past which each tier is shed; 0 turns a tier off. */
export const shedLimits = (env: Env) => ({
  reads: setting(env.SHED_READS_INFLIGHT, 32),
  cartAdds: setting(env.SHED_CART_ADDS_INFLIGHT, 32),
});

/** This isolate's gauge, for /healthz: requests in flight now, the limits, requests shed and reads served stale. */
export const loadGauge = (env: Env) => {
  const limits = shedLimits(env);
  return { inFlight, shedReadsAt: limits.reads, shedCartAddsAt: limits.cartAdds, shed: shedTotal, servedStale: staleTotal };
};

type Tier = 'read' | 'cartAdd';

/** The tier this request may be shed in, or null (never shed). */
function tierOf(request: Request, path: string): Tier | null {
  if (request.method === 'GET' || request.method === 'HEAD') return READS.test(path) ? 'read' : null;
  return request.method === 'POST' && CART_ADDS.test(path) ? 'cartAdd' : null;
}

/** Whether this request, of `tier`, is to be shed with `others` requests running beside it. */
async function shouldShed(request: Request, env: Env, tier: Tier | null, others: number, limits: ReturnType<typeof shedLimits>): Promise<boolean> {
  const limit = tier === 'read' ? limits.reads : tier === 'cartAdd' ? limits.cartAdds : 0;
  if (limit === 0 || others < limit) return false;
  return tier !== 'cartAdd' || !(await holdsAdmission(request.headers.get('cookie'), env, Date.now()));
}

/**
 * Runs `next` (the app) counted in the gauge, unless this request is to be shed now. The request is
 * counted from its first step (synchronously, before any check awaits), so requests that arrive
 * together see each other.
 *
 * @example
 * fetch: (request, env, ctx) => replayHot(request, env, ctx) ?? admit(request, env, ctx, () => app.fetch(request, env, ctx))
 */
export async function admit(request: Request, env: Env, ctx: ExecutionContext, next: () => Response | Promise<Response>): Promise<Response> {
  if (WAITING_ROOM.test(request.url)) return next();
  const limits = shedLimits(env);
  const others = inFlight++;
  try {
    // The URL is parsed only once the isolate is busy: below both limits this costs a comparison.
    if (others >= Math.min(limits.reads || Infinity, limits.cartAdds || Infinity)) {
      const path = new URL(request.url).pathname;
      if (await shouldShed(request, env, tierOf(request, path), others, limits)) return shed(request, env, ctx, path, others);
    }
    return await next();
  } finally {
    inFlight--;
  }
}

function shed(request: Request, env: Env, ctx: ExecutionContext, path: string, others: number): Response {
  const stale = request.method === 'POST' ? undefined : replayStale(request, env, ctx);
  if (stale) {
    staleTotal++;
    staleSinceLog++;
  } else {
    shedTotal++;
    shedSinceLog++;
  }
  const now = Date.now();
  if (now - lastLog >= LOG_EVERY_MS) {
    console.warn(JSON.stringify({ msg: 'load shed', shed: shedSinceLog, servedStale: staleSinceLog, inFlight: others, limits: shedLimits(env), sinceMs: lastLog ? now - lastLog : undefined }));
    lastLog = now;
    shedSinceLog = 0;
    staleSinceLog = 0;
  }
  return stale ?? busyAnswer(request, path);
}

const MESSAGE = 'The store is very busy; try again in a moment (checkouts in progress still go through)';

function busyAnswer(request: Request, path: string): Response {
  const headers: Record<string, string> = {
    'retry-after': String(OVERLOAD_RETRY_AFTER_SECONDS),
    'cache-control': 'no-store',
    'x-request-id': newRequestId(request),
    'x-content-type-options': 'nosniff',
    // Tells a shed answer from the app's own 503s (bench/lib/mix.mjs counts them per route).
    'server-timing': 'shed',
  };
  if (isMachinePath(path)) {
    const error = new ApiError('unavailable', MESSAGE, { reason: 'shed' });
    return Response.json(error.toJSON(), { status: error.status, headers });
  }
  headers['content-type'] = 'text/html; charset=UTF-8';
  headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'";
  return new Response(request.method === 'HEAD' ? null : BUSY_PAGE, { status: 503, headers });
}

const BUSY_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Very busy right now — Edgefront</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}</style></head>
<body><main><h1>We are very busy right now</h1>
<p>Too many shoppers at once. Please try again in a few seconds.</p>
<p>Your cart is kept, and <a href="/cart">checkout</a> keeps working.</p></main></body></html>`;
