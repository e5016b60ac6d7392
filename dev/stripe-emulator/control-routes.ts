import type { ServerResponse } from 'node:http';
import { invalidRequest, StripeHttpError } from './errors.js';
import { parseFaultRule } from './faults.js';
import { sendJson } from './http-util.js';
import type { OutboxFilter, OutboxItem } from './outbox.js';
import type { EmulatorState } from './state.js';

export interface OutboxItemView {
  id: string;
  kind: OutboxItem['kind'];
  path: OutboxItem['path'];
  type?: string;
  sessionId?: string;
  orderId?: string;
  /** The raw JSON exactly as (to be) delivered: sign and verify against this string. */
  body: string;
  /** Signed at listing time, so a test can deliver the item itself. */
  headers: Record<string, string>;
  attempts: number;
  delivered: boolean;
  failed: boolean;
  lastStatus?: number;
  lastError?: string;
}

export function outboxView(state: EmulatorState, filter: OutboxFilter): OutboxItemView[] {
  return state.outbox.list(filter).map((item) => {
    const view: OutboxItemView = {
      id: item.id,
      kind: item.kind,
      path: item.path,
      body: item.body,
      headers: state.outbox.headersFor(item),
      attempts: item.attempts,
      delivered: item.delivered,
      failed: item.failed,
    };
    if (item.type !== undefined) view.type = item.type;
    if (item.sessionId !== undefined) view.sessionId = item.sessionId;
    if (item.orderId !== undefined) view.orderId = item.orderId;
    if (item.lastStatus !== undefined) view.lastStatus = item.lastStatus;
    if (item.lastError !== undefined) view.lastError = item.lastError;
    return view;
  });
}

function parseJsonBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalidRequest('The body must be JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidRequest('The body must be a JSON object.');
  return value as Record<string, unknown>;
}

function flag(body: Record<string, unknown>, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidRequest(`${name} must be a boolean.`, { param: name });
  return value;
}

function requiredFlag(body: Record<string, unknown>, name: string): boolean {
  const value = flag(body, name);
  if (value === undefined) throw invalidRequest(`${name} (a boolean) is required.`, { param: name });
  return value;
}

function route(state: EmulatorState, method: string, url: URL, body: Record<string, unknown>): unknown {
  const path = url.pathname;
  const sessionAction = path.match(/^\/_emulator\/sessions\/([A-Za-z0-9_]+)\/(pay|async-result|decline|expire)$/);
  if (method === 'POST' && sessionAction) {
    const id = sessionAction[1]!;
    switch (sessionAction[2]) {
      case 'pay': {
        const options: { async?: boolean; force?: boolean } = {};
        const async = flag(body, 'async');
        const force = flag(body, 'force');
        if (async !== undefined) options.async = async;
        if (force !== undefined) options.force = force;
        return state.sessions.pay(id, options).session;
      }
      case 'async-result':
        return state.sessions.resolveAsync(id, requiredFlag(body, 'succeeded')).session;
      case 'decline':
        return state.sessions.decline(id).session;
      default:
        return state.sessions.expire(id);
    }
  }
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /_emulator/health':
      return { ok: true };
    case 'GET /_emulator/outbox': {
      const filter: OutboxFilter = {};
      for (const name of ['type', 'session', 'order'] as const) {
        const value = url.searchParams.get(name);
        if (value) filter[name] = value;
      }
      return { items: outboxView(state, filter) };
    }
    case 'POST /_emulator/faults': {
      const rule = parseFaultRule(body);
      if (typeof rule === 'string') throw invalidRequest(rule);
      state.faults.add(rule);
      return { faults: state.faults.list() };
    }
    case 'GET /_emulator/faults':
      return { faults: state.faults.list() };
    case 'DELETE /_emulator/faults':
      state.faults.clear();
      return { faults: [] };
    case 'POST /_emulator/delivery':
      state.outbox.setEnabled(requiredFlag(body, 'enabled'), flag(body, 'flush') ?? false);
      return { enabled: state.outbox.deliveryEnabled };
    case 'GET /_emulator/traces': {
      // The provider calls that carried a `traceparent`; ?trace=<32 hex> keeps one trace's.
      const trace = url.searchParams.get('trace');
      return { items: state.tracedCalls.filter((c) => !trace || c.traceparent.split('-')[1] === trace) };
    }
    case 'GET /_emulator/shipments':
      return { items: state.warehouse.list() };
    case 'POST /_emulator/clock': {
      const seconds = body.advanceSeconds;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
        throw invalidRequest('advanceSeconds must be a non-negative integer.', { param: 'advanceSeconds' });
      }
      state.advanceClock(seconds);
      return { now: state.clock.nowSeconds() };
    }
    case 'POST /_emulator/reset':
      state.reset();
      return { ok: true };
    default:
      throw invalidRequest(`Unknown control endpoint (${method}: ${path}).`, { status: 404 });
  }
}

export function handleControl(state: EmulatorState, res: ServerResponse, method: string, url: URL, rawBody: string): void {
  try {
    sendJson(res, 200, route(state, method, url, parseJsonBody(rawBody)));
  } catch (error) {
    if (!(error instanceof StripeHttpError)) throw error;
    sendJson(res, error.status, error.toJSON());
  }
}
