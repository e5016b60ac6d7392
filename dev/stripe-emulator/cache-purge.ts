import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, sendJson } from './http-util.js';

/**
 * Cloudflare's zone cache purge, the subset the store uses (worker/cache/stock-purge.ts):
 * `POST /client/v4/zones/:zone/purge_cache` with `Authorization: Bearer <token>` and `{ tags }`
 * (at most 30 per call, like Cloudflare), answering Cloudflare's envelope. Purges are recorded and
 * readable at `GET /_purges?zone=` so tests and `npm run dev` can see what was purged.
 */
export interface Purge {
  zone: string;
  tags: string[];
  at: number;
}

export class PurgeLog {
  private readonly purges: Purge[] = [];

  record(purge: Purge): void {
    this.purges.push(purge);
    if (this.purges.length > 1_000) this.purges.shift();
  }

  list(zone?: string): Purge[] {
    return this.purges.filter((p) => zone === undefined || p.zone === zone);
  }

  reset(): void {
    this.purges.length = 0;
  }
}

const PATH = /^\/client\/v4\/zones\/([A-Za-z0-9_-]{1,64})\/purge_cache$/;
const failure = (code: number, message: string) => ({ success: false, errors: [{ code, message }], messages: [], result: null });

export function handleCachePurge(log: PurgeLog, req: IncomingMessage, res: ServerResponse, url: URL, raw: string): void {
  if (url.pathname === '/_purges' && req.method === 'GET') {
    sendJson(res, 200, { items: log.list(url.searchParams.get('zone') ?? undefined) });
    return;
  }
  const zone = PATH.exec(url.pathname)?.[1];
  if (!zone || req.method !== 'POST') {
    sendJson(res, 404, failure(7003, 'Could not route to the requested path'));
    return;
  }
  if (!/^Bearer \S+$/.test(header(req, 'authorization') ?? '')) {
    sendJson(res, 403, failure(10000, 'Authentication error'));
    return;
  }
  let body: { tags?: unknown };
  try {
    body = JSON.parse(raw) as { tags?: unknown };
  } catch {
    sendJson(res, 400, failure(1012, 'Request must contain one of "purge_everything", "files", "tags", "hosts" or "prefixes"'));
    return;
  }
  const tags = body.tags;
  if (!Array.isArray(tags) || tags.length === 0 || !tags.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 1024 && !/[\s,]/.test(t))) {
    sendJson(res, 400, failure(1012, 'Request must contain one of "purge_everything", "files", "tags", "hosts" or "prefixes"'));
    return;
  }
  if (tags.length > 30) {
    sendJson(res, 400, failure(1019, 'Too many tags: at most 30 per request'));
    return;
  }
  log.record({ zone, tags: tags as string[], at: Date.now() });
  sendJson(res, 200, { success: true, errors: [], messages: [], result: { id: crypto.randomUUID().replace(/-/g, '') } });
}
