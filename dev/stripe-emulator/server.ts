import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleApi } from './api-routes.js';
import { handleControl } from './control-routes.js';
import { resendFault } from './email-params.js';
import { faultError } from './faults.js';
import { BodyTooLargeError, header, readBody, sendJson } from './http-util.js';
import { handleEmails, handleMailbox } from './mail-routes.js';
import { handlePage } from './page-routes.js';
import { handleTurnstile } from './turnstile-routes.js';
import { handleCachePurge } from './cache-purge.js';
import type { EmulatorState } from './state.js';

/** Delays that keep answering after an SDK timeout; cleared on close so nothing fires afterwards. */
class DelayTimers {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve(!this.closed);
      }, ms);
      this.timers.add(timer);
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function sendFault(res: ServerResponse, path: string, status: number): void {
  if (path === '/emails') {
    sendJson(res, status, resendFault(status).body, status === 429 ? { 'retry-after': '1' } : {});
    return;
  }
  if (path.startsWith('/_warehouse/')) {
    sendJson(res, status, { error: { code: 'unavailable', message: `Emulated warehouse fault ${status}.` } });
    return;
  }
  sendJson(res, status, faultError(status).toJSON());
}

/** What `requestIncludes` is matched against: Stripe's form bodies decoded, JSON bodies as sent. */
function faultSubject(req: IncomingMessage, url: URL, raw: string): string {
  if (!(header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return `${url.pathname}${url.search}\n${raw}`;
  try {
    return `${url.pathname}${url.search}\n${decodeURIComponent(raw.replace(/\+/g, ' '))}`;
  } catch {
    return `${url.pathname}${url.search}\n${raw}`;
  }
}

/** The request is handled as usual, but its answer never leaves: the connection closes instead. */
function loseAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead = (() => res) as typeof res.writeHead;
  res.end = (() => {
    req.socket.end();
    return res;
  }) as typeof res.end;
}

async function dispatch(state: EmulatorState, delays: DelayTimers, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const path = url.pathname;
  const rawBody = await readBody(req);

  if (path.startsWith('/_emulator/')) {
    handleControl(state, res, method, url, rawBody);
    return;
  }
  if (path === '/_mail' || path.startsWith('/_mail/')) {
    handleMailbox(state, req, res, url);
    return;
  }
  const traceparent = header(req, 'traceparent');
  if (traceparent) state.recordTrace({ method, path, traceparent: traceparent.slice(0, 100) });
  const fault = state.faults.take(method, path, faultSubject(req, url, rawBody));
  if (fault) {
    state.options.log(`fault on ${method} ${path}: ${fault.status ?? 'delay'}${fault.delayMs ? ` after ${fault.delayMs} ms` : ''}`);
    if (fault.delayMs && !(await delays.wait(fault.delayMs))) return;
    if (fault.loseConnection === 'before') {
      req.socket.end();
      return;
    }
    if (fault.loseConnection === 'after') loseAnswer(req, res);
    if (fault.status !== undefined) {
      sendFault(res, path, fault.status);
      return;
    }
  }

  if (path === '/v1' || path.startsWith('/v1/')) {
    handleApi(state, req, res, url, rawBody);
    state.options.log(`${method} ${path} → ${res.statusCode}`);
  } else if (path === '/emails') {
    handleEmails(state, req, res, rawBody);
    state.options.log(`${method} ${path} → ${res.statusCode}`);
  } else if (path.startsWith('/turnstile/v0/')) {
    handleTurnstile(state, req, res, url, rawBody);
  } else if (path.startsWith('/client/v4/zones/') || path === '/_purges') {
    handleCachePurge(state.purges, req, res, url, rawBody);
  } else if (path.startsWith('/c/pay/')) {
    handlePage(state, res, method, url, rawBody);
  } else if (path === '/_warehouse/shipments' && method === 'POST') {
    const reply = state.warehouse.receive(rawBody, header(req, 'edgefront-signature'));
    sendJson(res, reply.status, reply.body);
  } else {
    sendJson(res, 404, { error: { type: 'invalid_request_error', message: `Not found (${method}: ${path}).` } });
  }
}

/**
 * How long an idle keep-alive connection stays open: Cloudflare's edge, which serves Turnstile's
 * siteverify, keeps an idle HTTP/1.1 client connection 400 s
 * (https://developers.cloudflare.com/fundamentals/reference/connection-limits). Node's default of
 * 5 s closed the store's pooled connections between bursts, and workerd then sent on closed ones
 * ("Network connection lost"): failures the real service would not cause at that rate.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 400_000;

export interface RunningServer {
  server: Server;
  close(): Promise<void>;
}

export async function listen(state: EmulatorState, host: string, port: number): Promise<RunningServer> {
  const delays = new DelayTimers();
  const server = createServer((req, res) => {
    dispatch(state, delays, req, res).catch((error: unknown) => {
      const status = error instanceof BodyTooLargeError ? 413 : 500;
      state.options.log(`error on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      sendJson(res, status, { error: { type: 'api_error', message: error instanceof Error ? error.message : 'Internal error' } });
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        delays.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
