import { extent, max, nice, ticks } from 'd3-array';
import { area, line } from 'd3-shape';
import { timeDay, timeHour, timeMinute, timeMonth, timeSecond, timeTicks, timeWeek, timeYear } from 'd3-time';
import { timeFormat } from 'd3-time-format';

/** One line of a chart; `lo`/`hi` draw its interval as a band. */
export interface ChartSeries {
  name: string;
  values: { t: Date; y: number; lo?: number; hi?: number }[];
}

const W = 640;
const H = 220;
const M = { top: 12, right: 16, bottom: 28, left: 64 };

/**
 * The maps of d3-scale's `scaleLinear`/`scaleTime` (domain normalised, then `interpolateNumber`), without
 * d3-scale: it brings d3-interpolate, d3-color and d3-format (~10 KiB gzip of the Worker bundle) for
 * colour and number interpolation these charts never use. Ticks and nice domains are d3-array's and
 * d3-time's, the very functions d3-scale calls.
 */
function linearMap([d0, d1]: [number, number], [r0, r1]: [number, number]) {
  const span = d1 - d0;
  return (v: number) => {
    const t = span ? (v - d0) / span : 0.5;
    return r0 * (1 - t) + r1 * t;
  };
}

/** d3-scale's multi-scale time tick format (`scaleTime().tickFormat()`), over d3-time-format. */
const formats = ['.%L', ':%S', '%I:%M', '%I %p', '%a %d', '%b %d', '%B', '%Y'].map((f) => timeFormat(f));
function timeTickFormat(date: Date): string {
  const f =
    timeSecond(date) < date ? 0
    : timeMinute(date) < date ? 1
    : timeHour(date) < date ? 2
    : timeDay(date) < date ? 3
    : timeMonth(date) < date ? (timeWeek(date) < date ? 4 : 5)
    : timeYear(date) < date ? 6
    : 7;
  return formats[f]!(date);
}

/**
 * A server-rendered SVG time chart (d3-array and d3-time for the ticks, d3-shape for the paths). It is an
 * image with a title and a description for screen readers, followed by its data as a table; colours
 * come from the stylesheet's custom properties, so it reads in dark mode too.
 */
export function TimeChart(props: { id: string; title: string; description: string; series: ChartSeries[]; format: (y: number) => string }) {
  const all = props.series.flatMap((s) => s.values);
  const [first, last] = extent(all, (v) => v.t) as [Date | undefined, Date | undefined];
  const xDomain: [Date, Date] = [first ?? new Date(0), last ?? new Date(1)];
  const x = linearMap([+xDomain[0], +xDomain[1]], [M.left, W - M.right]);
  const yDomain = nice(0, Math.max(max(all, (v) => v.hi ?? v.y) ?? 0, 1e-9), 10);
  const y = linearMap(yDomain, [H - M.bottom, M.top]);
  const path = line<ChartSeries['values'][number]>()
    .x((v) => x(+v.t))
    .y((v) => y(v.y));
  const band = area<ChartSeries['values'][number]>()
    .x((v) => x(+v.t))
    .y0((v) => y(v.lo ?? v.y))
    .y1((v) => y(v.hi ?? v.y));
  return (
    <figure class="chart" id={props.id}>
      <svg class="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`}>
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {ticks(yDomain[0], yDomain[1], 4).map((tick) => (
          <g class="chart-grid">
            <line x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} />
            <text x={M.left - 6} y={y(tick)} dy="0.32em" text-anchor="end">
              {props.format(tick)}
            </text>
          </g>
        ))}
        {timeTicks(xDomain[0], xDomain[1], 5).map((tick) => (
          <text class="chart-axis" x={x(+tick)} y={H - 8} text-anchor="middle">
            {timeTickFormat(tick)}
          </text>
        ))}
        {props.series.map((s, i) =>
          s.values.some((v) => v.lo !== undefined) ? <path class={`chart-band chart-s${i % 4}`} d={band(s.values) ?? ''} /> : null,
        )}
        {props.series.map((s, i) => (
          <path class={`chart-line chart-s${i % 4}`} d={path(s.values) ?? ''} />
        ))}
      </svg>
      <figcaption class="chart-legend">
        {props.series.map((s, i) => (
          <span class={`chart-key chart-s${i % 4}`}>{s.name}</span>
        ))}
      </figcaption>
      <details class="chart-data">
        <summary>Data of “{props.title}”</summary>
        <div class="admin-scroll">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                {props.series.map((s) => (
                  <th scope="col">{s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(props.series[0]?.values ?? []).map((v, row) => (
                <tr>
                  <th scope="row">{v.t.toISOString().slice(0, 16).replace('T', ' ')}</th>
                  {props.series.map((s) => {
                    const cell = s.values[row];
                    if (!cell) return <td />;
                    const interval = cell.lo !== undefined && cell.hi !== undefined ? ` (${props.format(cell.lo)} – ${props.format(cell.hi)})` : '';
                    return <td>{props.format(cell.y) + interval}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
