import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseSessionParams } from './checkout-params.js';
import { authenticationError, parameterInvalid, StripeHttpError, apiError, unrecognizedUrl } from './errors.js';
import { API_VERSION } from './events.js';
import { newId } from './ids.js';
import { header, send, sendJson } from './http-util.js';
import { optionalInteger, optionalString, parseForm, type Params } from './params.js';
import { retrievePaymentIntent } from './payment-intents.js';
import type { EmulatorState } from './state.js';
import type { CheckoutSession, LineItem, ListResponse } from './types.js';

type Handler = (state: EmulatorState, params: Params, match: RegExpMatchArray) => unknown;

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
}

function listLimit(params: Params): number {
  const limit = optionalInteger(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw parameterInvalid('limit', 'This value must be between 1 and 100.');
  return limit;
}

const ID = '([A-Za-z0-9_]+)';

/** `expand[]=line_items` is the one expansion emulated; others are ignored (ids stay ids). */
function withExpansions(session: CheckoutSession, state: EmulatorState, params: Params): CheckoutSession | (CheckoutSession & { line_items: ListResponse<LineItem> }) {
  const expand = params.expand;
  const wanted = Array.isArray(expand) ? expand : typeof expand === 'string' ? [expand] : [];
  if (!wanted.includes('line_items')) return session;
  const data = state.sessions.get(session.id).lineItems;
  return { ...session, line_items: { object: 'list', data, has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` } };
}

const routes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions$/,
    handler: (state, params) => {
      const input = parseSessionParams(params, state.clock.nowSeconds());
      if (input.ignoredParams.length > 0) state.options.log(`ignored checkout.session params: ${input.ignoredParams.join(', ')}`);
      return withExpansions(state.sessions.create(input), state, params);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions$/,
    handler: (state, params) => {
      const filter: Parameters<typeof state.sessions.list>[0] = { limit: listLimit(params) };
      const status = optionalString(params, 'status');
      if (status !== undefined) {
        if (!['open', 'complete', 'expired'].includes(status)) throw parameterInvalid('status', `Invalid status: ${status}`);
        filter.status = status;
      }
      const paymentIntent = optionalString(params, 'payment_intent');
      if (paymentIntent !== undefined) filter.paymentIntent = paymentIntent;
      const startingAfter = optionalString(params, 'starting_after');
      if (startingAfter !== undefined) filter.startingAfter = startingAfter;
      return state.sessions.list(filter);
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/checkout/sessions/${ID}$`),
    handler: (state, params, match) => withExpansions(state.sessions.get(match[1]!).session, state, params),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/checkout/sessions/${ID}/line_items$`),
    handler: (state, params, match) => {
      const { lineItems } = state.sessions.get(match[1]!);
      const limit = listLimit(params);
      return { object: 'list', data: lineItems.slice(0, limit), has_more: lineItems.length > limit, url: `/v1/checkout/sessions/${match[1]}/line_items` };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/v1/checkout/sessions/${ID}/expire$`),
    handler: (state, _params, match) => state.sessions.expire(match[1]!),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/payment_intents/${ID}$`),
    handler: (state, _params, match) => retrievePaymentIntent(state.sessions, match[1]!),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/refunds$/,
    handler: (state, params) => state.refunds.create(params),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/refunds$/,
    handler: (state, params) => state.refunds.list(listLimit(params), optionalString(params, 'payment_intent')),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/refunds/${ID}$`),
    handler: (state, _params, match) => state.refunds.get(match[1]!),
  },
];

/** Bearer (what the SDK sends) or Basic with the key as user name (what `curl -u sk_test_…:` sends). */
function apiKeyFrom(req: IncomingMessage): string {
  const authorization = header(req, 'authorization');
  if (!authorization) throw authenticationError(null);
  const [scheme, value = ''] = authorization.split(' ', 2);
  let key = value.trim();
  if (scheme?.toLowerCase() === 'basic') key = Buffer.from(key, 'base64').toString('utf8').split(':')[0] ?? '';
  else if (scheme?.toLowerCase() !== 'bearer') throw authenticationError(null);
  if (!/^sk_test_\S+$/.test(key)) throw authenticationError(key);
  return key;
}

function findRoute(method: string, path: string): { route: Route; match: RegExpMatchArray } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = path.match(route.pattern);
    if (match) return { route, match };
  }
  return undefined;
}

interface Outcome {
  status: number;
  body: string;
  save: boolean;
}

function execute(state: EmulatorState, route: Route, params: Params, match: RegExpMatchArray): Outcome {
  try {
    return { status: 200, body: `${JSON.stringify(route.handler(state, params, match), null, 2)}\n`, save: true };
  } catch (error) {
    const known = error instanceof StripeHttpError ? error : apiError(500, `Emulator bug: ${String(error)}`);
    return { status: known.status, body: `${JSON.stringify(known.toJSON(), null, 2)}\n`, save: known.replayable };
  }
}

export function handleApi(state: EmulatorState, req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string): void {
  const method = req.method ?? 'GET';
  const requestId = newId('req_', 14);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'request-id': requestId,
    'stripe-version': header(req, 'stripe-version') ?? API_VERSION,
  };
  try {
    const apiKey = apiKeyFrom(req);
    const params = parseForm(method === 'POST' ? rawBody : url.search.slice(1));
    const found = findRoute(method, url.pathname);
    if (!found) throw unrecognizedUrl(method, url.pathname);
    const { route, match } = found;

    const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : undefined;
    if (idempotencyKey === undefined) {
      const outcome = execute(state, route, params, match);
      send(res, outcome.status, outcome.body, headers);
      return;
    }
    headers['idempotency-key'] = idempotencyKey;
    const begun = state.idempotency.begin(apiKey, idempotencyKey, method, url.pathname, params);
    if (begun.kind === 'replay') {
      headers['idempotent-replayed'] = 'true';
      headers['original-request'] = begun.response.requestId;
      send(res, begun.response.status, begun.response.body, headers);
      return;
    }
    const outcome = execute(state, route, params, match);
    begun.complete({ status: outcome.status, body: outcome.body, requestId }, outcome.save);
    send(res, outcome.status, outcome.body, headers);
  } catch (error) {
    const known = error instanceof StripeHttpError ? error : apiError(500, `Emulator bug: ${String(error)}`);
    sendJson(res, known.status, known.toJSON(), headers);
  }
}
