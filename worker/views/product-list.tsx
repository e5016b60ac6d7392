import type { Category, Product } from '../catalog/types';
import { ProductGrid } from './product-card';

export interface ProductListPageProps {
  products: Product[];
  categories: Category[];
  /** Category slug being filtered on. */
  category?: string;
  q?: string;
  /** 1-based page number. */
  page: number;
  hasNext: boolean;
}

/** URL of a listing page; empty parameters and page 1 are left out so URLs stay canonical. */
export function productListUrl(params: { q?: string; category?: string; page?: number }): string {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.category) search.set('category', params.category);
  if (params.page && params.page > 1) search.set('page', String(params.page));
  const qs = search.toString();
  return qs ? `/products?${qs}` : '/products';
}

/** The listing heading, also usable as the page `<title>`. */
export function productListHeading(q?: string, categoryName?: string): string {
  if (q && categoryName) return `Results for “${q}” in ${categoryName}`;
  if (q) return `Results for “${q}”`;
  return categoryName ?? 'All products';
}

/** Listing and search results with a category filter and prev/next pagination. */
export function ProductListPage(props: ProductListPageProps) {
  const q = props.q?.trim() || undefined;
  const current = props.categories.find((c) => c.slug === props.category);
  const category = props.category || undefined;
  const heading = productListHeading(q, current?.name ?? category);
  return (
    <>
      <header class="page-head">
        <h1>{heading}</h1>
        {current && !q ? <p class="lede">{current.description}</p> : null}
        {props.page > 1 ? <p class="muted">Page {props.page}</p> : null}
      </header>

      <div class="listing">
        <aside class="filters">
          <nav aria-labelledby="filter-title">
            <h2 id="filter-title" class="filters-title">
              Categories
            </h2>
            <ul class="filter-list" role="list">
              <li>
                <a href={productListUrl({ q })} aria-current={category ? undefined : 'page'}>
                  All
                </a>
              </li>
              {props.categories.map((c) => (
                <li>
                  <a
                    href={productListUrl({ q, category: c.slug })}
                    aria-current={c.slug === category ? 'page' : undefined}
                  >
                    {c.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <form class="search" role="search" method="get" action="/products">
            <label for="list-search">{current ? `Search ${current.name}` : 'Search all products'}</label>
            <input id="list-search" type="search" name="q" value={q ?? ''} />
            {category ? <input type="hidden" name="category" value={category} /> : null}
            <button type="submit">Search</button>
          </form>
        </aside>

        <section class="results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden">
            Products
          </h2>
          {props.products.length > 0 ? (
            <ProductGrid products={props.products} level={3} eagerCount={4} />
          ) : (
            <div class="empty">
              <p>
                {q ? <>No products match “{q}”{current ? ` in ${current.name}` : ''}.</> : 'No products here yet.'}
              </p>
              <p>
                Try a different word, or <a href="/products">browse all products</a>.
              </p>
            </div>
          )}

          {props.page > 1 || props.hasNext ? (
            <nav class="pagination" aria-label="Pagination">
              {props.page > 1 ? (
                <a href={productListUrl({ q, category, page: props.page - 1 })} rel="prev">
                  ← Previous page
                </a>
              ) : null}
              {props.hasNext ? (
                <a href={productListUrl({ q, category, page: props.page + 1 })} rel="next">
                  Next page →
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      </div>
    </>
  );
}
