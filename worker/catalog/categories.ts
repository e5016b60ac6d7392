import { asc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { categories } from '../db/schema';
import type { Category } from './types';

/**
 * Categories change only with the catalog, so each isolate keeps them per catalog version: pages that
 * show the category list still cost one D1 round trip, not two. (The resolved list is kept, never a
 * pending promise: Workers forbid sharing in-flight I/O between requests.)
 */
let memo: { version: string; list: Category[] } | undefined;

export async function listCategories(db: Db, version: string): Promise<Category[]> {
  if (memo?.version === version) return memo.list;
  const list = await db
    .select({ slug: categories.slug, name: categories.name, description: categories.description })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.name));
  memo = { version, list };
  return list;
}
