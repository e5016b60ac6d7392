import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import worker from '../worker/index';
import { pruneEvents, retentionDays } from '../worker/telemetry/retention';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 2, 12);

/** `n` events of `type` at `at`, inserted straight into D1 (what the consumer would have stored). */
async function seed(prefix: string, n: number, at: number, type = 'page_view') {
  const rows = Array.from({ length: n }, (_, i) => [`${prefix}:${i}`, at + i, type]);
  await env.DB.prepare(`insert into events (id, at, type) select value ->> 0, value ->> 1, value ->> 2 from json_each(?1)`)
    .bind(JSON.stringify(rows))
    .run();
}
const count = async (where = '1 = 1') => (await env.DB.prepare(`select count(*) as n from events where ${where}`).first<{ n: number }>())!.n;

beforeEach(async () => {
  await env.DB.prepare('delete from events').run();
});

describe('events retention', () => {
  it('deletes what is older than EVENTS_RETENTION_DAYS in bounded batches, keeps the rest', async () => {
    expect(retentionDays(env)).toBe(90);
    const cutoff = NOW - 90 * DAY;
    await seed('old', 2_500, cutoff - 10 * DAY); // every type of event ages out alike
    await seed('old-order', 30, cutoff - 5 * DAY, 'order_paid');
    await seed('edge', 3, cutoff); // exactly at the cutoff: kept
    await seed('recent', 200, NOW - DAY);

    // One run deletes at most batch × maxBatches rows and says whether it left some.
    expect(await pruneEvents(env, NOW, { batch: 500, maxBatches: 3 })).toEqual({ deleted: 1_500, more: true });
    expect(await count()).toBe(2_530 + 3 + 200 - 1_500);
    expect(await pruneEvents(env, NOW, { batch: 500, maxBatches: 3 })).toEqual({ deleted: 1_030, more: false });
    expect(await count("id like 'old%'")).toBe(0);
    expect(await count("id like 'edge%'")).toBe(3);
    expect(await count("id like 'recent%'")).toBe(200);
    // Nothing left to do: a run deletes nothing.
    expect(await pruneEvents(env, NOW)).toEqual({ deleted: 0, more: false });
  });

  it('never keeps less than the Health view’s week; a bad setting falls back to 90 days', () => {
    expect(retentionDays({ EVENTS_RETENTION_DAYS: '1' })).toBe(8);
    expect(retentionDays({ EVENTS_RETENTION_DAYS: '30' })).toBe(30);
    expect(retentionDays({ EVENTS_RETENTION_DAYS: 'soon' })).toBe(90);
    expect(retentionDays({ EVENTS_RETENTION_DAYS: '' })).toBe(90);
  });

  it('runs with the cron', async () => {
    await seed('old', 50, NOW - 100 * DAY, 'web_vital');
    await seed('recent', 5, NOW - 1_000);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: NOW, cron: '*/5 * * * *' }), { ...env, EVENTS_RETENTION_DAYS: '30' }, ctx);
    await waitOnExecutionContext(ctx);
    expect(await count("id like 'old%'")).toBe(0);
    expect(await count("id like 'recent%'")).toBe(5);
  });
});
