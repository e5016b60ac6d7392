import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { products } from '../db/schema';
import { productsFts } from '../db/search-index';
import { toFtsQuery } from '../catalog/search-query';

/** The contract's cap on suggestions per answer. */
export const MAX_SUGGESTIONS = 8;

export interface Suggestion {
  title: string;
  slug: string;
  /** The key of the product's first image in `MEDIA`, or null when it has none. */
  imageKey: string | null;
}

/**
 * Products whose title has a word starting with each word of `text`, best title match first.
 * The FTS5 column filter keeps description-only matches out (a suggestion shows only the title, so a
 * match the shopper cannot see would look wrong); the `prefix='2 3 4'` index makes short prefixes
 * index lookups. Returns [] when nothing searchable is left of `text`.
 *
 * @example
 * await suggestProducts(db, 'hoo') // => [{ title: 'Classic Hoodie', slug: 'classic-hoodie', imageKey: '…' }, …]
 */
export async function suggestProducts(db: Db, text: string): Promise<Suggestion[]> {
  const match = toFtsQuery(text);
  if (!match) return [];
  return db
    .select({
      title: products.title,
      slug: products.slug,
      imageKey: sql<string | null>`json_extract(${products.doc}, '$.images[0].key')`,
    })
    .from(productsFts)
    .innerJoin(products, eq(products.id, productsFts.rowid))
    .where(sql`${productsFts} match ${`{title} : (${match})`}`)
    .orderBy(sql`bm25(${productsFts})`, asc(productsFts.rowid))
    .limit(MAX_SUGGESTIONS);
}
