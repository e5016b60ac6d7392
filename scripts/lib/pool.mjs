// Bounded concurrency, shared by scripts/seed.ts and the benchmarks (bench/lib).

/** [0, 1, …, n - 1]. */
const range = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => i);

/**
 * Runs `fn(item, index)` over `items` with at most `limit` in flight; resolves with the results in
 * the items' order. `items` may be a count n: `fn(i, i)` for i in [0, n) (how the benches call it).
 * The first rejection rejects the whole pool (work already started still runs).
 * @template T, R
 * @param {readonly T[] | number} itemsOrCount
 * @param {number} limit
 * @param {(item: T, index: number) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
export async function pool(itemsOrCount, limit, fn) {
  const items = /** @type {readonly T[]} */ (typeof itemsOrCount === 'number' ? range(itemsOrCount) : itemsOrCount);
  /** @type {R[]} */
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(/** @type {T} */ (items[i]), i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
