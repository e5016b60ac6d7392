import { extent, max } from 'd3-array';
import { scaleLinear, scaleTime } from 'd3-scale';
import { area, line } from 'd3-shape';

/** One line of a chart; `lo`/`hi` draw its interval as a band. */
export interface ChartSeries {
  name: string;
  values: { t: Date; y: number; lo?: number; hi?: number }[];
}

const W = 640;
const H = 220;
const M = { top: 12, right: 16, bottom: 28, left: 64 };

/**
 * A server-rendered SVG time chart (d3-scale for the scales and ticks, d3-shape for the paths). It is an
 * image with a title and a description for screen readers, followed by its data as a table; colours
 * come from the stylesheet's custom properties, so it reads in dark mode too.
 */
export function TimeChart(props: { id: string; title: string; description: string; series: ChartSeries[]; format: (y: number) => string }) {
  const all = props.series.flatMap((s) => s.values);
  const [first, last] = extent(all, (v) => v.t) as [Date | undefined, Date | undefined];
  const x = scaleTime()
    .domain([first ?? new Date(0), last ?? new Date(1)])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, Math.max(max(all, (v) => v.hi ?? v.y) ?? 0, 1e-9)])
    .nice()
    .range([H - M.bottom, M.top]);
  const path = line<ChartSeries['values'][number]>()
    .x((v) => x(v.t))
    .y((v) => y(v.y));
  const band = area<ChartSeries['values'][number]>()
    .x((v) => x(v.t))
    .y0((v) => y(v.lo ?? v.y))
    .y1((v) => y(v.hi ?? v.y));
  const timeFormat = x.tickFormat();
  return (
    <figure class="chart" id={props.id}>
      <svg class="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`}>
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {y.ticks(4).map((tick) => (
          <g class="chart-grid">
            <line x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} />
            <text x={M.left - 6} y={y(tick)} dy="0.32em" text-anchor="end">
              {props.format(tick)}
            </text>
          </g>
        ))}
        {x.ticks(5).map((tick) => (
          <text class="chart-axis" x={x(tick)} y={H - 8} text-anchor="middle">
            {timeFormat(tick)}
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
