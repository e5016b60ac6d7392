import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Experiment } from '../worker/experiments/schemas';
import type { HealthMetrics } from '../worker/telemetry/metrics';
import type { ExperimentResults } from '../worker/telemetry/results';
import { deliver, eventually, signedEvent, skuPool } from './checkout-helpers';
import { admin, expectError, get, useOwnWorker } from './helpers';
import { adminJson, inParallel, storedEvents, Visitor } from './telemetry-helpers';

// Enables experiments (module state): this file runs its own Worker.
useOwnWorker();

const split = (id: string, paths: string[], a: string, b: string): Experiment => ({
  id,
  enabled: true,
  paths,
  variants: [a, b].map((name) => ({ name, weight: 50 })),
});
const hero = split('hero', ['/'], 'control', 'bold');
const cta = split('cta', ['/products/*'], 'a', 'b');

/** The known population: 1,000 visitors a variant see the home page (the page `hero` shapes). */
const PER_VARIANT = 1_000;
const PLAN = {
  control: { buyers: 40, addOnly: 60 },
  bold: { buyers: 70, addOnly: 50 },
} as const;

let sku: string;
let slug: string;
let revenue: Record<string, number>;
let allRevenue = 0;

beforeAll(async () => {
  const take = await skuPool(10);
  const item = await take(100_000);
  sku = item.sku;
  slug = (await env.DB.prepare('select p.slug from products p join variants v on v.product_id = p.id where v.sku = ?').bind(sku).first<{ slug: string }>())!.slug;
  expect((await admin('PUT', '/experiments/hero', hero)).status).toBe(200);
  expect((await admin('PUT', '/experiments/cta', cta)).status).toBe(200);

  revenue = { control: 0, bold: 0 };
  for (const variant of ['control', 'bold'] as const) {
    const plan = PLAN[variant];
    // Each visitor arrives already assigned (a sticky `ab` cookie from an earlier visit) but new to
    // telemetry: the split is exact, so every figure below is known in advance.
    const visitors = Array.from({ length: PER_VARIANT }, () => new Visitor({ ab: `hero.${variant}~cta.a` }));
    await inParallel(visitors, 16, async (v, i) => {
      await v.view('/');
      if (i < 100) await v.view('/'); // a second view is not a second visitor
      if (i < plan.buyers + plan.addOnly) await v.add(sku);
    });
    const totals = await inParallel(visitors.slice(0, plan.buyers), 8, async (v, i) => (await v.buy(`${variant}-${i}@example.com`)).total);
    revenue[variant] = totals.reduce((a, b) => a + b, 0);
  }
  // Assigned to `bold` but never shown the home page: buys from a product page. Its order carries the
  // assignment (orders: +1) but it is no exposed visitor and no conversion of the experiment.
  const stranger = new Visitor({ ab: 'hero.bold~cta.a' });
  await stranger.view(`/products/${slug}`);
  await stranger.add(sku);
  const strangerOrder = await stranger.buy('stranger@example.com');
  allRevenue = revenue.control! + revenue.bold! + strangerOrder.total;
  await storedEvents('order_paid', 111);
  await storedEvents('page_view', 2 * PER_VARIANT + 200 + 1);
}, 600_000);

const results = (id: string) => adminJson<ExperimentResults>(`/admin/api/experiments/${id}/results`);

describe('experiment results from recorded data', () => {
  it('every figure of a known 1,000/1,000 population, to the unit', async () => {
    const r = await eventually(async () => {
      const r = await results('hero');
      expect(r.variants.map((v) => v.visitors)).toEqual([PER_VARIANT, PER_VARIANT]);
      return r;
    }, 30_000);
    const [control, bold] = r.variants;
    expect(control).toEqual({
      name: 'control',
      weight: 50,
      visitors: 1000,
      addToCartRate: 0.1,
      orders: 40,
      converted: 40,
      conversionRate: 0.04,
      revenue: { amount: revenue.control, currency: 'usd' },
      revenuePerVisitor: { amount: Math.round(revenue.control! / 1000), currency: 'usd' },
    });
    expect(bold).toEqual({
      name: 'bold',
      weight: 50,
      visitors: 1000,
      addToCartRate: 0.12,
      orders: 71,
      converted: 70,
      conversionRate: 0.07,
      revenue: { amount: revenue.bold! + (allRevenue - revenue.control! - revenue.bold!), currency: 'usd' },
      revenuePerVisitor: { amount: Math.round((allRevenue - revenue.control!) / 1000), currency: 'usd' },
    });
    // SciPy for 40/1000 vs 70/1000: z = 2.942449431682499, p = 0.0032562696284120637,
    // 95 % CI of the difference [0.010060316252712486, 0.04993968374728752].
    expect(r.lift!.variant).toBe('bold');
    expect(r.lift!.pValue).toBeCloseTo(0.0032562696284120637, 8);
    expect(r.lift!.ci[0]).toBeCloseTo(0.010060316252712486, 10);
    expect(r.lift!.ci[1]).toBeCloseTo(0.04993968374728752, 10);
    expect(r.sampleRatioMismatch.flagged).toBe(false);
    expect(r.sampleRatioMismatch.pValue).toBe(1);
    expect(r.decision).toEqual({ winner: 'bold', reason: 'significant' });
    const last = r.series.at(-1)!;
    expect(last.variants['bold']).toMatchObject({ visitors: 1000, converted: 70, conversionRate: 0.07 });
    expect(last.variants['bold']!.ci[0]).toBeLessThan(0.07);
    expect(last.variants['bold']!.ci[1]).toBeGreaterThan(0.07);
  });

  it('a skewed split raises the sample-ratio-mismatch flag and names no winner', async () => {
    // 600 visitors see a product page as `cta.a`, 400 as `cta.b`, though the weights are 50/50.
    const visitors = Array.from({ length: 1000 }, (_, i) => new Visitor({ ab: `hero.control~cta.${i < 600 ? 'a' : 'b'}` }));
    await inParallel(visitors, 16, (v) => v.view(`/products/${slug}`));
    const r = await eventually(async () => {
      const r = await results('cta');
      // The stranger above saw a product page as `cta.a` too.
      expect(r.variants.map((v) => v.visitors)).toEqual([601, 400]);
      return r;
    }, 30_000);
    expect(r.sampleRatioMismatch.flagged).toBe(true);
    expect(r.sampleRatioMismatch.pValue).toBeLessThan(1e-9);
    expect(r.decision.winner).toBeNull();
  }, 120_000);

  it('unknown experiment: 404; no token: 401', async () => {
    await expectError(await admin('GET', '/experiments/nope/results'), 404, 'not_found');
    await expectError(await get('/admin/api/experiments/hero/results'), 401, 'unauthorized');
  });
});

describe('Health metrics', () => {
  it('agree with D1 orders and the population, to the unit', async () => {
    const bad = await signedEvent('evt_x', 'checkout.session.completed', {});
    expect((await deliver({ ...bad, headers: { ...bad.headers, 'stripe-signature': 't=1,v1=00' } })).status).toBe(400);
    const m = await eventually(async () => {
      const m = await adminJson<HealthMetrics>('/admin/api/metrics?window=1h');
      expect(m.webhookRejections).toBe(1);
      return m;
    }, 30_000);
    const fromOrders = (await env.DB.prepare(
      "select count(*) as n, sum(total) as amount from orders where status in ('paid', 'fulfilling', 'shipped', 'refunded')",
    ).first<{ n: number; amount: number }>())!;
    expect(fromOrders).toEqual({ n: 111, amount: allRevenue });
    expect(m).toMatchObject({
      window: '1h',
      checkoutsStarted: 111,
      ordersPaid: 111,
      paymentSuccessRate: 1,
      revenue: { amount: allRevenue, currency: 'usd' },
      averageOrderValue: { amount: Math.round(allRevenue / 111), currency: 'usd' },
      stuckPending: 0,
      deadLetters: 0,
    });
    expect(m.visitors).toBeGreaterThanOrEqual(2001);
    expect(m.conversionRate).toBeCloseTo(111 / m.visitors, 12);
    expect(m.checkoutLatencyP95Ms).toBeGreaterThan(0);
    expect(m.series).toHaveLength(12);
    expect(m.series.reduce((s, p) => s + p.ordersPaid, 0)).toBe(111);
    expect(m.series.reduce((s, p) => s + p.revenue, 0)).toBe(allRevenue);
  });

  it('refuses other windows with 400', async () => {
    await expectError(await admin('GET', '/metrics?window=2y'), 400, 'invalid_request');
    await expectError(await admin('GET', '/metrics'), 400, 'invalid_request');
    for (const window of ['24h', '7d']) expect((await adminJson<HealthMetrics>(`/admin/api/metrics?window=${window}`)).ordersPaid).toBe(111);
  });
});
