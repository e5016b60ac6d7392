// One drop shopper for bench/drop.mjs: a cookie jar of its own (hono's cookie parser; whatever the
// store sets, e.g. the visitor id and the admission token, is sent back without the bench knowing
// the names), its own client IP, and every request through a shared in-flight limit.
import { parse } from 'hono/utils/cookie';
import { exchange } from './http-exchange.mjs';
import { untilNotBusy } from './shopper.mjs';

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
    return (await untilNotBusy(() => this.request(what, method, path, body, headers), { tries, until: this.deadline })).at(-1);
  }
}
