// The HTTP shopper the benchmarks and the tests share: a browser-like client of the store that keeps
// every cookie the store sets (`cart`, `ab`, `vid`) and speaks the store's cart and checkout API.
// Plain JavaScript with no Node or Workers imports, so the Workers test pool (test/shopper.ts wraps it
// with its expect()-based helpers over SELF.fetch) and Node (bench/*.mjs and the drill, over
// bench/lib/http-exchange.mjs: one connection per request, each shopper with its own client IP) both
// load it as it is. The sender is the `fetch` option.

/** @typedef {(input: string, init?: RequestInit) => Promise<Response>} FetchLike */

/**
 * @typedef {object} ShopperOptions
 * @property {string} base origin of the store, e.g. `http://127.0.0.1:8814`
 * @property {FetchLike} [fetch] how requests are sent (global fetch unless given)
 * @property {string} [ip] sent as `cf-connecting-ip` (the per-IP rate limiter sees one visitor per shopper)
 * @property {string} [email] the checkout email
 * @property {Record<string, unknown>} [checkoutDetails] what POST /api/checkout sends besides the email
 * @property {string} [cookie] a cookie header to start from
 * @property {number} [timeoutMs] abort each request after this long (none unless given)
 */

/**
 * @typedef {object} Answer a request's outcome; a network failure is status 0 with `text` = its cause
 * @property {number} status
 * @property {number} ms
 * @property {string} text
 * @property {Headers | null} headers
 */

/**
 * @typedef {object} CheckoutAnswer
 * @property {number} status 201 created; 0 = network failure
 * @property {number} ms
 * @property {any} body parsed JSON (or `{ raw }`, or `{ error: cause }` on a network failure)
 * @property {number} t0 performance.now() when sent
 * @property {number} t1 performance.now() when answered
 * @property {Headers} [headers]
 */

/** Where shoppers ship to unless told otherwise: a US address the demo ships to (Oregon: no sales tax). */
export const DEFAULT_ADDRESS = { name: 'Bench Shopper', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' };

/** The useful part of a network failure: its code and message (undici's cause, or node:http's own). */
export function networkCause(/** @type {any} */ err) {
  const c = err?.cause;
  const code = [c?.code, err?.code].find((x) => typeof x === 'string');
  return [code, c?.message ?? err?.message ?? String(err)].filter(Boolean).join(' ').slice(0, 200);
}

export class Shopper {
  /**
   * `new Shopper({ base, … })`. In Node the benches pass `fetch: exchangeFetch` (bench/lib/http-exchange.mjs,
   * through bench-shopper.mjs's `benchShopper`); the tests pass their Worker's fetch (test/shopper.ts).
   * @param {ShopperOptions} o
   */
  constructor(o) {
    this.base = o.base;
    /** @type {FetchLike} */
    this.fetcher = o.fetch ?? ((input, init) => fetch(input, init));
    this.ip = o.ip;
    this.email = o.email ?? 'shopper@example.com';
    /** @type {Record<string, unknown>} */
    this.checkoutDetails = o.checkoutDetails ?? { shippingAddress: DEFAULT_ADDRESS };
    /** The cookie header this shopper sends: every cookie the store set, each replacing its earlier value. */
    this.cookie = o.cookie ?? '';
    this.timeoutMs = o.timeoutMs;
  }

  /**
   * One request to `path` with this shopper's cookies (and IP); keeps the cookies the answer sets.
   * `body`: a string as it is, anything else as JSON.
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {Record<string, string>} [headers]
   * @param {{ timeoutMs?: number }} [opts]
   */
  async fetch(method, path, body, headers = {}, { timeoutMs = this.timeoutMs } = {}) {
    const res = await this.fetcher(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.ip ? { 'cf-connecting-ip': this.ip } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    this.keep(res.headers.getSetCookie?.() ?? []);
    return res;
  }

  /** Keeps every cookie of `set-cookie` lines, each replacing its earlier value, in first-set order. */
  keep(/** @type {string[]} */ lines) {
    if (lines.length === 0) return;
    const jar = new Map(
      this.cookie
        .split(/;\s*/)
        .filter(Boolean)
        .map((pair) => [pair.split('=')[0], pair]),
    );
    for (const line of lines) {
      const pair = line.split(';')[0] ?? '';
      jar.set(pair.split('=')[0], pair);
    }
    this.cookie = [...jar.values()].join('; ');
  }

  /** True once the store gave this shopper a cart. */
  get hasCart() {
    return this.cookie.split(/;\s*/).some((pair) => pair.startsWith('cart='));
  }

  /** The cart id inside the signed `cart` cookie ('' without one). */
  get cartId() {
    const cart = this.cookie.split(/;\s*/).find((pair) => pair.startsWith('cart=')) ?? '';
    return decodeURIComponent(cart.slice('cart='.length)).split('.')[0] ?? '';
  }

  /** POST /api/cart/items → the Response. */
  add(/** @type {string} */ sku, quantity = 1) {
    return this.fetch('POST', '/api/cart/items', { sku, quantity });
  }

  /** A form POST as a browser sends it (urlencoded, same-origin `origin` header). */
  form(/** @type {string} */ path, /** @type {Record<string, string>} */ fields, /** @type {Record<string, string>} */ headers = {}) {
    return this.fetch('POST', path, new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      origin: this.base,
      ...headers,
    });
  }

  /**
   * A timed request that never throws: a network failure answers status 0 (text = the cause).
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<Answer>}
   */
  async timed(method, path, body) {
    const t0 = performance.now();
    try {
      const res = await this.fetch(method, path, body);
      const text = await res.text();
      return { status: res.status, ms: performance.now() - t0, text, headers: res.headers };
    } catch (err) {
      return { status: 0, ms: performance.now() - t0, text: networkCause(err), headers: null };
    }
  }

  /** POST /api/cart/items, timed; never throws. */
  addToCart(/** @type {string} */ sku, quantity = 1) {
    return this.timed('POST', '/api/cart/items', { sku, quantity });
  }

  /** POST /api/cart/discounts (set-up, not measured); returns the status. */
  async applyCode(/** @type {string} */ code) {
    const res = await this.fetch('POST', '/api/cart/discounts', { code });
    await res.arrayBuffer();
    return res.status;
  }

  /**
   * POST /api/checkout with the email and `checkoutDetails`; never throws.
   * @param {{ idempotencyKey?: string, timeoutMs?: number }} [opts]
   * @returns {Promise<CheckoutAnswer>}
   */
  async checkout({ idempotencyKey, timeoutMs = 60_000 } = {}) {
    const t0 = performance.now();
    try {
      const res = await this.fetch(
        'POST',
        '/api/checkout',
        { email: this.email, ...this.checkoutDetails },
        idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
        { timeoutMs },
      );
      const text = await res.text();
      const t1 = performance.now();
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = { raw: text.slice(0, 300) };
      }
      return { status: res.status, ms: t1 - t0, body, t0, t1, headers: res.headers };
    } catch (err) {
      const t1 = performance.now();
      return { status: 0, ms: t1 - t0, body: { error: networkCause(err) }, t0, t1 };
    }
  }
}

/**
 * The client rule of docs/drops.md: a busy answer (503 or 429 with `Retry-After`) is sent again after
 * the wait it asks (at most `capSeconds`), `tries` sends in all, and only for an idempotent request (a
 * GET, or a POST carrying an Idempotency-Key: the caller's to ensure). No retry once `until`
 * (performance.now() ms) has passed. `only` narrows the busy answers that are sent again to those the
 * caller knows did nothing (a cart add shed at the store's entry). Returns every answer in order; the
 * last is the one that counts.
 * @template {{ status: number, headers?: Headers | null }} A
 * @param {() => Promise<A>} send
 * @param {{ tries?: number, capSeconds?: number, until?: number, only?: (answer: A) => boolean }} [opts]
 * @returns {Promise<A[]>}
 */
export async function untilNotBusy(send, { tries = 4, capSeconds = 5, until = Infinity, only = () => true } = {}) {
  /** @type {A[]} */
  const answers = [];
  for (;;) {
    const r = await send();
    answers.push(r);
    const header = r.headers?.get('retry-after');
    const retryAfter = header == null ? NaN : Number(header);
    const busy = (r.status === 503 || r.status === 429) && Number.isFinite(retryAfter) && retryAfter >= 0 && only(r);
    if (!busy || answers.length >= tries || performance.now() > until) return answers;
    await new Promise((resolve) => setTimeout(resolve, Math.min(capSeconds, retryAfter) * 1000));
  }
}

/** 10.x.y.z, distinct per shopper index. */
export const shopperIp = (/** @type {number} */ round, /** @type {number} */ i) => `10.${(round + 1) & 255}.${(i >> 8) & 255}.${i & 255}`;
