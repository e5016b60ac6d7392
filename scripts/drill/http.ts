import { exchangeFetch } from '../../bench/lib/http-exchange.mjs';

/** A JSON answer; `status` 0 when the request never got one (`error` says why). */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers | null;
  error?: string;
}

/** JSON over HTTP that never throws: a network failure or a timeout answers status 0. One connection per request (bench/lib/http-exchange.mjs). */
export async function call<T = unknown>(
  url: string,
  {
    method = 'GET',
    body,
    rawBody,
    headers = {},
    timeoutMs = 15_000,
  }: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  try {
    const res = await exchangeFetch(url, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      // `rawBody` goes exactly as given: a signed webhook is verified over its bytes.
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { raw: text.slice(0, 200) };
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    return { status: 0, body: null as T, headers: null, error: cause ?? (err as Error).message };
  }
}

/** Like `call`, but anything other than a 2xx throws (set-up and record reads, where a failure ends the drill). */
export async function must<T = unknown>(what: string, url: string, init: Parameters<typeof call>[1] = {}): Promise<T> {
  const answer = await call<T>(url, init);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${what}: ${init.method ?? 'GET'} ${url} answered ${answer.status || answer.error} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
  return answer.body;
}

/** The store's admin API and the emulator, as the drill reaches them. */
export interface Endpoints {
  base: string;
  emulator: string;
  adminToken: string;
  stripeSecretKey: string;
}

export const adminHeaders = (e: Endpoints) => ({ authorization: `Bearer ${e.adminToken}` });
export const stripeHeaders = (e: Endpoints) => ({ authorization: `Bearer ${e.stripeSecretKey}` });

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
