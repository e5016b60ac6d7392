import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { productWithRelatedQueries } from '../worker/catalog/related';
import { database } from '../worker/db/client';
import { preparedBatch } from '../worker/db/prepared-batch';
import { dropRowsOfProductQuery } from '../worker/drops/drop-store';
import { recordedBandsQuery } from '../worker/stock/recorded-bands';
import { seedCatalog } from './helpers';

/** The product page's batch, built once: the same rows as drizzle's own `db.batch`, for every slug. */
const pageBatch = preparedBatch((db) => {
  const slug = sql.placeholder('slug');
  return [...productWithRelatedQueries(db, slug), dropRowsOfProductQuery(db, slug), recordedBandsQuery(db, slug)] as const;
});

let slugs: string[] = [];
beforeAll(async () => {
  slugs = (await seedCatalog(12)).products.map((p) => p.slug);
});

describe('preparedBatch', () => {
  it('answers what db.batch answers, slug after slug, with each call’s own values', async () => {
    const db = database(env.DB);
    for (const slug of [...slugs.slice(0, 4), 'no-such-product', slugs[0]!]) {
      const direct = await db.batch([...productWithRelatedQueries(db, slug), dropRowsOfProductQuery(db, slug), recordedBandsQuery(db, slug)]);
      const prepared = await pageBatch(env.DB, { slug });
      expect(prepared).toEqual(direct);
      if (slug !== 'no-such-product') expect(JSON.parse(prepared[0][0]!.doc!).slug).toBe(slug);
    }
  });

  it('answers concurrent calls with their own rows', async () => {
    const answers = await Promise.all(slugs.map((slug) => pageBatch(env.DB, { slug })));
    expect(answers.map(([found]) => JSON.parse(found[0]!.doc!).slug)).toEqual(slugs);
  });
});
