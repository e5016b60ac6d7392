import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startStripeEmulator, type OutboxItemView, type StripeEmulator } from './index.js';

// Shared by the emulator's test files: a fake store that records deliveries, and small helpers.

export const WEBHOOK_SECRET = 'whsec_emulator_test_secret';
export const FULFILLMENT_SECRET = 'fulfillment_emulator_test_secret';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Stands in for the store: records deliveries and can fail the next few with a 500. */
export class Receiver {
  received: Received[] = [];
  failNext = 0;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (this.failNext > 0) {
          this.failNext -= 1;
          res.writeHead(500).end('nope');
          return;
        }
        this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async waitFor(predicate: (r: Received) => boolean, timeoutMs = 3000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting for a delivery');
      await sleep(10);
    }
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One emulator per test file, pointed at a fresh receiver, reset before each test. */
export class Harness {
  emulator!: StripeEmulator;
  stripe!: Stripe;
  readonly receiver = new Receiver();

  async control(path: string, body?: unknown, method = 'POST'): Promise<{ status: number; json: Record<string, unknown> }> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await fetch(`${this.emulator.url}/_emulator${path}`, init);
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  async outbox(query = ''): Promise<OutboxItemView[]> {
    return (await this.control(`/outbox${query}`, undefined, 'GET')).json.items as OutboxItemView[];
  }
}

export function useEmulator(): Harness {
  const h = new Harness();
  beforeAll(async () => {
    const storeUrl = await h.receiver.start();
    h.emulator = await startStripeEmulator({
      port: 0,
      webhookSecret: WEBHOOK_SECRET,
      fulfillmentSecret: FULFILLMENT_SECRET,
      storeUrl,
      retrySchedule: [50, 100],
      shipDelayMs: 100,
      asyncPaymentDelayMs: 200,
    });
    h.stripe = testClient('sk_test_emulator', h.emulator.port);
  });
  afterAll(async () => {
    await h.emulator.close();
    await h.receiver.close();
  });
  beforeEach(() => {
    h.emulator.reset();
    h.receiver.received = [];
    h.receiver.failNext = 0;
  });
  return h;
}

/** Configured like the store's client. */
export function testClient(key: string, port: number): Stripe {
  return new Stripe(key, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
    timeout: 2000,
  });
}

export const eventOfType = (type: string, sessionId?: string) => (r: Received) => {
  if (r.path !== '/webhooks/stripe') return false;
  const event = JSON.parse(r.body) as Stripe.Event;
  return event.type === type && (sessionId === undefined || (event.data.object as { id?: string }).id === sessionId);
};

export function verifiedEvent(received: Received): Stripe.Event {
  return Stripe.webhooks.constructEvent(received.body, received.headers['stripe-signature'] as string, WEBHOOK_SECRET);
}

export function sessionParams(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      { price_data: { currency: 'usd', unit_amount: 1500, product_data: { name: 'Ceramic mug' } }, quantity: 2 },
      { price_data: { currency: 'usd', unit_amount: 1200, product_data: { name: 'Tea <sampler>' } }, quantity: 1 },
    ],
    customer_email: 'ada@example.com',
    client_reference_id: 'order_123',
    metadata: { orderId: 'order_123' },
    success_url: 'http://127.0.0.1:8787/checkout/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://127.0.0.1:8787/cart',
    ...overrides,
  };
}

export async function expectStripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
}

/** With the fetch client, `lastResponse.headers` is the fetch `Headers` object despite its typing. */
export function responseHeader(response: Stripe.Response<unknown>, name: string): string | null {
  const headers: unknown = response.lastResponse.headers;
  if (headers instanceof Headers) return headers.get(name);
  return (headers as Record<string, string>)[name] ?? null;
}

export function edgefrontSign(body: string, secret = FULFILLMENT_SECRET, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}
