import { sql } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { EdgeCacheOptions } from '../cache/edge-cache';
import { edgeCache } from '../cache/edge-cache';
import { listCategories } from '../catalog/categories';
import { browseProducts } from '../catalog/browse';
import { FACET_NAMES } from '../catalog/browse-query';
import { listFeatured } from '../catalog/products';
import { productWithRelatedOf, productWithRelatedQueries } from '../catalog/related';
import type { Product } from '../catalog/types';
import { pageQuerySchema, slugSchema } from '../catalog/schemas';
import { chooseVariant, variantQuery } from '../catalog/variant-choice';
import { catalogVersion } from '../catalog/version';
import { database } from '../db/client';
import { preparedBatch } from '../db/prepared-batch';
import { dropRowsOfProductQuery, dropsOfRows } from '../drops/drop-store';
import { learnStockLayout } from '../inventory/stock-layout';
import type { Drop } from '../drops/schemas';
import { DROP_ROOM_SCRIPTS } from '../views/drop-room';
import type { AppEnv } from '../http/app-env';
import { HomePage } from '../views/home';
import { productJsonLd } from '../views/json-ld';
import { Layout } from '../views/layout';
import { NotFoundPage } from '../views/not-found';
import { PRODUCT_DETAIL_SCRIPTS, ProductDetailPage } from '../views/product-detail';
import { RelatedProducts } from '../views/related-products';
import { ProductListPage, productListHeading, productListUrl } from '../views/product-list';
import { renderListingError, validatePageQuery } from './listing-errors';
import { imageUrl } from '../views/format';
import { stockGenerations } from '../cache/stock-generation';
import { stockLevels } from '../cart/stock';
import { stockBand, type StockBand } from '../stock/bands';
import { recordedBandsQuery, usableBands, type RecordedBandRow } from '../stock/recorded-bands';

const PAGE_SIZE = 24;
/** What changes a listing page; the edge-cache key normalises their values (repeats are a set). */
const LISTING_PAGE_PARAMS = ['q', 'page', 'sort', 'minPrice', 'maxPrice', ...FACET_NAMES] as const;

const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export function renderNotFound(c: Context<AppEnv>) {
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout title="Page not found" description="That page does not exist." canonical={`${origin(c)}/`}>
      <NotFoundPage path={c.req.path} />
    </Layout>,
    404,
  );
}

/**
 * Each variant's stock band, for the page's HTML: the band D1 recorded where it is at least as new as
 * the SKU's page generation, else the counter's answer (recorded-bands.ts). The generations are read
 * *before* the counters, so a band change after this read always leaves the stored copy disagreeing
 * with the current generation (worker/cache/stock-generation.ts). Counters unreachable: no bands, and
 * the page is not stored, so the copy never misses what it should say.
 */
async function stockBandsOf(c: Context<AppEnv>, product: Product, recorded: readonly RecordedBandRow[]): Promise<Map<string, StockBand> | undefined> {
  const skus = product.variants.map((v) => v.sku);
  if (skus.length === 0) return undefined;
  const gens = await stockGenerations(skus);
  const known = usableBands(skus, gens, recorded);
  const ask = skus.filter((_, i) => known[i] === undefined);
  try {
    const levels = ask.length === 0 ? [] : await stockLevels(c.env, ask);
    c.set('stockDeps', { skus, gens });
    const bands = new Map<string, StockBand>();
    skus.forEach((sku, i) => known[i] && bands.set(sku, known[i]));
    for (const level of levels) bands.set(level.sku, stockBand(level.available));
    return bands;
  } catch (err) {
    console.warn(JSON.stringify({ msg: 'stock bands unavailable', slug: product.slug, error: String(err).slice(0, 200) }));
    c.header('cache-control', 'no-store');
    return undefined;
  }
}

/**
 * Everything the product page reads from D1, in one round trip: the product, its related products,
 * the drops its SKUs belong to and the stock bands D1 recorded for them. The drops also tell which
 * SKUs are sharded, so asking a counter for a band needs no second read of `drop_skus` (stock-layout.ts).
 */
const productPageBatch = preparedBatch((db) => {
  const slug = sql.placeholder('slug');
  return [...productWithRelatedQueries(db, slug), dropRowsOfProductQuery(db, slug), recordedBandsQuery(db, slug)] as const;
});

async function productPageData(d1: D1Database, slug: string) {
  const [found, related, dropRows, recorded] = await productPageBatch(d1, { slug });
  const page = productWithRelatedOf(found, related);
  if (!page) return null;
  const dropOf: Map<string, Drop> = dropsOfRows(dropRows);
  learnStockLayout(page.product.variants.map((v) => v.sku), new Set(dropOf.keys()));
  return { ...page, dropOf, recorded };
}

/** Server-rendered shopper pages, each edge-cached and costing at most one D1 round trip on a miss. */
export const pages = (dispatch: EdgeCacheOptions['dispatch']) =>
  new Hono<AppEnv>()
    .get('/', edgeCache({ dispatch }), async (c) => {
      const db = database(c.env.DB);
      const version = await catalogVersion(c.env.CONFIG, c.executionCtx);
      const [featured, categories] = await Promise.all([listFeatured(db), listCategories(db, version)]);
      const hero = c.get('experiments')?.['hero'] ?? 'control';
      return c.html(
        <Layout
          title="Clothing and gear, served from the edge"
          description="Outerwear, knitwear, bags and more, rendered at the edge near you."
          canonical={`${origin(c)}/`}
          ogType="website"
        >
          <HomePage featured={featured} categories={categories} hero={{ variant: hero }} />
        </Layout>,
      );
    })
    .get(
      '/products',
      validatePageQuery(pageQuerySchema),
      edgeCache({ dispatch, query: LISTING_PAGE_PARAMS }),
      async (c) => {
        const { page, ...filters } = c.req.valid('query');
        const db = database(c.env.DB);
        const version = await catalogVersion(c.env.CONFIG, c.executionCtx);
        const [result, categories] = await Promise.all([
          browseProducts(db, { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
          listCategories(db, version),
        ]);
        const unknown = filters.category.filter((slug) => !categories.some((cat) => cat.slug === slug));
        if (unknown.length > 0) {
          return renderListingError(c, 404, {
            title: 'Category not found',
            message: `There is no category “${unknown[0]}”.`,
            links: [
              { href: productListUrl({ ...filters, category: filters.category.filter((s) => !unknown.includes(s)) }), label: 'Show the listing without it' },
              ...categories.slice(0, 6).map((cat) => ({ href: productListUrl({ category: [cat.slug] }), label: cat.name })),
            ],
          });
        }
        const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
        if (page > pageCount) {
          return renderListingError(c, 404, {
            title: 'Page not found',
            message: `This listing has ${pageCount} ${pageCount === 1 ? 'page' : 'pages'}; there is no page ${page}.`,
            links: [
              { href: productListUrl(filters, pageCount), label: `Go to page ${pageCount}` },
              { href: productListUrl(filters), label: 'Go to the first page' },
            ],
          });
        }
        const selected = categories.filter((cat) => filters.category.includes(cat.slug));
        const heading = productListHeading(filters.q?.trim(), selected.map((cat) => cat.name));
        return c.html(
          <Layout
            title={heading}
            description={(selected.length === 1 && selected[0]?.description) || 'Browse the Edgefront catalog.'}
            canonical={new URL(productListUrl(filters, page), c.req.url).toString()}
            q={filters.q}
          >
            <ProductListPage
              products={result.docs.map((doc) => JSON.parse(doc) as Product)}
              categories={categories}
              filters={filters}
              facets={result.facets}
              total={result.total}
              page={page}
              pageCount={pageCount}
            />
          </Layout>,
        );
      },
    )
    .get('/products/:slug', edgeCache({ dispatch, query: variantQuery }), async (c) => {
      const slug = slugSchema.safeParse(c.req.param('slug'));
      const found = slug.success ? await productPageData(c.env.DB, slug.data) : null;
      if (!found) return renderNotFound(c);
      const { product, related, dropOf, recorded } = found;
      const stock = await stockBandsOf(c, product, recorded);
      const choice = chooseVariant(product.variants, variantQuery(new URL(c.req.url)));
      // A choice the product does not have is shown as the nearest one it does, but not stored: the
      // cache holds one page per real combination, whatever a visitor types into the query.
      if (choice && !choice.exact) c.header('cache-control', 'no-store');
      const base = origin(c);
      const url = `${base}/products/${product.slug}`;
      const image = product.images[0];
      // Cached with the page: drop writes bump the catalog version, and the countdown runs client-side.
      const drop = (choice ? dropOf.get(choice.variant.sku) : undefined) ?? [...dropOf.values()][0] ?? null;
      return c.html(
        <Layout
          title={product.title}
          description={product.description.slice(0, 160)}
          canonical={url}
          ogType="product"
          ogImage={image ? base + imageUrl(image.key, { w: 1200 }) : undefined}
          jsonLd={productJsonLd(product, url, base)}
          scripts={drop ? [...PRODUCT_DETAIL_SCRIPTS, ...DROP_ROOM_SCRIPTS] : PRODUCT_DETAIL_SCRIPTS}
        >
          <ProductDetailPage product={product} choice={choice} stockSrc="/api/stock" liveSrc="/api/stock/live" bands={stock} drop={drop} />
          <RelatedProducts products={related} />
        </Layout>,
      );
    });
