import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): a request continues the trace of an
 * incoming `traceparent` or starts one; the trace travels with the async work of the request
 * (AsyncLocalStorage), into its JSON log lines and, as a child `traceparent`, into outbound calls (the
 * payment provider, the warehouse) and the queue messages that carry work on.
 */
export interface Trace {
  traceId: string;
  spanId: string;
  flags: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZEROS = /^0+$/;
const store = new AsyncLocalStorage<Trace>();

const hex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The trace an incoming `traceparent` names (with a new span for this hop), or a new sampled one. */
export function traceFrom(header: string | null | undefined): Trace {
  const m = TRACEPARENT.exec(header?.trim().toLowerCase() ?? '');
  if (m && !ZEROS.test(m[1]!) && !ZEROS.test(m[2]!)) return { traceId: m[1]!, spanId: hex(8), flags: m[3]! };
  return { traceId: hex(16), spanId: hex(8), flags: '01' };
}

export const withTrace = <T>(trace: Trace, run: () => T): T => store.run(trace, run);
export const currentTrace = (): Trace | undefined => store.getStore();

/** The current trace's ids for a JSON log line (empty outside a trace). */
export function traceFields(): { traceId?: string; spanId?: string } {
  const trace = store.getStore();
  return trace ? { traceId: trace.traceId, spanId: trace.spanId } : {};
}

/** A child `traceparent` for an outbound call or message, or undefined outside a trace. */
export function childTraceparent(): string | undefined {
  const trace = store.getStore();
  return trace && `00-${trace.traceId}-${hex(8)}-${trace.flags}`;
}

/** `fetch` that sends the current trace on. */
export const tracedFetch: typeof fetch = (input, init) => {
  const traceparent = childTraceparent();
  if (!traceparent) return fetch(input, init);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set('traceparent', traceparent);
  return fetch(input, { ...init, headers });
};
