// One drop shopper for bench/drop.mjs: a cookie jar of its own (hono's cookie parser; whatever the
// store sets, e.g. the visitor id and the admission token, is sent back without the bench knowing
// the names), its own client IP, and every request through a shared in-flight limit.
import { request as httpRequest } from 'node:http';
import { parse } from 'hono/utils/cookie';

/**
 * One HTTP exchange on a connection of its own (`connection: close`), answering a fetch-like
 * { status, headers: Headers, text }. Not fetch: undici reuses keep-alive sockets that workerd has
 * already closed under load, and a POST sent on one fails (ECONNRESET / UND_ERR_SOCKET) with no way
 * to tell whether the store saw it; a fresh loopback connection per request costs ~0.1 ms.
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string, timeoutMs?: number }} [opts]
 */
export function exchange(url, { method = 'GET', headers = {}, body, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, connection: 'close' }, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve({ status: res.statusCode, headers: h, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

export const TURNSTILE_TEST_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

/** Steps further along a journey go first: a shopper who is paying is not kept waiting behind joiners. */
export const PRIORITY = { pay: 0, checkout: 1, add: 2, poll: 3, join: 4 };

/**
 * At most `n` requests in flight across all shoppers (the bench stays bounded however many arrive),
 * the waiting ones sent by PRIORITY, then in arrival order.
 */
export function limiter(n) {
  let active = 0;
  const waiting = Object.values(PRIORITY).map(() => []);
  const next = () => waiting.find((q) => q.length > 0)?.shift();
  return async function limited(fn, priority = 0) {
    if (active >= n) await new Promise((resolve) => waiting[priority].push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      next()?.();
    }
  };
}

export class DropShopper {
  /** `deadline` (performance.now() ms): requests not sent by then are abandoned (status -1), so the bench stays bounded. */
  constructor(base, ip, email, limited, deadline = Infinity) {
    this.deadline = deadline;
    this.base = base;
    this.ip = ip;
    this.email = email;
    this.limited = limited;
    this.jar = new Map();
    /** Every answer: { what, status, ms, code }. */
    this.log = [];
  }

  get cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      // hono's parser names the cookie; the value goes back exactly as it came (still encoded).
      for (const name of Object.keys(parse(pair))) {
        if (expired) this.jar.delete(name);
        else this.jar.set(name, pair.slice(pair.indexOf('=') + 1).trim());
      }
    }
  }

  /** One request; a network failure is status 0. Returns { status, ms, body, headers, t0, t1 }. */
  async request(what, method, path, body, headers = {}) {
    return this.limited(async () => {
      const t0 = performance.now();
      if (t0 > this.deadline) return { status: -1, ms: 0, body: null, headers: null, t0, t1: t0 };
      try {
        const res = await exchange(this.base + path, {
          method,
          headers: {
            'cf-connecting-ip': this.ip,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(this.jar.size ? { cookie: this.cookieHeader } : {}),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = res.text;
        const t1 = performance.now();
        this.keep(res);
        let data = null;
        try {
          data = JSON.parse(text);
        } catch {
          data = { raw: text.slice(0, 200) };
        }
        this.log.push({ what, status: res.status, ms: t1 - t0, code: data?.error?.code ?? null, message: data?.error?.message ?? null });
        return { status: res.status, ms: t1 - t0, body: data, headers: res.headers, t0, t1 };
      } catch (err) {
        const t1 = performance.now();
        this.log.push({ what, status: 0, ms: t1 - t0, code: String(err?.code ?? err?.message ?? err) });
        return { status: 0, ms: t1 - t0, body: null, headers: null, t0, t1 };
      }
    }, PRIORITY[what] ?? 0);
  }

  /**
   * The client rule of docs/drops.md: a busy answer (503/429 with Retry-After) is retried only when
   * the request is idempotent (a GET, or a POST carrying an Idempotency-Key), after the wait asked.
   */
  async idempotent(what, method, path, body, headers = {}, tries = 4) {
    for (let attempt = 1; ; attempt++) {
      const r = await this.request(what, method, path, body, headers);
      const retryAfter = Number(r.headers?.get('retry-after'));
      if (!(r.status === 503 || r.status === 429) || attempt >= tries || !Number.isFinite(retryAfter) || performance.now() > this.deadline) return r;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5, retryAfter) * 1000));
    }
  }
}
