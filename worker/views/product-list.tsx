import type { BrowseFilters, Facets } from '../catalog/browse-query';
import type { Category, Product } from '../catalog/types';
import { ActiveFilters, activeFilterCount, BrowseFiltersForm, FiltersDisclosure, productListUrl } from './browse-filters';
import { ProductGrid } from './product-card';

export { productListUrl };

export interface ProductListPageProps {
  products: Product[];
  categories: Category[];
  filters: BrowseFilters;
  facets: Facets;
  /** Products matching the filters, over all pages. */
  total: number;
  /** 1-based page number. */
  page: number;
  pageCount: number;
}

/** The listing heading, also usable as the page `<title>`. */
export function productListHeading(q?: string, categoryNames: string[] = []): string {
  const where = categoryNames.join(', ');
  if (q && where) return `Results for “${q}” in ${where}`;
  if (q) return `Results for “${q}”`;
  return where || 'All products';
}

/** Page numbers to link: the first, the last, and two either side of the current one; null is a gap. */
export function pageWindow(page: number, pageCount: number): (number | null)[] {
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])]
    .filter((n) => n >= 1 && n <= pageCount)
    .sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1]! > 1 ? [null, n] : [n]));
}

function Pagination({ filters, page, pageCount }: { filters: BrowseFilters; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pagination">
      {page > 1 ? (
        <a href={productListUrl(filters, page - 1)} rel="prev">
          ← Previous
        </a>
      ) : null}
      <ol class="pages" role="list">
        {pageWindow(page, pageCount).map((n) =>
          n === null ? (
            <li aria-hidden="true">…</li>
          ) : (
            <li>
              <a href={productListUrl(filters, n)} aria-current={n === page ? 'page' : undefined} aria-label={`Page ${n}`}>
                {n}
              </a>
            </li>
          ),
        )}
      </ol>
      {page < pageCount ? (
        <a href={productListUrl(filters, page + 1)} rel="next">
          Next →
        </a>
      ) : null}
    </nav>
  );
}

/** Listing and search results: filters and sort (one GET form), result count, numbered pagination. */
export function ProductListPage(props: ProductListPageProps) {
  const { filters } = props;
  const q = filters.q?.trim() || undefined;
  const selected = props.categories.filter((c) => filters.category.includes(c.slug));
  const only = selected.length === 1 ? selected[0] : undefined;
  const heading = productListHeading(q, selected.map((c) => c.name));
  const noun = props.total === 1 ? 'product' : 'products';
  return (
    <>
      <header class="page-head">
        <h1>{heading}</h1>
        {only && !q ? <p class="lede">{only.description}</p> : null}
        <p class="muted result-count" role="status">
          {props.total} {noun}
          {props.pageCount > 1 ? ` · page ${props.page} of ${props.pageCount}` : ''}
        </p>
      </header>

      <div class="listing">
        <aside class="filters">
          <FiltersDisclosure active={activeFilterCount(filters, props.categories)}>
            <BrowseFiltersForm filters={filters} facets={props.facets} categories={props.categories} />
            <form class="search" role="search" method="get" action="/products">
              <label for="list-search">{only ? `Search ${only.name}` : 'Search all products'}</label>
              <input id="list-search" type="search" name="q" value={q ?? ''} />
              {filters.category.map((slug) => (
                <input type="hidden" name="category" value={slug} />
              ))}
              <button type="submit">Search</button>
            </form>
          </FiltersDisclosure>
        </aside>

        <section class="results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden">
            Products
          </h2>
          <ActiveFilters filters={filters} categories={props.categories} />
          {props.products.length > 0 ? (
            <ProductGrid products={props.products} level={3} eagerCount={4} />
          ) : (
            <div class="empty">
              <p>{q ? <>No products match “{q}” with these filters.</> : 'No products match these filters.'}</p>
              <p>
                Try removing a filter, or <a href="/products">browse all products</a>.
              </p>
            </div>
          )}
          <Pagination filters={filters} page={props.page} pageCount={props.pageCount} />
        </section>
      </div>
    </>
  );
}
