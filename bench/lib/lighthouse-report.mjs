// bench/lighthouse.mjs's arithmetic and tables: scores out of Lighthouse results, medians per page x
// preset x category against the targets, and what failed. Pure functions (bench/lighthouse.test.ts).
import { median } from './report.mjs';
import { markdownTableOf, textTableOf } from './tables.mjs';

export const TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const METRICS = {
  'first-contentful-paint': 'FCP',
  'largest-contentful-paint': 'LCP',
  'total-blocking-time': 'TBT',
  'cumulative-layout-shift': 'CLS',
  'speed-index': 'SI',
};

/**
 * One run's figures: { scores: { category: 0-100 }, metrics: { LCP: ms, ... }, failed: { category: [audit id] } }.
 * An audit "failed" when it counts in its category (weight > 0) and scored below Lighthouse's green
 * line (0.9): a metric at 0.98 is noise on a 100 page, not a finding.
 */
export function runFigures(lhr) {
  const scores = {};
  const failed = {};
  for (const [id, category] of Object.entries(lhr.categories)) {
    scores[id] = category.score === null ? NaN : Math.round(category.score * 100);
    failed[id] = category.auditRefs
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && lhr.audits[ref.id]?.score < 0.9)
      .map((ref) => ref.id);
  }
  const metrics = {};
  for (const [id, short] of Object.entries(METRICS)) metrics[short] = lhr.audits[id]?.numericValue;
  return { scores, metrics, failed };
}

/**
 * audits: [{ page, preset, seoExcluded?, runs: [runFigures] }] → rows
 * { page, preset, category, median, runs: [score], target, pass, excluded? } (excluded rows pass).
 */
export function summarise(audits) {
  const rows = [];
  for (const audit of audits) {
    for (const [category, target] of Object.entries(TARGETS)) {
      const runs = audit.runs.map((r) => r.scores[category]);
      const m = median(runs);
      const excluded = category === 'seo' ? audit.seoExcluded : undefined;
      rows.push({ page: audit.page, preset: audit.preset, category, median: m, runs, target, excluded, pass: excluded ? true : m >= target });
    }
  }
  return rows;
}

/** Audits that failed in at least half of an audit's runs: { 'page/preset/category': [id] }. */
export function usualFailures(audits) {
  const out = {};
  for (const audit of audits) {
    for (const category of Object.keys(TARGETS)) {
      if (category === 'seo' && audit.seoExcluded) continue;
      const counts = new Map();
      for (const run of audit.runs) for (const id of run.failed[category] ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
      const ids = [...counts].filter(([, n]) => n * 2 >= audit.runs.length).map(([id]) => id);
      if (ids.length) out[`${audit.page}/${audit.preset}/${category}`] = ids;
    }
  }
  return out;
}

/** Median of each timing metric per page x preset: [{ page, preset, FCP, LCP, TBT, CLS, SI }]. */
export function metricMedians(audits) {
  return audits.map((audit) => ({
    page: audit.page,
    preset: audit.preset,
    ...Object.fromEntries(Object.values(METRICS).map((m) => [m, median(audit.runs.map((r) => r.metrics[m]))])),
  }));
}

/**
 * rows (summarise) → one row per page x preset, a cell per category:
 * "100 pass (100/100/100)", "88 FAIL < 95 (88/90/86)", "excluded (66)".
 */
export function matrix(rows) {
  const out = new Map();
  for (const r of rows) {
    const key = `${r.page}/${r.preset}`;
    if (!out.has(key)) out.set(key, { page: r.page, preset: r.preset });
    const runs = r.runs.map((x) => (Number.isFinite(x) ? x : '–')).join('/');
    out.get(key)[r.category] = r.excluded ? `excluded (${r.median})` : `${Number.isFinite(r.median) ? r.median : '–'} ${r.pass ? 'pass' : `FAIL < ${r.target}`} (${runs})`;
  }
  return [...out.values()];
}
const matrixColumns = [
  { head: 'page', get: (r) => r.page, left: true },
  { head: 'preset', get: (r) => r.preset, left: true },
  ...Object.entries(TARGETS).map(([category, target]) => ({ head: `${category} (>= ${target})`, get: (r) => r[category] ?? '', left: true })),
];
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '–');
const metricColumns = [
  { head: 'page', get: (r) => r.page, left: true },
  { head: 'preset', get: (r) => r.preset, left: true },
  { head: 'FCP ms', get: (r) => ms(r.FCP) },
  { head: 'LCP ms', get: (r) => ms(r.LCP) },
  { head: 'TBT ms', get: (r) => ms(r.TBT) },
  { head: 'CLS', get: (r) => (Number.isFinite(r.CLS) ? r.CLS.toFixed(3) : '–') },
  { head: 'SI ms', get: (r) => ms(r.SI) },
];

/** One line per page whose SEO is excluded: why. */
export const exclusions = (rows) => [...new Map(rows.filter((r) => r.excluded).map((r) => [r.page, r.excluded]))].map(([page, why]) => `${page} SEO excluded: ${why}`);

export const scoreTable = (rows) => textTableOf(matrixColumns, matrix(rows));
export const scoreMarkdown = (rows) => markdownTableOf(matrixColumns, matrix(rows));
export const metricTable = (rows) => textTableOf(metricColumns, rows);
export const metricMarkdown = (rows) => markdownTableOf(metricColumns, rows);
