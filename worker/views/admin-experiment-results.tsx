import { MIN_CONVERSIONS_PER_VARIANT, MIN_VISITORS_PER_VARIANT, type ExperimentResults } from '../telemetry/results';
import { TimeChart } from './charts';
import { formatMoney } from './format';

const pct = (rate: number, digits = 2) => `${(rate * 100).toFixed(digits)} %`;
const points = (d: number) => `${d >= 0 ? '+' : ''}${(d * 100).toFixed(2)} pt`;

function verdict(r: ExperimentResults): string {
  switch (r.decision.reason) {
    case 'significant':
      return `Winner: ${r.decision.winner} (p = ${r.lift!.pValue.toPrecision(3)}).`;
    case 'sample_ratio_mismatch':
      return 'No verdict: the split does not match the weights (sample-ratio mismatch), so these numbers cannot be trusted. Check the assignment before reading further.';
    case 'not_significant':
      return `No winner yet: the difference is not significant (p = ${r.lift!.pValue.toPrecision(3)}).`;
    default:
      return `No winner yet: every variant needs ${MIN_VISITORS_PER_VARIANT} visitors and ${MIN_CONVERSIONS_PER_VARIANT} conversions first.`;
  }
}

/** One experiment's results, as the fragment /js/admin/health.js puts in the Experiments view. */
export function ExperimentResultsView(props: { results: ExperimentResults }) {
  const r = props.results;
  const best = r.decision.winner;
  return (
    <div class="experiment-results" data-experiment={r.id}>
      <p class={`notice ${r.sampleRatioMismatch.flagged ? 'notice-bad' : ''}`} role="status">
        {verdict(r)}
      </p>
      <div class="admin-scroll">
        <table class="admin-table">
          <caption class="visually-hidden">Results of experiment {r.id} per variant</caption>
          <thead>
            <tr>
              {['Variant', 'Weight', 'Visitors', 'Add-to-cart', 'Orders', 'Conversion', 'Revenue', 'Revenue / visitor'].map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.variants.map((v) => (
              <tr>
                <th scope="row" data-column="Variant">
                  {v.name}
                  {v.name === r.control ? ' (control)' : ''}
                </th>
                <td data-column="Weight">{v.weight}</td>
                <td data-column="Visitors">{v.visitors}</td>
                <td data-column="Add-to-cart">{pct(v.addToCartRate, 1)}</td>
                <td data-column="Orders">{v.orders}</td>
                <td data-column="Conversion">{pct(v.conversionRate)}</td>
                <td data-column="Revenue">{formatMoney(v.revenue)}</td>
                <td data-column="Revenue / visitor">{formatMoney(v.revenuePerVisitor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl class="health-figures">
        <div class="health-figure">
          <dt>Lift of {r.lift?.variant ?? '—'}</dt>
          <dd>{r.lift ? `${points(r.lift.difference)} [${points(r.lift.ci[0])}, ${points(r.lift.ci[1])}]` : '—'}</dd>
        </div>
        <div class="health-figure">
          <dt>p-value</dt>
          <dd>{r.lift ? r.lift.pValue.toPrecision(3) : '—'}</dd>
        </div>
        <div class={`health-figure${r.sampleRatioMismatch.flagged ? ' health-bad' : ''}`}>
          <dt>Split check (SRM p)</dt>
          <dd>{r.sampleRatioMismatch.pValue.toPrecision(3)}</dd>
        </div>
      </dl>
      {r.series.length > 0 ? (
        <TimeChart
          id={`experiment-${r.id}-conversion`}
          title={`Conversion per variant of ${r.id}, cumulative`}
          description={`Share of exposed visitors who bought, per variant, with its 95 % interval as a band. ${r.variants.map((v) => `${v.name}: ${pct(v.conversionRate)}`).join(', ')}.`}
          series={r.variants.map((v) => ({
            name: v.name,
            values: r.series.map((p) => {
              const s = p.variants[v.name]!;
              return { t: new Date(p.t), y: s.conversionRate, lo: s.ci[0], hi: s.ci[1] };
            }),
          }))}
          format={(y) => pct(y, 1)}
        />
      ) : (
        <p class="muted">No visitor has been exposed yet.</p>
      )}
      <div class="admin-actions">
        {r.enabled ? (
          <button type="button" class="button-quiet" data-action="stop" data-experiment={r.id}>
            Stop {r.id}
          </button>
        ) : null}
        {best ? (
          <button type="button" data-action="rollout" data-experiment={r.id} data-variant={best}>
            Roll {best} out to everyone
          </button>
        ) : null}
      </div>
    </div>
  );
}
