import { Hono, type Context } from 'hono';
import type { EdgeCacheOptions } from '../cache/edge-cache';
import { edgeCache } from '../cache/edge-cache';
import { listCategories } from '../catalog/categories';
import { findProductBySlug, listFeatured, listProducts } from '../catalog/products';
import { pageQuerySchema, slugSchema } from '../catalog/schemas';
import { chooseVariant, variantQuery } from '../catalog/variant-choice';
import { catalogVersion } from '../catalog/version';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { HomePage } from '../views/home';
import { productJsonLd } from '../views/json-ld';
import { Layout } from '../views/layout';
import { NotFoundPage } from '../views/not-found';
import { PRODUCT_DETAIL_SCRIPTS, ProductDetailPage } from '../views/product-detail';
import { ProductListPage } from '../views/product-list';
import { imageUrl } from '../views/format';

const PAGE_SIZE = 24;

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
      validate('query', pageQuerySchema),
      edgeCache({ dispatch, query: ['q', 'category', 'page'] }),
      async (c) => {
        const { q, category, page } = c.req.valid('query');
        const db = database(c.env.DB);
        const version = await catalogVersion(c.env.CONFIG, c.executionCtx);
        const [result, categories] = await Promise.all([
          listProducts(db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, q, category }),
          listCategories(db, version),
        ]);
        const current = categories.find((cat) => cat.slug === category);
        const heading = q ? `Search results for “${q}”` : (current?.name ?? 'All products');
        const canonical = new URL('/products', c.req.url);
        if (category) canonical.searchParams.set('category', category);
        if (page > 1) canonical.searchParams.set('page', String(page));
        return c.html(
          <Layout
            title={heading}
            description={current?.description || 'Browse the Edgefront catalog.'}
            canonical={canonical.toString()}
            q={q}
          >
            <ProductListPage
              products={result.items}
              categories={categories}
              category={category}
              q={q}
              page={page}
              hasNext={result.nextCursor !== null}
            />
          </Layout>,
        );
      },
    )
    .get('/products/:slug', edgeCache({ dispatch, query: variantQuery }), async (c) => {
      const slug = slugSchema.safeParse(c.req.param('slug'));
      const product = slug.success ? await findProductBySlug(database(c.env.DB), slug.data) : null;
      if (!product) return renderNotFound(c);
      const choice = chooseVariant(product.variants, variantQuery(new URL(c.req.url)));
      // A choice the product does not have is shown as the nearest one it does, but not stored: the
      // cache holds one page per real combination, whatever a visitor types into the query.
      if (choice && !choice.exact) c.header('cache-control', 'no-store');
      const base = origin(c);
      const url = `${base}/products/${product.slug}`;
      const image = product.images[0];
      return c.html(
        <Layout
          title={product.title}
          description={product.description.slice(0, 160)}
          canonical={url}
          ogType="product"
          ogImage={image ? base + imageUrl(image.key, { w: 1200 }) : undefined}
          jsonLd={productJsonLd(product, url, base)}
          scripts={PRODUCT_DETAIL_SCRIPTS}
        >
          <ProductDetailPage product={product} choice={choice} stockSrc="/api/stock" />
        </Layout>,
      );
    });
