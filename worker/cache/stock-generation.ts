import QuickLRU from 'quick-lru';

/**
 * Per-SKU page generations: a tiny Cache API entry per SKU in this location, written by the SKU's
 * stock feed when the SKU's band changes (in stock / low / sold out). A cached product page records
 * the generation of each of its SKUs as it was read *before* the page's stock was, so any band change
 * after that read makes the copy disagree and it is not served again (see edge-cache.ts).
 *
 * Why the Cache API: a read costs a lookup in this location's cache, no round trip to a far store,
 * it works offline (`wrangler dev`, the tests), and the writer (a Durable Object) can write it. KV
 * is eventually consistent with a cache TTL of at least 30 s, far from the one second promised.
 * Each isolate remembers a generation for at most RECHECK_MS, which is the bound (plus the feed's
 * write, milliseconds) on how long a location keeps serving a page from before a band change.
 */
export const STOCK_GENERATION_RECHECK_MS = 1_000;
const ORIGIN = 'https://stock-generation.edgefront.internal/';
/** Longer than any page copy lives (fresh + stale-if-error, a day by default): an expired generation
 * reads as "0" again, which must not make a copy rendered before it valid once more. */
const KEEP_SECONDS = 30 * 86_400;
/** Absent entry: the SKU's band never changed since this location's cache had it. */
const NONE = '0';

const memo = new QuickLRU<string, { value: string; checkedAt: number }>({ maxSize: 5_000 });
// Bumped by local writes, so a read that started before a write cannot put the old value back.
let writes = 0;

/** The generation entry's Cache API key. */
export const stockGenerationKey = (sku: string) => `${ORIGIN}${encodeURIComponent(sku)}`;

export async function writeStockGeneration(sku: string, version: number): Promise<void> {
  const value = String(version);
  await caches.default.put(
    stockGenerationKey(sku),
    new Response(value, { headers: { 'content-type': 'text/plain', 'cache-control': `public, max-age=${KEEP_SECONDS}` } }),
  );
  writes += 1;
  memo.set(sku, { value, checkedAt: Date.now() });
}

async function read(sku: string): Promise<string> {
  const writesBefore = writes;
  const stored = await caches.default.match(stockGenerationKey(sku));
  const value = stored ? await stored.text() : NONE;
  if (writes !== writesBefore) return memo.get(sku)?.value ?? value;
  memo.set(sku, { value, checkedAt: Date.now() });
  return value;
}

/** The generation of each SKU, each at most RECHECK_MS old (stale ones re-read, in parallel). */
export function stockGenerations(skus: readonly string[]): Promise<string[]> {
  const now = Date.now();
  return Promise.all(
    skus.map((sku) => {
      const known = memo.get(sku);
      return known && now - known.checkedAt < STOCK_GENERATION_RECHECK_MS ? known.value : read(sku);
    }),
  );
}

/** The same without waiting: undefined unless every SKU's generation was checked within `withinMs`. */
export function peekStockGenerations(skus: readonly string[], withinMs = STOCK_GENERATION_RECHECK_MS): string[] | undefined {
  const now = Date.now();
  const values: string[] = [];
  for (const sku of skus) {
    const known = memo.get(sku);
    if (!known || now - known.checkedAt >= withinMs) return undefined;
    values.push(known.value);
  }
  return values;
}

/** What a cached copy recorded about its stock: the SKUs it showed and their generations then. */
export interface StockDeps {
  skus: string[];
  gens: string[];
}

export const sameGenerations = (deps: StockDeps, current: readonly string[]) =>
  deps.gens.length === current.length && deps.gens.every((gen, i) => gen === current[i]);
