// Statistics the benchmarks share.

/**
 * Exact nearest-rank percentile of an unsorted array (NaN when it has no finite value).
 * @param {number[]} values
 * @param {number} p
 */
export function pct(values, p) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] ?? NaN;
}

/** `2xx`, `4xx`…, or `network` for status 0. */
export const statusClass = (/** @type {number} */ s) => (s === 0 ? 'network' : `${Math.floor(s / 100)}xx`);
