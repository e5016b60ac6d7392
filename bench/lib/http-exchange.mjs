// The one HTTP client the Node benches (and the drill) send requests to the store with.
//
// Not global fetch: undici reuses keep-alive sockets that workerd has already closed under load, and
// a POST sent on one fails (ECONNRESET / UND_ERR_SOCKET "other side closed") with no way to tell
// whether the store saw it. Here every request has a loopback connection of its own
// (`connection: close`, no agent); a fresh connection on 127.0.0.1 costs ~0.1 ms.
// Node only (node:http): the Workers test pool keeps sending through SELF.fetch.
import { request as httpRequest } from 'node:http';

/**
 * @typedef {object} Exchanged
 * @property {number} status
 * @property {Headers} headers
 * @property {string} text
 */

/**
 * One HTTP exchange on a connection of its own, answering { status, headers, text }. A network
 * failure rejects with node's error (its `code`, e.g. ECONNRESET); `timeoutMs` or `signal` abort it.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string, timeoutMs?: number, signal?: AbortSignal }} [opts]
 * @returns {Promise<Exchanged>}
 */
export function exchange(url, { method = 'GET', headers = {}, body, timeoutMs = 60_000, signal } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, connection: 'close' }, agent: false, timeout: timeoutMs, signal }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve({ status: res.statusCode ?? 0, headers: h, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/** Statuses whose Response may carry no body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * `exchange` as a fetch-like function (the Shopper's `fetch` option): string or absent bodies, any
 * `headers` form, `signal` honoured; redirects are never followed (the shopper asks for 'manual').
 * @param {string} input
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
export async function exchangeFetch(input, init = {}) {
  const body = init.body ?? undefined;
  if (body !== undefined && typeof body !== 'string') throw new TypeError('exchangeFetch sends string bodies only');
  /** @type {Record<string, string>} */
  const headers = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const res = await exchange(input, { method: init.method ?? 'GET', headers, body: /** @type {string | undefined} */ (body), signal: init.signal ?? undefined });
  return new Response(NULL_BODY.has(res.status) ? null : res.text, { status: res.status, headers: res.headers });
}
