import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, send, sendJson } from './http-util.js';
import type { EmulatorState } from './state.js';
import type { SiteverifyInput } from './turnstile.js';
import { widgetScript } from './turnstile-widget.js';

const FIELDS = ['secret', 'response', 'remoteip', 'idempotency_key'] as const;
/** The widget runs on the store's origin and fetches its token from here. */
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };

/** Like siteverify: JSON bodies, else form-encoded; unreadable JSON or non-string fields are `bad-request`. */
function parseSiteverify(req: IncomingMessage, raw: string): SiteverifyInput | null {
  const type = header(req, 'content-type') ?? '';
  let source: Record<string, unknown>;
  if (type.startsWith('application/json')) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
      source = value as Record<string, unknown>;
    } catch {
      return null;
    }
  } else {
    source = Object.fromEntries(new URLSearchParams(raw));
  }
  const input: SiteverifyInput = {};
  for (const field of FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return null;
    input[field] = value;
  }
  return input;
}

function issueToken(state: EmulatorState, res: ServerResponse, raw: string): void {
  let body: { sitekey?: unknown; hostname?: unknown; action?: unknown; cdata?: unknown };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    sendJson(res, 400, { code: 'bad_request' }, CORS);
    return;
  }
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const outcome = state.turnstile.issue(text(body.sitekey) ?? '', {
    hostname: text(body.hostname) ?? 'localhost',
    ...(text(body.action) !== undefined ? { action: text(body.action)! } : {}),
    ...(text(body.cdata) !== undefined ? { cdata: text(body.cdata)! } : {}),
  });
  if (!outcome.ok) sendJson(res, outcome.code === 'blocked' ? 403 : 400, { code: outcome.code }, CORS);
  else sendJson(res, 200, { token: outcome.token, interactive: outcome.interactive }, CORS);
}

/** `/turnstile/v0/*`: siteverify, the widget script and the token the widget asks for. */
export function handleTurnstile(state: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL, raw: string): void {
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (path === '/turnstile/v0/siteverify' && method === 'POST') {
    const input = parseSiteverify(req, raw);
    sendJson(res, 200, input ? state.turnstile.verify(input) : { success: false, 'error-codes': ['bad-request'] });
  } else if (path === '/turnstile/v0/api.js' && method === 'GET') {
    send(res, 200, widgetScript(state.options.publicUrl), { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
  } else if (path === '/turnstile/v0/emulator/token' && method === 'OPTIONS') {
    send(res, 204, '', CORS);
  } else if (path === '/turnstile/v0/emulator/token' && method === 'POST') {
    issueToken(state, res, raw);
  } else {
    sendJson(res, 405, { success: false, 'error-codes': ['bad-request'] });
  }
}
