import { flagEnabled } from './store';

/** Kill switches: flags in KV (`flag:<key>`), on unless set `enabled: false` (docs/runbook.md). */
export const KILL_SWITCHES = {
  /** Off: read-only mode for a D1 outage; catalog and carts serve, checkout writes nothing. */
  d1Writes: 'd1-writes',
  checkout: 'checkout',
  promotions: 'promotions',
  experiments: 'experiments',
} as const;

/** For code without a request's context (the checkout saga): the flags' background re-read just runs. */
const DETACHED: Pick<ExecutionContext, 'waitUntil'> = { waitUntil: (promise) => void promise.catch(() => undefined) };

/** Whether a kill switch leaves its feature on (a switch never set is on). */
export const switchedOn = (kv: KVNamespace, key: (typeof KILL_SWITCHES)[keyof typeof KILL_SWITCHES], ctx = DETACHED) =>
  flagEnabled(kv, ctx, key);
