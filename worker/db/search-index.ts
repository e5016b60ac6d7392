import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The FTS5 index `products_fts`, described to Drizzle only so queries over it are built, not spliced
 * by hand. It is created (as a virtual table with sync triggers) by migrations/0001_search.sql; this
 * file is deliberately outside drizzle.config.ts's schema so drizzle-kit never emits a CREATE TABLE.
 */
export const productsFts = sqliteTable('products_fts', {
  rowid: integer('rowid').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
});
