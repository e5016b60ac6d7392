import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { database } from '../db/client';
import { queryPlan } from '../../test/query-plan';
import { productWithRelatedQueries } from './related';

/**
 * SQLite's plan for the product page's related-products ranking. Each candidate's options shared with
 * the product are counted per candidate; read through `variant_options_product_idx` that is a few
 * index lookups, while a scan of `variant_options` per candidate cost 5.7 ms of the page's ~6.6 ms of
 * CPU on the demo catalog (bench/RESULTS.md, 2026-12-03).
 */
describe('related products query plan', () => {
  it('reads variant_options by product, never scanning it', async () => {
    const [, related] = productWithRelatedQueries(database(env.DB), 'any-slug');
    const details = await queryPlan(related);
    expect(details.filter((d) => /variant_options|theirs|mine/.test(d))).toEqual([
      expect.stringMatching(/^SEARCH theirs USING COVERING INDEX variant_options_product_idx \(product_id=\?\)$/),
      expect.stringMatching(/^SEARCH mine USING COVERING INDEX variant_options_product_idx \(product_id=\? AND name=\? AND value=\?\)$/),
    ]);
    expect(details.some((d) => /^SCAN (theirs|mine)/.test(d))).toBe(false);
  });
});
