// The store's admin API over HTTP, as the benches drive it (stock, orders).

export class Http {
  /** @param {string} base @param {{ adminToken?: string }} [opts] */
  constructor(base, { adminToken } = {}) {
    this.base = base;
    this.adminToken = adminToken;
  }

  /**
   * @param {string} path
   * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, timeoutMs?: number }} [opts]
   * @returns {Promise<{ status: number, data: any, headers: Headers }>}
   */
  async json(path, { method = 'GET', body, headers = {}, timeoutMs = 30_000 } = {}) {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { raw: text.slice(0, 300) };
    }
    return { status: res.status, data, headers: res.headers };
  }

  admin(path, opts = {}) {
    return this.json(path, { ...opts, headers: { authorization: `Bearer ${this.adminToken}`, ...(opts.headers ?? {}) } });
  }

  async setStock(sku, onHand) {
    const r = await this.admin(`/admin/api/stock/${encodeURIComponent(sku)}`, { method: 'PUT', body: { onHand } });
    if (r.status !== 200) throw new Error(`PUT stock ${sku} → ${r.status} ${JSON.stringify(r.data)}`);
    return r.data;
  }

  async stock(sku) {
    const r = await this.admin(`/admin/api/stock/${encodeURIComponent(sku)}`);
    if (r.status !== 200) throw new Error(`GET stock ${sku} → ${r.status} ${JSON.stringify(r.data)}`);
    return r.data;
  }

  /** Every order of the admin list (newest first), following nextCursor; `stopWhen(item)` ends early. */
  /** @param {{ status?: string, stopWhen?: (item: any) => boolean }} [opts] @returns {Promise<any[]>} */
  async allOrders({ status, stopWhen } = {}) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < 1000; page++) {
      const q = new URLSearchParams({ limit: '100' });
      if (status) q.set('status', status);
      if (cursor) q.set('cursor', cursor);
      const r = await this.admin(`/admin/api/orders?${q}`);
      if (r.status !== 200) throw new Error(`GET /admin/api/orders → ${r.status} ${JSON.stringify(r.data)}`);
      let stop = false;
      for (const it of r.data.items) {
        if (stopWhen?.(it)) {
          stop = true;
          break;
        }
        items.push(it);
      }
      cursor = r.data.nextCursor;
      if (!cursor || stop) break;
    }
    return items;
  }
}
