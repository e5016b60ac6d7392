import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { database } from '../db/client';
import { browseStatements } from './browse';
import type { BrowseQuery } from './browse-query';
import { queryPlan } from '../../test/query-plan';

/**
 * SQLite's plans for a faceted listing's batch. The option filters drive each statement through the
 * `(name, value)` index and reach the other options of the same variant by primary key; no statement
 * runs a correlated subquery over `variant_options` per product or per row, which made each of the
 * six statements walk the catalog (4.9 ms of SQLite per uncached faceted listing on the demo catalog,
 * 0.6 ms this way: bench/RESULTS.md, 2026-12-03).
 */
const base: BrowseQuery = { sort: 'price_asc', category: [], size: [], colour: [], inStock: false, limit: 24, offset: 0 };

const plans = (query: BrowseQuery) => Promise.all(browseStatements(database(env.DB), query, null).map(queryPlan));

describe('faceted listing query plans', () => {
  const cases: [string, BrowseQuery][] = [
    ['size and colour', { ...base, size: ['M'], colour: ['Navy'] }],
    ['size, colour and in stock', { ...base, size: ['M', 'L'], colour: ['Navy'], inStock: true }],
    ['colour and a category', { ...base, colour: ['Navy', 'Black'], category: ['hoodies'] }],
  ];
  for (const [name, query] of cases) {
    it(`${name}: no correlated subquery over variant_options, no scan of it`, async () => {
      const all = await plans(query);
      for (const details of all) {
        const text = details.join('\n');
        expect(text).not.toMatch(/SCAN (o_size|o_colour|fo|variant_options)\b/);
        expect(text).not.toMatch(/CORRELATED SCALAR SUBQUERY[\s\S]*SEARCH (o_size|o_colour) /);
      }
      // The page itself: the products of the variants the filters select, by the (name, value) index.
      expect(all[0]!.join('\n')).toMatch(/SEARCH (o_size|o_colour) USING (COVERING )?INDEX variant_options_name_value_idx \(name=\? AND value=\?\)/);
    });
  }
});

describe('search listing query plan', () => {
  it('ranks by bm25 over one FTS pass, not a MATCH per matching product', async () => {
    const [items] = browseStatements(database(env.DB), { ...base, sort: 'relevance', q: 'hoodie' }, '"hoodie"*');
    const details = await queryPlan(items);
    expect(details.filter((d) => d.includes('products_fts'))).toEqual([expect.stringMatching(/^SCAN products_fts VIRTUAL TABLE INDEX/)]);
    expect(details.join('\n')).not.toMatch(/CORRELATED/);
  });
});
