import type { FaultWindow } from './faults';
import type { Verdict } from './verdict';

const pct = (part: number, whole: number) => (whole === 0 ? '0' : ((100 * part) / whole).toFixed(part === 0 ? 0 : 2));
const ids = (list: string[]) => (list.length === 0 ? '' : ` (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''})`);

/** The fault schedule as it ran, one line a phase. */
export function scheduleLines(windows: FaultWindow[], start: number): string[] {
  return windows.map((w) => `  ${((w.from - start) / 1000).toFixed(1).padStart(5)}–${((w.to - start) / 1000).toFixed(1).padEnd(5)} s  ${w.kinds.join(' + ')}: ${w.notes.join('; ')}`);
}

/** The table (Markdown, to paste into bench/RESULTS.md) and, last, the one-line summary of CONTRACT.md. */
export function reportLines(v: Verdict): string[] {
  const d1 = v.catalogDuringD1;
  const rows: [string, string][] = [
    ['orders started (D1)', String(v.started)],
    ['orders paid (D1: paid, fulfilling or shipped)', String(v.paid)],
    ['lost: charged by the provider, not paid in D1, or acknowledged with no order (0)', `${v.lost.length}${ids(v.lost)}`],
    ['oversold units (counters and D1 lines vs stock set) (0)', String(v.oversold)],
    ['charged twice: orders with more than one paid session (0)', `${v.chargedTwice.length}${ids(v.chargedTwice)}`],
    ['shipped twice: orders with more than one shipment (0)', `${v.shippedTwice.length}${ids(v.shippedTwice)}`],
    ['sent to the warehouse again (one shipment, deduplicated by order id)', String(v.resent)],
    ['paid but not shipped after the settle (0)', `${v.paidNotShipped.length}${ids(v.paidNotShipped)}`],
    ['5xx answers / store requests', `${v.errors5xx} / ${v.requests} (${pct(v.errors5xx, v.requests)}%; ${v.unavailable503} of them 503 with Retry-After)`],
    ['no answer (network error or 20 s timeout)', String(v.networkErrors)],
    [
      'catalog availability during the D1 fault',
      d1 ? `${pct(d1.ok, d1.total)}% (${d1.ok} / ${d1.total}; X-Cache ${Object.entries(d1.cache).map(([k, n]) => `${k} ${n}`).join(', ')})` : 'not injected',
    ],
    ['shopper journeys', Object.entries(v.outcomes).map(([k, n]) => `${k} ${n}`).join(', ')],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `| ${'measure'.padEnd(width)} | value |`,
    `| ${'-'.repeat(width)} | ----- |`,
    ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value} |`),
    '',
    `drill: started ${v.started}, paid ${v.paid}, lost ${v.lost.length}, oversold ${v.oversold}, charged twice ${v.chargedTwice.length}, ` +
      `shipped twice ${v.shippedTwice.length}, 5xx ${pct(v.errors5xx, v.requests)}%`,
  ];
}
