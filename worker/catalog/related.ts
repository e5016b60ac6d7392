import { and, desc, eq, ne, sql, type Placeholder } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import { products, variantOptions } from '../db/schema';
import type { Product } from './types';

const RELATED_LIMIT = 4;

/**
 * The product page's two catalog statements, for a caller's batch: the product's doc, and up to four
 * others from its category, those sharing the most option values (the same sizes and colours) first.
 */
export function productWithRelatedQueries(db: Db, slug: string | Placeholder) {
  const self = alias(products, 'self');
  const mine = alias(variantOptions, 'mine');
  const theirs = alias(variantOptions, 'theirs');
  const selfId = db.select({ id: self.id }).from(self).where(eq(self.slug, slug));
  const shared = db
    .select({ n: sql<number>`count(distinct ${theirs.name} || '=' || ${theirs.value})` })
    .from(theirs)
    .innerJoin(mine, and(eq(mine.name, theirs.name), eq(mine.value, theirs.value)))
    .where(and(eq(theirs.productId, products.id), eq(mine.productId, sql`(${selfId})`)));
  return [
    db.select({ doc: products.doc }).from(products).where(eq(products.slug, slug)),
    db
      .select({ doc: products.doc })
      .from(products)
      .where(
        and(
          eq(products.categoryId, sql`(${db.select({ categoryId: self.categoryId }).from(self).where(eq(self.slug, slug))})`),
          ne(products.slug, slug),
        ),
      )
      .orderBy(desc(sql`(${shared})`), desc(products.id))
      .limit(RELATED_LIMIT),
  ] as const;
}

/** What the two statements of `productWithRelatedQueries` read, as the product and its related ones. */
export function productWithRelatedOf(found: { doc: string | null }[], related: { doc: string | null }[]): { product: Product; related: Product[] } | null {
  const doc = found[0]?.doc;
  if (!doc) return null;
  return { product: JSON.parse(doc) as Product, related: related.flatMap((row) => (row.doc ? [JSON.parse(row.doc) as Product] : [])) };
}
