// Set-up the cart benches share: many shoppers filling their carts, bounded.
import { pool } from '../../scripts/lib/pool.mjs';
import { bounded } from './bench.mjs';

/**
 * Every shopper adds `sku` to their cart, `concurrency` at a time, bounded by `timeoutMs` (`what`
 * names it in the timeout error). This is set-up, not measured: a connection-level failure (status 0)
 * is retried, up to twice, each retry told to `onRetry(failedAnswer)`. Returns { adds, retries }.
 */
export async function addAllToCart(shoppers, sku, { concurrency, timeoutMs, what, onRetry = undefined }) {
  let retries = 0;
  const addOnce = async (i) => {
    let r = await shoppers[i].addToCart(sku);
    for (let k = 0; k < 2 && r.status === 0; k++) {
      retries++;
      onRetry?.(r);
      r = await shoppers[i].addToCart(sku);
    }
    return r;
  };
  const adds = await bounded(what, timeoutMs, () => pool(shoppers.length, concurrency, addOnce));
  return { adds, retries };
}
