import { STORE_CURRENCY } from '../cart/price-cart';
import type { Money } from '../catalog/types';
import type { Experiment } from '../experiments/schemas';
import { PAID_STATUSES } from './paid';
import { conversionSeries, type ResultsSeriesPoint } from './results-series';
import { sampleRatioMismatchByPeriod, twoProportionTest } from './stats';

/** No winner is named before every variant has this many visitors and this many conversions. */
export const MIN_VISITORS_PER_VARIANT = 100;
export const MIN_CONVERSIONS_PER_VARIANT = 5;
export const SIGNIFICANCE = 0.05;

export interface VariantResult {
  name: string;
  weight: number;
  visitors: number;
  addToCartRate: number;
  /** Paid orders whose recorded assignments include the variant. */
  orders: number;
  /** Exposed visitors with a paid order: the conversion's numerator (`orders` may count a visitor twice). */
  converted: number;
  conversionRate: number;
  revenue: Money;
  revenuePerVisitor: Money;
}

export interface ExperimentResults {
  id: string;
  enabled: boolean;
  control: string;
  variants: VariantResult[];
  lift: { variant: string; pValue: number; ci: [number, number]; difference: number; relative: number | null } | null;
  sampleRatioMismatch: { pValue: number; chiSquare: number; flagged: boolean };
  decision: { winner: string | null; reason: 'insufficient_sample' | 'sample_ratio_mismatch' | 'not_significant' | 'significant' };
  series: ResultsSeriesPoint[];
}

type Row = { variant: string; n: number; amount?: number | null };
type PeriodRow = Row & { since: number | null; weights: string | null };

/**
 * Observed exposures and the weights in force, per period (experiment_weights: a row each time an
 * admin write changed the weights). Exposures older than the first record (an experiment written
 * before the table existed) take the first recorded weights; with no record at all, the current ones.
 */
function weightPeriods(experiment: Experiment, rows: PeriodRow[], first: Record<string, number> | null): { observed: number[]; weights: number[] }[] {
  const current = Object.fromEntries(experiment.variants.map((v) => [v.name, v.weight]));
  const periods = new Map<number | null, { observed: number[]; weights: number[] }>();
  for (const row of rows) {
    let period = periods.get(row.since);
    if (!period) {
      const weights: Record<string, number> = row.weights ? (JSON.parse(row.weights) as Record<string, number>) : (first ?? current);
      period = { observed: experiment.variants.map(() => 0), weights: experiment.variants.map((v) => weights[v.name] ?? 0) };
      periods.set(row.since, period);
    }
    const i = experiment.variants.findIndex((v) => v.name === row.variant);
    if (i >= 0) period.observed[i]! += row.n;
  }
  return [...periods.values()];
}

/**
 * Keeps the experiment's weights from `now` on, when they differ from the latest kept (admin writes call
 * it). Returns the undo of what it wrote (a no-op when the weights were unchanged), for a save whose
 * later step failed (worker/experiments/save.ts).
 */
export async function recordWeights(env: Env, experiment: Experiment, now = Date.now()): Promise<() => Promise<void>> {
  const weights = JSON.stringify(Object.fromEntries(experiment.variants.map((v) => [v.name, v.weight])));
  const written = await env.DB.prepare(
    `insert into experiment_weights (experiment_id, since, weights) select ?1, ?2, ?3
       where coalesce((select weights from experiment_weights where experiment_id = ?1 order by since desc limit 1), '') != ?3
       on conflict (experiment_id, since) do update set weights = excluded.weights`,
  )
    .bind(experiment.id, now, weights)
    .run();
  if (!written.meta.changes) return async () => undefined;
  return async () => {
    await env.DB.prepare('delete from experiment_weights where experiment_id = ?1 and since = ?2 and weights = ?3').bind(experiment.id, now, weights).run();
  };
}

/**
 * An experiment's results from recorded data only: exposures (experiment_exposures), add-to-cart and
 * checkout events, and D1's paid orders with the assignments they recorded. All read in one D1 batch.
 */
export async function experimentResults(env: Env, experiment: Experiment, now = Date.now()): Promise<ExperimentResults> {
  const path = `$."${experiment.id}"`;
  const [visitors, added, orders, converted, periods, first] = (await env.DB.batch<Row>([
    env.DB.prepare('select variant, count(*) as n from experiment_exposures where experiment_id = ?1 group by variant').bind(experiment.id),
    env.DB.prepare(
      `select x.variant, count(*) as n from experiment_exposures x where x.experiment_id = ?1
         and exists (select 1 from events e where e.visitor = x.visitor and e.type = 'add_to_cart') group by x.variant`,
    ).bind(experiment.id),
    env.DB.prepare(
      `select json_extract(experiments, ?1) as variant, count(*) as n, sum(total) as amount from orders
         where status in ${PAID_STATUSES} and json_extract(experiments, ?1) is not null group by variant`,
    ).bind(path),
    env.DB.prepare(
      `select x.variant, count(distinct x.visitor) as n from experiment_exposures x
         join events e on e.visitor = x.visitor and e.type = 'checkout_started'
         join orders o on o.id = e.order_id and o.status in ${PAID_STATUSES} and json_extract(o.experiments, ?2) = x.variant
         where x.experiment_id = ?1 group by x.variant`,
    ).bind(experiment.id, path),
    // Exposures per variant and per period of weights (the latest change at or before the exposure;
    // null: before the first recorded change), with that period's weights.
    env.DB.prepare(
      `select x.variant, count(*) as n, w.since, w.weights from experiment_exposures x
         left join experiment_weights w on w.experiment_id = x.experiment_id and w.since =
           (select max(since) from experiment_weights v where v.experiment_id = x.experiment_id and v.since <= x.first_seen_at)
         where x.experiment_id = ?1 group by x.variant, w.since`,
    ).bind(experiment.id),
    env.DB.prepare('select weights from experiment_weights where experiment_id = ?1 order by since limit 1').bind(experiment.id),
  ])) as D1Result<Row>[] as [D1Result<Row>, D1Result<Row>, D1Result<Row>, D1Result<Row>, D1Result<PeriodRow>, D1Result<{ weights: string }>];
  const count = (rows: D1Result<Row>, name: string) => rows.results.find((r) => r.variant === name);
  const variants = experiment.variants.map((v): VariantResult => {
    const n = count(visitors, v.name)?.n ?? 0;
    const revenue = count(orders, v.name)?.amount ?? 0;
    const conv = count(converted, v.name)?.n ?? 0;
    return {
      name: v.name,
      weight: v.weight,
      visitors: n,
      addToCartRate: n > 0 ? (count(added, v.name)?.n ?? 0) / n : 0,
      orders: count(orders, v.name)?.n ?? 0,
      converted: conv,
      conversionRate: n > 0 ? conv / n : 0,
      revenue: { amount: revenue, currency: STORE_CURRENCY },
      revenuePerVisitor: { amount: n > 0 ? Math.round(revenue / n) : 0, currency: STORE_CURRENCY },
    };
  });
  const byPeriod = weightPeriods(experiment, periods.results, first.results[0] ? (JSON.parse(first.results[0].weights) as Record<string, number>) : null);
  const srm = sampleRatioMismatchByPeriod(byPeriod);
  const lift = liftOf(variants);
  // A variant counts as live when it had weight in some period (a roll-out leaves the loser at 0 now).
  const everLive = new Set(experiment.variants.filter((v, i) => v.weight > 0 || byPeriod.some((p) => (p.weights[i] ?? 0) > 0)).map((v) => v.name));
  return {
    id: experiment.id,
    enabled: experiment.enabled,
    control: variants[0]!.name,
    variants,
    lift,
    sampleRatioMismatch: { pValue: srm.pValue, chiSquare: srm.chiSquare, flagged: srm.flagged },
    decision: decide(variants, lift, srm.flagged, everLive),
    series: await conversionSeries(env, experiment, now),
  };
}

/** The best-converting challenger against the control (the first variant), or null without data on both. */
function liftOf(variants: VariantResult[]): ExperimentResults['lift'] {
  const [control, ...challengers] = variants;
  const best = challengers.filter((v) => v.visitors > 0).sort((a, b) => b.conversionRate - a.conversionRate)[0];
  if (!control || control.visitors === 0 || !best) return null;
  const test = twoProportionTest({ n: control.visitors, x: control.converted }, { n: best.visitors, x: best.converted });
  return { variant: best.name, pValue: test.pValue, ci: test.ci, difference: test.difference, relative: test.relative };
}

function decide(variants: VariantResult[], lift: ExperimentResults['lift'], srm: boolean, everLive: Set<string>): ExperimentResults['decision'] {
  const live = variants.filter((v) => everLive.has(v.name));
  if (!lift || live.some((v) => v.visitors < MIN_VISITORS_PER_VARIANT || v.converted < MIN_CONVERSIONS_PER_VARIANT)) {
    return { winner: null, reason: 'insufficient_sample' };
  }
  if (srm) return { winner: null, reason: 'sample_ratio_mismatch' };
  if (lift.pValue >= SIGNIFICANCE) return { winner: null, reason: 'not_significant' };
  return { winner: lift.difference > 0 ? lift.variant : variants[0]!.name, reason: 'significant' };
}
