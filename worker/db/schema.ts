import { relations, sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { STOCK_BANDS } from '../stock/bands';

/**
 * The catalog. D1 owns products, variants, prices, categories and image keys; stock lives in the
 * per-SKU `InventoryCounter` Durable Objects, so there is deliberately no stock column here.
 */

const timestamps = {
  createdAt: integer('created_at', { mode: 'number' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
  updatedAt: integer('updated_at', { mode: 'number' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
};

export const categories = sqliteTable('categories', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
});

export const products = sqliteTable(
  'products',
  {
    // AUTOINCREMENT: ids are never reused, so the keyset cursor (`id < ?`) stays stable when products
    // are deleted and inserted during a walk.
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    featured: integer('featured', { mode: 'boolean' }).notNull().default(false),
    /**
     * The product as the shopper API answers it (`Product` JSON), maintained by triggers from the
     * `product_docs` view (migrations/0003_product_docs.sql) whenever the product, its variants, images
     * or category change. Reads fetch this one column instead of assembling JSON per request.
     */
    doc: text('doc'),
    ...timestamps,
  },
  (t) => [index('products_category_id_idx').on(t.categoryId, t.id)],
);

export type VariantOptions = Record<string, string>;

export const variants = sqliteTable(
  'variants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    title: text('title').notNull(),
    options: text('options', { mode: 'json' }).$type<VariantOptions>().notNull(),
    // Integer minor units (cents); never a float.
    price: integer('price').notNull(),
    currency: text('currency').notNull().default('usd'),
    /** Weight of one unit in grams, for shipping by weight. */
    weightGrams: integer('weight_grams').notNull().default(0),
    position: integer('position').notNull().default(0),
    /**
     * A hint, not a count: whether the SKU's `InventoryCounter` last reported units available, written
     * when an admin sets stock and, through the stock feed's hint queue, whenever the SKU sells out or
     * comes back (docs/inventory.md). It only narrows the "in stock" facet; the product
     * page's live stock and checkout's reservation ask the counter itself.
     */
    // An SQL default is written inline, so bulk inserts bind no parameter for it (D1 binds at most 100).
    inStockHint: integer('in_stock_hint', { mode: 'boolean' }).notNull().default(sql`false`),
    /**
     * The SKU's stock feed version that last wrote `inStockHint` (durable-objects/stock-feed.ts), so a
     * queued older word never overwrites a newer one. 0: written by an admin stock write or the seed.
     */
    stockHintVersion: integer('stock_hint_version').notNull().default(sql`0`),
    /**
     * The SKU's stock band (in / low / out, worker/stock/bands.ts) as of `stockHintVersion`, written
     * through the same hint queue whenever the band changes. The product page renders from it when it
     * is at least as new as the SKU's page generation, and asks the counter otherwise (pages.tsx).
     * Null: no band has been published since the row was written.
     */
    stockBand: text('stock_band', { enum: STOCK_BANDS }),
  },
  (t) => [
    uniqueIndex('variants_sku_unique').on(t.sku),
    index('variants_product_id_idx').on(t.productId, t.position),
    check('variants_price_non_negative', sql`${t.price} >= 0`),
  ],
);

/**
 * One row per (variant, option), derived from `variants.options` by triggers
 * (migrations/0008_variant_option_triggers.sql) so facet filters and counts use an index instead of
 * parsing JSON per row. Never written by application code.
 */
export const variantOptions = sqliteTable(
  'variant_options',
  {
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    productId: integer('product_id').notNull(),
    name: text('name').notNull(),
    value: text('value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.name] }),
    index('variant_options_name_value_idx').on(t.name, t.value, t.productId),
    // A product's own options, for the related-products ranking (worker/catalog/related.ts), which
    // counts each candidate's options shared with the product: without it each candidate scanned the
    // whole table (5.7 ms of SQLite per uncached product page on the demo catalog, 0.27 ms with it).
    index('variant_options_product_idx').on(t.productId, t.name, t.value),
  ],
);

export const productImages = sqliteTable(
  'product_images',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    // Object key in the R2 bucket `MEDIA`.
    key: text('key').notNull(),
    alt: text('alt').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** The `color` option value this image shows (the gallery follows the chosen colour); null: any. */
    color: text('color'),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('product_images_product_id_idx').on(t.productId, t.position)],
);

export const categoriesRelations = relations(categories, ({ many }) => ({ products: many(products) }));

export const productsRelations = relations(products, ({ one, many }) => ({
  category: one(categories, { fields: [products.categoryId], references: [categories.id] }),
  variants: many(variants),
  images: many(productImages),
}));

export const variantsRelations = relations(variants, ({ one }) => ({
  product: one(products, { fields: [variants.productId], references: [products.id] }),
}));

export const productImagesRelations = relations(productImages, ({ one }) => ({
  product: one(products, { fields: [productImages.productId], references: [products.id] }),
}));

export * from './orders-schema';
export * from './pricing-schema';
export * from './telemetry-schema';
export * from './drops-schema';
