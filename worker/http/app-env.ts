import type { RequestIdVariables } from 'hono/request-id';
import type { TimingVariables } from 'hono/timing';
import type { Entry } from '../cache/edge-cache';
import type { StockDeps } from '../cache/stock-generation';

/** Hono's typing of our bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: RequestIdVariables &
    TimingVariables & {
      /** Running experiments' assignments for this visitor, e.g. `{ hero: 'bold' }`. */
      experiments: Record<string, string>;
      /** Every enabled experiment's variant for this visitor (what an order records), e.g. `{ hero: 'bold', cta: 'b' }`. */
      assignments?: Record<string, string>;
      /** The visitor id of worker/telemetry/visitor.ts (unset when telemetry is off or on machine paths). */
      visitor?: string;
      /** What the edge cache keys on so that each variant is cached apart: `hero=bold;…` or ''. */
      variantKey: string;
      /** Set by the edge cache: how this answer was obtained. */
      cacheStatus?: 'HIT' | 'MISS' | 'STALE' | 'BYPASS';
      /** Set by a handler whose answer shows stock bands: the SKUs and the page generations it read first. */
      stockDeps?: StockDeps;
      /** Set by the edge cache with the stored copy it answered from. */
      cacheEntry?: Entry;
      /** Set by readCartId: the request's `cart` cookie as it verified (`id.signature`). */
      cartCookie?: { id: string; signed: string };
    };
}
