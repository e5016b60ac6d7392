import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import { paymentProvider } from '../worker/payments/payments';
import { checkedOut, emulator, outbox, sessionOf, shopperWith, skuPool, waitForStatus } from './checkout-helpers';
import { admin, expectError, get } from './helpers';

let take: Awaited<ReturnType<typeof skuPool>>;
beforeAll(async () => {
  take = await skuPool(20);
});

interface Report {
  replayed: { id: string; queue: string }[];
  skipped: { id: string; reason: string }[];
  failed: unknown[];
}

const replay = async (body: Record<string, unknown> = {}) => {
  const res = await admin('POST', '/dead-letters/replay', body);
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
};

/** Hands messages to the dead-letter queue's consumer, as the queue does after `max_retries`. */
async function deadLetter(...bodies: { id: string; body: unknown }[]) {
  const batch = createMessageBatch(
    'edgefront-dead-letters',
    bodies.map(({ id, body }) => ({ id, timestamp: new Date(), attempts: 6, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(bodies.map((b) => b.id).sort());
}

/** A paid session whose `paid` event the webhook consumer gave up on (as in a D1 outage). */
async function orderWithDeadPaymentEvent(letterId: string) {
  const item = await take(5);
  const answer = await checkedOut(await shopperWith([item.sku, 1]), `${letterId}@example.com`);
  const sessionId = await sessionOf(answer.orderId);
  await emulator('POST', `/_emulator/sessions/${sessionId}/pay`, {});
  const [completed] = await outbox({ session: sessionId, type: 'checkout.session.completed' });
  const event = await paymentProvider(env).verifyWebhook(completed!.body, new Headers(completed!.headers));
  await deadLetter({ id: letterId, body: event });
  return answer;
}

/** Everything a replay could change: the order, the events it recorded, its shipments, the letter. */
async function footprint(orderId: string, letterId: string) {
  const shipments = (await emulator<{ items: { orderId: string; receivedCount: number }[] }>('GET', '/_emulator/shipments')).items;
  return {
    order: await env.DB.prepare('select status, flag, updated_at from orders where id = ?').bind(orderId).first(),
    events: await env.DB.prepare('select count(*) as n from webhook_events where order_id = ?').bind(orderId).first(),
    shipments: shipments.filter((s) => s.orderId === orderId),
    letter: await env.DB.prepare('select replayed_at, replayed_to from dead_letters where id = ?').bind(letterId).first(),
  };
}

describe('dead-letter replay (POST /admin/api/dead-letters/replay, npm run dlq:replay)', () => {
  it('sends a dead payment event back once: the order is paid and sent to the warehouse; replaying again changes nothing', async () => {
    const answer = await orderWithDeadPaymentEvent('dlq-paid');
    const listed = (await (await admin('GET', '/dead-letters')).json()) as { items: { id: string }[] };
    expect(listed.items.map((i) => i.id)).toContain('dlq-paid');
    expect((await env.DB.prepare('select status, flag from orders where id = ?').bind(answer.orderId).first())).toEqual({
      status: 'pending',
      flag: 'dead_letter',
    });

    expect((await replay()).replayed).toEqual([{ id: 'dlq-paid', queue: 'edgefront-webhooks' }]);
    await waitForStatus(answer, 'fulfilling', 20_000);
    const after = await footprint(answer.orderId, 'dlq-paid');
    expect(after.shipments).toEqual([expect.objectContaining({ receivedCount: 1 })]);
    expect(after.letter).toMatchObject({ replayed_to: 'edgefront-webhooks' });

    expect(await replay()).toEqual({ replayed: [], skipped: [], failed: [] });
    expect(await replay({ ids: ['dlq-paid'] })).toEqual({ replayed: [], skipped: [{ id: 'dlq-paid', reason: 'already_replayed' }], failed: [] });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await footprint(answer.orderId, 'dlq-paid')).toEqual(after);
  });

  it('two replays racing send a letter once', async () => {
    const answer = await orderWithDeadPaymentEvent('dlq-race');
    const [a, b] = await Promise.all([replay({ ids: ['dlq-race'] }), replay({ ids: ['dlq-race'] })]);
    expect([...a.replayed, ...b.replayed]).toEqual([{ id: 'dlq-race', queue: 'edgefront-webhooks' }]);
    expect([...a.skipped, ...b.skipped]).toEqual([{ id: 'dlq-race', reason: 'already_replayed' }]);
    await waitForStatus(answer, 'fulfilling', 20_000);
  });

  it('leaves a letter no consumer can read for a person, and needs the admin token', async () => {
    await deadLetter({ id: 'dlq-garbage', body: { not: 'a message' } });
    const report = await replay({ ids: ['dlq-garbage'] });
    expect(report).toEqual({ replayed: [], skipped: [{ id: 'dlq-garbage', reason: 'unreadable' }], failed: [] });
    const pending = (await (await admin('GET', '/dead-letters?pending=1')).json()) as { items: { id: string }[] };
    expect(pending.items.map((i) => i.id)).toContain('dlq-garbage');
    await expectError(await get('/admin/api/dead-letters'), 401, 'unauthorized');
    await expectError(await admin('POST', '/dead-letters/replay', { ids: [] }), 400, 'invalid_request');
  });
});
