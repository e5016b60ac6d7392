/**
 * The runtime's refusal of a Durable Object call because the object is overloaded ("Durable Object
 * is overloaded. Too many requests queued.", "…Requests queued for too long.", and the account-wide
 * "generating too much load on Durable Objects"). workerd marks these errors `overloaded: true`; the
 * message is matched too, for errors that crossed an RPC boundary and kept only `name` and `message`.
 * Such a call may be retried later but not at once: the answer is 503 with `Retry-After`.
 */
const OVERLOADED = /durable object is overloaded|too many requests queued|requests queued for too long|too much load on durable objects/i;

/** Seconds a client should wait after an overloaded object: long enough for its queue to drain. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 2;

export function isOverloaded(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { overloaded?: unknown }).overloaded === true || OVERLOADED.test(e.message)) return true;
  }
  return false;
}

/**
 * D1 failing (overloaded, unreachable, storage errors): workerd prefixes every D1 failure `D1_`, and
 * Drizzle wraps it ("Failed query: …", the D1 error as its cause).
 */
export function isD1Failure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/^D1_/.test(e.message)) return true;
  }
  return false;
}

/** The store's storage is busy or briefly out (D1, or an overloaded object): a later try may succeed. */
export const isStoreBusy = (err: unknown): boolean => isOverloaded(err) || isD1Failure(err);
