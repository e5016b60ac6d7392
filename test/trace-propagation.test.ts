import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../worker/index';
import { checkedOut, deliver, emulator, eventually, outbox, sessionOf, shopperWith, signedEvent, skuPool, waitForStatus } from './checkout-helpers';
import { useOwnWorker } from './helpers';

// Spies on the env's queue binding: this file's requests must reach the Worker with this very env.
useOwnWorker();

/** A W3C traceparent with a fresh trace id. */
function traceparent(): { header: string; traceId: string } {
  const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
  const traceId = hex(16);
  return { header: `00-${traceId}-${hex(8)}-01`, traceId };
}

interface TracedCall {
  method: string;
  path: string;
  traceparent: string;
}
const callsOf = async (traceId: string) => (await emulator<{ items: TracedCall[] }>('GET', `/_emulator/traces?trace=${traceId}`)).items;

afterEach(() => vi.restoreAllMocks());

describe('W3C traceparent reaches every outbound call', () => {
  it('checkout → payment provider; webhook → webhooks queue → fulfillment queue → warehouse, and → email queue → mail provider', async () => {
    const take = await skuPool(4);
    const { sku } = await take(50);
    const shopper = await shopperWith([sku, 1]);

    // The checkout request's trace goes on to the payment provider (a child span, the same trace).
    const checkout = traceparent();
    const answer = await checkedOut(shopper, 'traced@example.com', { traceparent: checkout.header });
    const toProvider = await callsOf(checkout.traceId);
    expect(toProvider.map((c) => `${c.method} ${c.path}`)).toContain('POST /v1/checkout/sessions');
    for (const call of toProvider) {
      expect(call.traceparent).toMatch(new RegExp(`^00-${checkout.traceId}-[0-9a-f]{16}-01$`));
      expect(call.traceparent).not.toBe(checkout.header); // a new span for the hop
    }

    // The webhook request's trace rides the webhooks queue message; its consumer sends it on in the
    // fulfillment and email messages, whose consumers call the warehouse and the mail provider with it.
    const session = await sessionOf(answer.orderId);
    await emulator('POST', `/_emulator/sessions/${session}/pay`, {});
    const [paid] = await outbox({ session, type: 'checkout.session.completed' });
    const webhook = traceparent();
    expect((await deliver({ ...paid!, headers: { ...paid!.headers, traceparent: webhook.header } })).status).toBe(200);
    await waitForStatus(answer, 'fulfilling');
    const downstream = await eventually(async () => {
      const calls = await callsOf(webhook.traceId);
      const paths = calls.map((c) => `${c.method} ${c.path}`);
      expect(paths).toContain('POST /_warehouse/shipments');
      expect(paths).toContain('POST /emails');
      return calls;
    }, 20_000);
    for (const call of downstream) expect(call.traceparent).toMatch(new RegExp(`^00-${webhook.traceId}-[0-9a-f]{16}-01$`));
    // Nothing of the webhook's trace leaked into the checkout's, and the reverse.
    expect(downstream.some((c) => c.traceparent.includes(checkout.traceId))).toBe(false);
  }, 60_000);

  it('queue messages carry the traceparent: the webhook route sends one on the message it queues', async () => {
    const spy = vi.spyOn(env.WEBHOOKS, 'send');
    const item = await signedEvent(`evt_traced_${Date.now()}`, 'charge.succeeded', {});
    const trace = traceparent();
    expect((await deliver({ ...item, headers: { ...item.headers, traceparent: trace.header } })).status).toBe(200);
    expect(spy).toHaveBeenCalledTimes(1);
    expect((spy.mock.calls[0]![0] as { traceparent?: string }).traceparent).toMatch(new RegExp(`^00-${trace.traceId}-[0-9a-f]{16}-01$`));
  });
});

describe('queue consumers log with the message’s trace', () => {
  it('a handled message logs its trace id; a failing one too', async () => {
    const ok = traceparent();
    const bad = traceparent();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const batch = createMessageBatch('edgefront-webhooks', [
      {
        id: 'traced-ok',
        timestamp: new Date(),
        attempts: 1,
        body: { id: `evt_traced_${Date.now()}`, provider: 'stripe', kind: 'ignored', created: 1, originalType: 'charge.succeeded', traceparent: ok.header },
      },
      { id: 'traced-bad', timestamp: new Date(), attempts: 1, body: { not: 'an event', traceparent: bad.header } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, LOG_LEVEL: 'info' });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['traced-ok']);
    const lines = (spy: typeof log) => spy.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
    expect(lines(log)).toContainEqual(expect.objectContaining({ msg: 'queue message', id: 'traced-ok', queue: 'edgefront-webhooks', traceId: ok.traceId }));
    expect(lines(warn)).toContainEqual(expect.objectContaining({ msg: 'queue message failed', id: 'traced-bad', traceId: bad.traceId }));
  });
});
