import { quantileSorted } from 'simple-statistics';
import * as z from 'zod';
import { STORE_CURRENCY } from '../cart/price-cart';
import type { Money } from '../catalog/types';

const HOUR = 3_600_000;
/** Each window with the step of its series. */
export const WINDOWS = {
  '1h': { span: HOUR, step: 5 * 60_000 },
  '24h': { span: 24 * HOUR, step: HOUR },
  '7d': { span: 7 * 24 * HOUR, step: 6 * HOUR },
} as const;
export const windowQuerySchema = z.object({ window: z.enum(['1h', '24h', '7d']) }).strict();
export type MetricsWindow = keyof typeof WINDOWS;

const CHECKOUT_TYPES = `('checkout_started', 'checkout_refused', 'checkout_failed')`;
/** At most this many latency samples are read for the p95 (the latest ones). */
const LATENCY_SAMPLES = 20_000;
const VITAL_SAMPLES = 20_000;

export interface HealthMetrics {
  window: MetricsWindow;
  from: string;
  to: string;
  visitors: number;
  checkoutsStarted: number;
  checkoutsRefused: number;
  checkoutsFailed: number;
  ordersPaid: number;
  /** Payments succeeded / (succeeded + failed); null when none were attempted. */
  paymentSuccessRate: number | null;
  /** Orders paid / unique visitors; null without visitors. */
  conversionRate: number | null;
  revenue: Money;
  averageOrderValue: Money;
  refunded: Money;
  /** Orders still `pending` after their stock holds lapsed (now, not in the window). */
  stuckPending: number;
  deadLetters: number;
  webhookRejections: number;
  fulfillmentFailures: number;
  checkoutLatencyP95Ms: number | null;
  series: { t: string; ordersPaid: number; revenue: number; checkoutsStarted: number }[];
  vitals: { page: string; name: string; p75: number; samples: number }[];
}

type Count = { type: string; n: number; amount: number | null };

/**
 * Unique visitors in [?1, ?2]: every visitor with a page view recorded one by one (`value` null),
 * plus, for the sampled cookie-less views (recorder.ts), the weight of each whose visitor was not
 * seen otherwise: a sampled visitor who came back is counted once, by the views they came back with,
 * and the visitors skipped beside them by the weight. Exact when nothing is sampled; with sampling,
 * exact for the sum of cookie-less first views, an estimate for how many of them came back.
 */
const VISITORS = `select
    (select count(distinct visitor) from events where type = 'page_view' and value is null and at >= ?1 and at <= ?2)
  + coalesce((select sum(w) from (
      select max(e.value) as w from events e
      where e.type = 'page_view' and e.value is not null and e.at >= ?1 and e.at <= ?2
        and not exists (select 1 from events r where r.visitor = e.visitor and r.type = 'page_view' and r.value is null and r.at >= ?1 and r.at <= ?2)
      group by e.visitor)), 0) as n`;

/** The Health view's figures for the last `window`, from recorded events and D1's orders, in one D1 batch. */
export async function healthMetrics(env: Env, window: MetricsWindow, now = Date.now()): Promise<HealthMetrics> {
  const { span, step } = WINDOWS[window];
  const points = span / step;
  // Buckets end at the next step boundary, so a series read twice a minute apart lines up.
  const end = Math.ceil(now / step) * step;
  const from = now - span;
  const seriesFrom = end - span;
  const [counts, visitors, latency, stuck, dead, series, vitals] = (await env.DB.batch([
    env.DB.prepare('select type, count(*) as n, sum(amount) as amount from events where at >= ?1 and at <= ?2 group by type').bind(from, now),
    env.DB.prepare(VISITORS).bind(from, now),
    env.DB.prepare(`select value from events where type in ${CHECKOUT_TYPES} and at >= ?1 and at <= ?2 and value is not null order by at desc limit ${LATENCY_SAMPLES}`).bind(from, now),
    env.DB.prepare("select count(*) as n from orders where status = 'pending' and hold_expires_at < ?1").bind(now),
    env.DB.prepare('select count(*) as n from dead_letters where received_at >= ?1 and received_at <= ?2').bind(from, now),
    env.DB.prepare(
      `select cast((at - ?1) / ?2 as integer) as b, type, count(*) as n, sum(amount) as amount from events
         where type in ('order_paid', 'checkout_started') and at >= ?1 and at < ?3 group by b, type`,
    ).bind(seriesFrom, step, end),
    env.DB.prepare(`select page, reason as name, value from events where type = 'web_vital' and at >= ?1 and at <= ?2 order by at desc limit ${VITAL_SAMPLES}`).bind(from, now),
  ])) as D1Result<Record<string, unknown>>[];
  const byType = new Map((counts!.results as Count[]).map((r) => [r.type, r]));
  const n = (type: string) => byType.get(type)?.n ?? 0;
  const amount = (type: string) => byType.get(type)?.amount ?? 0;
  const money = (value: number): Money => ({ amount: value, currency: STORE_CURRENCY });
  const paid = n('order_paid');
  const revenue = amount('order_paid');
  const attempted = n('payment_succeeded') + n('payment_failed');
  const seen = (visitors!.results[0] as { n: number }).n;
  const buckets = series!.results as { b: number; type: string; n: number; amount: number | null }[];
  return {
    window,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    visitors: seen,
    checkoutsStarted: n('checkout_started'),
    checkoutsRefused: n('checkout_refused'),
    checkoutsFailed: n('checkout_failed'),
    ordersPaid: paid,
    paymentSuccessRate: attempted > 0 ? n('payment_succeeded') / attempted : null,
    conversionRate: seen > 0 ? paid / seen : null,
    revenue: money(revenue),
    averageOrderValue: money(paid > 0 ? Math.round(revenue / paid) : 0),
    refunded: money(amount('refund')),
    stuckPending: (stuck!.results[0] as { n: number }).n,
    deadLetters: (dead!.results[0] as { n: number }).n,
    webhookRejections: n('webhook_rejected'),
    fulfillmentFailures: n('fulfillment_failed'),
    checkoutLatencyP95Ms: percentile((latency!.results as { value: number }[]).map((r) => r.value), 0.95),
    series: Array.from({ length: points }, (_, b) => {
      const of = (type: string) => buckets.find((r) => r.b === b && r.type === type);
      return {
        t: new Date(seriesFrom + b * step).toISOString(),
        ordersPaid: of('order_paid')?.n ?? 0,
        revenue: of('order_paid')?.amount ?? 0,
        checkoutsStarted: of('checkout_started')?.n ?? 0,
      };
    }),
    vitals: vitalsP75(vitals!.results as { page: string; name: string; value: number }[]),
  };
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  return quantileSorted(values.sort((a, b) => a - b), p);
}

function vitalsP75(rows: { page: string; name: string; value: number }[]): HealthMetrics['vitals'] {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.page}\n${r.name}`;
    const values = groups.get(key);
    if (values) values.push(r.value);
    else groups.set(key, [r.value]);
  }
  return [...groups]
    .map(([key, values]) => {
      const [page, name] = key.split('\n') as [string, string];
      return { page, name, p75: percentile(values, 0.75)!, samples: values.length };
    })
    .sort((a, b) => a.page.localeCompare(b.page) || a.name.localeCompare(b.name));
}
