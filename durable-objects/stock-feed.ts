import { DurableObject } from 'cloudflare:workers';
import { writeStockGeneration } from '../worker/cache/stock-generation';
import { stockPurger } from '../worker/cache/stock-purge';
import { stockBand, type StockBand } from '../worker/stock/bands';
import type { StockHintMessage } from '../worker/stock/hint-messages';

/** One publisher's latest word: a counter (or one shard of a sharded counter) and what it can still sell. */
export interface StockPublish {
  /** Who is speaking; the SKU's total is the sum of the latest `available` of every source. */
  source: string;
  available: number;
  /** Increasing per source (a counter's ledger seq): an older or repeated word is ignored. */
  seq: number;
}
export type PublishResult = { ok: true; available: number; changed: boolean };
export interface LiveStockMessage {
  sku: string;
  available: number;
}

/** Survives hibernation with its socket (`serializeAttachment`); a few dozen bytes, well under 2 KiB. */
interface SocketState {
  sku: string;
  connectedAt: number;
  /** Start of the current flood window and the frames received in it. */
  windowStart: number;
  frames: number;
}

export const STOCK_FEED_LIMITS = {
  /** Sockets one SKU's feed holds; past it the route answers 503 and the page polls instead. */
  maxSockets: 10_000,
  /** Clients have nothing to say: a frame above this closes the socket with 1009. */
  maxFrameBytes: 256,
  /** More frames than this in one window close the socket with 1008. */
  maxFramesPerWindow: 20,
  windowMs: 10_000,
  sourceMaxLength: 128,
} as const;

const SCHEMA = `
  create table if not exists feed (
    id integer primary key check (id = 1),
    sku text,
    version integer not null,
    total integer,
    band text
  );
  insert or ignore into feed (id, sku, version, total, band) values (1, null, 0, null, null);
  create table if not exists sources (
    source text primary key,
    available integer not null,
    seq integer not null
  ) without rowid;
`;

interface FeedRow extends Record<string, SqlStorageValue> {
  sku: string | null;
  version: number;
  total: number | null;
  band: string | null;
}

/**
 * Live stock of one SKU, one object per SKU (`env.STOCK_FEED.getByName(sku)`), so the counter that
 * takes reservations does not also carry sockets. Publishers (the SKU's counter, or each shard of a
 * sharded one) call `publish({ source, available, seq })`; the total is the sum of each source's
 * latest value. On a change of the total every socket gets `{ sku, available }`; on a change of the
 * total's band the SKU's page generation is bumped (cached product pages stop being served) and the
 * band (with the listings' in-stock hint) is queued for D1, carrying this feed's version so an older
 * word never overwrites a newer one; the product page renders from that band (pages.tsx).
 *
 * Sockets use the Hibernation API: the object may be evicted between messages and is rebuilt from
 * SQLite (sources, version) and from each socket's attachment.
 *
 * @example
 * ```ts
 * await env.STOCK_FEED.getByName(sku).publish({ source: sku, available: 7, seq: 42 });
 * ```
 */
export class StockFeed extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // A keep-alive ping is answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(SCHEMA);
    });
  }

  /** The WebSocket upgrade, forwarded by `GET /api/stock/live?sku=` (which checked the SKU exists). */
  override async fetch(request: Request): Promise<Response> {
    const sku = this.sku();
    if (!sku || request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('expected a WebSocket upgrade of a named feed', { status: 426 });
    }
    if (this.ctx.getWebSockets().length >= STOCK_FEED_LIMITS.maxSockets) {
      return new Response('too many live readers of this SKU', { status: 503, headers: { 'retry-after': '30' } });
    }
    const available = await this.total(sku);
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [sku]);
    const now = Date.now();
    server.serializeAttachment({ sku, connectedAt: now, windowStart: now, frames: 0 } satisfies SocketState);
    server.send(JSON.stringify({ sku, available } satisfies LiveStockMessage));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** A publisher's latest `available`. Idempotent and order-safe per source (by `seq`). */
  async publish(input: StockPublish): Promise<PublishResult> {
    checkPublish(input);
    const sku = this.sku();
    if (!sku) throw new TypeError('a stock feed must be addressed by its SKU (getByName)');
    const applied = this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        `insert into sources (source, available, seq) values (?, ?, ?)
         on conflict (source) do update set available = excluded.available, seq = excluded.seq
         where excluded.seq > sources.seq`,
        input.source,
        Math.max(0, input.available),
        input.seq,
      );
      return this.settle(sku);
    });
    if (applied.changed) this.announce(sku, applied);
    return { ok: true, available: applied.total, changed: applied.changed };
  }

  /** The SKU's live total as this feed knows it, and its version (bumped on each change). */
  async current(): Promise<{ sku: string | null; available: number | null; version: number }> {
    const row = this.row();
    return { sku: row.sku, available: row.total, version: row.version };
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const size = typeof message === 'string' ? new TextEncoder().encode(message).byteLength : message.byteLength;
    if (size > STOCK_FEED_LIMITS.maxFrameBytes) return closeQuietly(ws, 1009, 'frame too large');
    const state = ws.deserializeAttachment() as SocketState | null;
    if (!state) return closeQuietly(ws, 1011, 'lost state');
    const now = Date.now();
    const fresh = now - state.windowStart >= STOCK_FEED_LIMITS.windowMs;
    const next: SocketState = { ...state, windowStart: fresh ? now : state.windowStart, frames: fresh ? 1 : state.frames + 1 };
    if (next.frames > STOCK_FEED_LIMITS.maxFramesPerWindow) return closeQuietly(ws, 1008, 'too many messages');
    // Anything a client says is ignored; only the flood count is kept.
    ws.serializeAttachment(next);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    // 1005/1006 are reserved: they may be received but never sent.
    closeQuietly(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    closeQuietly(ws, 1011, 'socket error');
  }

  private sku(): string | undefined {
    return this.ctx.id.name;
  }

  private row(): FeedRow {
    return this.sql.exec<FeedRow>('select sku, version, total, band from feed').one();
  }

  /** Recomputes the total after a source changed; bumps the version when it moved. */
  private settle(sku: string): { changed: boolean; total: number; version: number; band: StockBand; bandChanged: boolean } {
    const total = this.sql.exec<{ n: number }>('select coalesce(sum(available), 0) as n from sources').one().n;
    const row = this.row();
    const band = stockBand(total);
    if (row.total === total) {
      return { changed: false, total, version: row.version, band, bandChanged: false };
    }
    const version = row.version + 1;
    this.sql.exec('update feed set sku = ?, version = ?, total = ?, band = ?', sku, version, total, band);
    return { changed: true, total, version, band, bandChanged: row.band !== band };
  }

  /** Everything that follows a change, outside the publisher's wait: sockets, page generation, hint. */
  private announce(sku: string, change: ReturnType<StockFeed['settle']>): void {
    const text = JSON.stringify({ sku, available: change.total } satisfies LiveStockMessage);
    for (const ws of this.ctx.getWebSockets(sku)) {
      const state = ws.deserializeAttachment() as SocketState | null;
      if (state?.sku !== sku) continue;
      try {
        ws.send(text);
      } catch {
        // A socket closing under us: its close handler tidies up.
      }
    }
    if (change.bandChanged) {
      this.ctx.waitUntil(
        Promise.all([writeStockGeneration(sku, change.version), stockPurger(this.env).purgeSkus([sku])]).catch((err: unknown) =>
          console.error(JSON.stringify({ msg: 'stock page invalidation failed', sku, error: String(err) })),
        ),
      );
      const hint: StockHintMessage = { sku, inStock: change.total > 0, band: change.band, version: change.version };
      this.ctx.waitUntil(
        this.env.STOCK_HINTS.send(hint).catch((err: unknown) =>
          console.error(JSON.stringify({ msg: 'stock hint not queued', sku, error: String(err) })),
        ),
      );
    }
  }

  /** The total, seeding it from the SKU's counter when no publisher has spoken yet. */
  private async total(sku: string): Promise<number> {
    const known = this.row().total;
    if (known !== null) return known;
    const available = await this.env.INVENTORY.getByName(sku).available();
    // seq 0: any word the counter publishes meanwhile (seq >= 1) wins over this read.
    const applied = this.ctx.storage.transactionSync(() => {
      this.sql.exec('insert into sources (source, available, seq) values (?, ?, 0) on conflict (source) do nothing', sku, available);
      return this.settle(sku);
    });
    if (applied.changed) this.announce(sku, applied);
    return applied.total;
  }
}

function checkPublish(input: unknown): asserts input is StockPublish {
  const p = input as Partial<StockPublish> | null;
  if (
    !p ||
    typeof p.source !== 'string' ||
    p.source.length < 1 ||
    p.source.length > STOCK_FEED_LIMITS.sourceMaxLength ||
    !Number.isInteger(p.available) ||
    !Number.isInteger(p.seq) ||
    (p.seq as number) < 0
  ) {
    throw new TypeError('publish takes { source: string (1-128), available: integer, seq: integer >= 0 }');
  }
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason.slice(0, 120));
  } catch {
    // Already closed.
  }
}
