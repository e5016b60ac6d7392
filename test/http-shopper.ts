/** What sends a shopper's requests: `fetch` in Node, `SELF.fetch` in the Workers tests. */
export type Send = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * A browser-like client over HTTP: keeps every cookie the store sets (`cart`, `ab`, `vid`) and sends
 * them back. Shared by the Workers tests (test/shopper.ts) and the resilience drill (scripts/drill/).
 */
export class HttpShopper {
  constructor(
    readonly origin: string,
    private readonly send: Send,
    public cookie = '',
    /** Sent with every request (the drill gives each shopper its own `cf-connecting-ip`). */
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async fetch(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, init: RequestInit = {}) {
    const res = await this.send(`${this.origin}${path}`, {
      ...init,
      method,
      redirect: 'manual',
      headers: {
        ...this.extraHeaders,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.keep(res.headers.getSetCookie());
    return res;
  }

  add(sku: string, quantity: number) {
    return this.fetch('POST', '/api/cart/items', { sku, quantity });
  }

  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.fetch('POST', path, new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      origin: this.origin,
      ...headers,
    });
  }

  get cartId() {
    const cart = this.cookie.split(/;\s*/).find((pair) => pair.startsWith('cart=')) ?? '';
    return decodeURIComponent(cart.slice('cart='.length)).split('.')[0]!;
  }

  /** Keeps every cookie the store set, each replacing its earlier value, in first-set order. */
  private keep(lines: string[]) {
    if (lines.length === 0) return;
    const jar = new Map(this.cookie.split(/;\s*/).filter(Boolean).map((pair) => [pair.split('=')[0]!, pair]));
    for (const line of lines) {
      const pair = line.split(';')[0]!;
      jar.set(pair.split('=')[0]!, pair);
    }
    this.cookie = [...jar.values()].join('; ');
  }
}
