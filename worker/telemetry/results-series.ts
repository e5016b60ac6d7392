import type { Experiment } from '../experiments/schemas';
import { PAID_STATUSES } from './paid';
import { wilsonInterval } from './stats';

const POINTS = 24;
const MIN_SPAN_MS = 60 * 60_000;

export interface ResultsSeriesPoint {
  /** End of the bucket (ISO). */
  t: string;
  /** Cumulative up to `t`: visitors exposed, of them converted (paid by `t`), the rate and its 95 % interval. */
  variants: Record<string, { visitors: number; converted: number; conversionRate: number; ci: [number, number] }>;
}

/**
 * Conversion per variant over time, cumulative, from the first exposure to now in POINTS steps:
 * visitors exposed by each point, and those of them whose first paid order was paid by then.
 */
export async function conversionSeries(env: Env, experiment: Experiment, now: number): Promise<ResultsSeriesPoint[]> {
  const path = `$."${experiment.id}"`;
  const [exposed, paid] = (await env.DB.batch<{ variant: string; at: number }>([
    env.DB.prepare('select variant, first_seen_at as at from experiment_exposures where experiment_id = ?1').bind(experiment.id),
    env.DB.prepare(
      `select x.variant, min(p.at) as at from experiment_exposures x
         join events c on c.visitor = x.visitor and c.type = 'checkout_started'
         join orders o on o.id = c.order_id and o.status in ${PAID_STATUSES} and json_extract(o.experiments, ?2) = x.variant
         join events p on p.order_id = o.id and p.type = 'order_paid'
         where x.experiment_id = ?1 group by x.visitor`,
    ).bind(experiment.id, path),
  ])) as [D1Result<{ variant: string; at: number }>, D1Result<{ variant: string; at: number }>];
  if (exposed.results.length === 0) return [];
  const start = exposed.results.reduce((min, r) => Math.min(min, r.at), Infinity);
  const step = Math.max(now - start, MIN_SPAN_MS) / POINTS;
  const ends = Array.from({ length: POINTS }, (_, i) => start + step * (i + 1));
  return ends.map((end) => ({
    t: new Date(end).toISOString(),
    variants: Object.fromEntries(
      experiment.variants.map((v) => {
        const n = exposed.results.filter((r) => r.variant === v.name && r.at <= end).length;
        const x = paid.results.filter((r) => r.variant === v.name && r.at <= end).length;
        return [v.name, { visitors: n, converted: x, conversionRate: n > 0 ? x / n : 0, ci: wilsonInterval({ n, x }) }];
      }),
    ),
  }));
}
