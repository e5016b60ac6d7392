import { STORE_CURRENCY } from '../cart/price-cart';
import type { Money } from '../catalog/types';
import type { Experiment } from '../experiments/schemas';
import { PAID_STATUSES } from './paid';
import { conversionSeries, type ResultsSeriesPoint } from './results-series';
import { sampleRatioMismatch, twoProportionTest } from './stats';

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

/**
 * An experiment's results from recorded data only: exposures (experiment_exposures), add-to-cart and
 * checkout events, and D1's paid orders with the assignments they recorded. All read in one D1 batch.
 */
export async function experimentResults(env: Env, experiment: Experiment, now = Date.now()): Promise<ExperimentResults> {
  const path = `$."${experiment.id}"`;
  const [visitors, added, orders, converted] = (await env.DB.batch<Row>([
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
  ])) as D1Result<Row>[] as [D1Result<Row>, D1Result<Row>, D1Result<Row>, D1Result<Row>];
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
  const srm = sampleRatioMismatch(variants.map((v) => v.visitors), variants.map((v) => v.weight));
  const lift = liftOf(variants);
  return {
    id: experiment.id,
    enabled: experiment.enabled,
    control: variants[0]!.name,
    variants,
    lift,
    sampleRatioMismatch: { pValue: srm.pValue, chiSquare: srm.chiSquare, flagged: srm.flagged },
    decision: decide(variants, lift, srm.flagged),
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

function decide(variants: VariantResult[], lift: ExperimentResults['lift'], srm: boolean): ExperimentResults['decision'] {
  const live = variants.filter((v) => v.weight > 0);
  if (!lift || live.some((v) => v.visitors < MIN_VISITORS_PER_VARIANT || v.converted < MIN_CONVERSIONS_PER_VARIANT)) {
    return { winner: null, reason: 'insufficient_sample' };
  }
  if (srm) return { winner: null, reason: 'sample_ratio_mismatch' };
  if (lift.pValue >= SIGNIFICANCE) return { winner: null, reason: 'not_significant' };
  return { winner: lift.difference > 0 ? lift.variant : variants[0]!.name, reason: 'significant' };
}
