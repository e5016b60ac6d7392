import type { HealthMetrics } from '../telemetry/metrics';
import { TimeChart } from './charts';
import { formatMoney } from './format';

const percent = (rate: number | null, digits = 1) => (rate === null ? '—' : `${(rate * 100).toFixed(digits)} %`);
const WINDOW_WORDS = { '1h': 'last hour', '24h': 'last day', '7d': 'last week' } as const;

/** What vitals are in (CLS is a score). */
const vitalValue = (name: string, value: number) => (name === 'CLS' ? value.toFixed(3) : `${Math.round(value)} ms`);

function Figure(props: { label: string; value: string; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div class={`health-figure${props.tone ? ` health-${props.tone}` : ''}`}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

/**
 * The Health view (the admin's first screen), as the fragment /js/admin/health.js puts in place:
 * money first, then what needs a person, with the window's series as charts.
 */
export function HealthView(props: { metrics: HealthMetrics }) {
  const m = props.metrics;
  const money = (amount: number) => formatMoney({ amount, currency: m.revenue.currency });
  const series = (pick: (p: HealthMetrics['series'][number]) => number) => m.series.map((p) => ({ t: new Date(p.t), y: pick(p) }));
  return (
    <div class="health" data-window={m.window}>
      <dl class="health-figures" aria-label={`Store health, ${WINDOW_WORDS[m.window]}`}>
        <Figure label="Revenue" value={formatMoney(m.revenue)} />
        <Figure label="Orders paid" value={String(m.ordersPaid)} />
        <Figure label="Average order" value={formatMoney(m.averageOrderValue)} />
        <Figure label="Conversion" value={percent(m.conversionRate, 2)} />
        <Figure label="Checkouts started" value={String(m.checkoutsStarted)} />
        <Figure
          label="Payment success"
          value={percent(m.paymentSuccessRate)}
          tone={m.paymentSuccessRate === null ? undefined : m.paymentSuccessRate < 0.9 ? 'bad' : 'ok'}
        />
        <Figure label="Checkout p95" value={m.checkoutLatencyP95Ms === null ? '—' : `${Math.round(m.checkoutLatencyP95Ms)} ms`} />
        <Figure label="Stuck in pending" value={String(m.stuckPending)} tone={m.stuckPending > 0 ? 'warn' : undefined} />
        <Figure label="Dead letters" value={String(m.deadLetters)} tone={m.deadLetters > 0 ? 'bad' : undefined} />
        <Figure label="Webhook rejections" value={String(m.webhookRejections)} tone={m.webhookRejections > 0 ? 'warn' : undefined} />
      </dl>
      <div class="health-charts">
        <TimeChart
          id={`health-revenue-${m.window}`}
          title={`Revenue, ${WINDOW_WORDS[m.window]}`}
          description={`Revenue of orders paid per interval; ${formatMoney(m.revenue)} in all.`}
          series={[{ name: 'Revenue', values: series((p) => p.revenue) }]}
          format={money}
        />
        <TimeChart
          id={`health-orders-${m.window}`}
          title={`Checkouts and orders, ${WINDOW_WORDS[m.window]}`}
          description={`Checkouts started and orders paid per interval: ${m.checkoutsStarted} and ${m.ordersPaid} in all.`}
          series={[
            { name: 'Orders paid', values: series((p) => p.ordersPaid) },
            { name: 'Checkouts started', values: series((p) => p.checkoutsStarted) },
          ]}
          format={(y) => String(Math.round(y * 10) / 10)}
        />
      </div>
      <h3>Real-user vitals (p75)</h3>
      {m.vitals.length === 0 ? (
        <p class="muted">No vitals reported in this window.</p>
      ) : (
        <div class="admin-scroll">
          <table class="admin-table health-vitals">
            <caption class="visually-hidden">75th percentile of each web vital per page kind</caption>
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">Vital</th>
                <th scope="col">p75</th>
                <th scope="col">Samples</th>
              </tr>
            </thead>
            <tbody>
              {m.vitals.map((v) => (
                <tr>
                  <th scope="row" data-column="Page">{v.page}</th>
                  <td data-column="Vital">{v.name}</td>
                  <td data-column="p75">{vitalValue(v.name, v.p75)}</td>
                  <td data-column="Samples">{v.samples}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
