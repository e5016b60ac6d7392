import { browseSearchParams, type BrowseFilters, type FacetCount, type Facets, type Sort } from '../catalog/browse-query';
import type { Category } from '../catalog/types';
import type { Child } from 'hono/jsx';
import { formatMoney } from './format';

/**
 * The listing's filters as one GET form (checkboxes, selects, a submit button), so facets work without
 * JavaScript and every combination is a plain, cacheable, shareable URL.
 */

export const SORT_LABELS: Record<Sort, string> = {
  relevance: 'Relevance',
  newest: 'Newest',
  price_asc: 'Price: low to high',
  price_desc: 'Price: high to low',
};

/** Price bounds offered in the form, in minor units; any other bound still works from a URL. */
const PRICE_STEPS = [2500, 5000, 10_000, 20_000];

/** URL of a listing page; defaults, empty parameters and page 1 are left out so URLs stay canonical. */
export function productListUrl(filters: Partial<BrowseFilters>, page = 1): string {
  const qs = browseSearchParams(filters, page).toString();
  return qs ? `/products?${qs}` : '/products';
}

interface GroupProps {
  name: 'category' | 'size' | 'colour';
  legend: string;
  values: FacetCount[];
  selected: string[];
  label?: (value: string) => string;
  open?: boolean;
}

function CheckboxGroup({ name, legend, values, selected, label, open }: GroupProps) {
  if (values.length === 0) return null;
  return (
    <details class="facet" open={open || selected.length > 0}>
      <summary>
        {legend}
        {selected.length > 0 ? <span class="facet-count"> ({selected.length})</span> : null}
      </summary>
      <fieldset>
        <legend class="visually-hidden">{legend}</legend>
        <ul class={`facet-values facet-${name}`} role="list">
          {values.map(({ value, count }) => (
            <li>
              <label class={count === 0 ? 'is-empty' : undefined}>
                <input type="checkbox" name={name} value={value} checked={selected.includes(value)} />
                <span>{label ? label(value) : value}</span>
                <span class="muted"> {count}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </details>
  );
}

/** Selected values stay listed (count 0) even when the other filters leave nothing of them. */
const withSelected = (values: FacetCount[], selected: string[]): FacetCount[] => [
  ...values,
  ...selected.filter((s) => !values.some((v) => v.value === s)).map((value) => ({ value, count: 0 })),
];

function PriceSelect({ name, value, label }: { name: 'minPrice' | 'maxPrice'; value?: number | undefined; label: string }) {
  const steps = value !== undefined && !PRICE_STEPS.includes(value) ? [...PRICE_STEPS, value].sort((a, b) => a - b) : PRICE_STEPS;
  return (
    <label>
      <span>{label}</span>
      <select name={name}>
        <option value="">Any</option>
        {steps.map((step) => (
          <option value={String(step)} selected={step === value}>
            {formatMoney({ amount: step, currency: 'usd' })}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface BrowseFiltersFormProps {
  filters: BrowseFilters;
  facets: Facets;
  categories: Category[];
}

/**
 * The filters (and the listing's own search) in a "Filter and sort" disclosure: collapsed above the
 * products on a phone, with the number of active filters on it; on a wide screen the CSS shows its
 * content whether or not it is open (`::details-content`), and site.js opens it there so its state
 * says so too. A `<details>`, so it works without JavaScript.
 */
export function FiltersDisclosure({ active, children }: { active: number; children: Child }) {
  return (
    <details class="filters-disclosure" data-filters-disclosure>
      <summary>
        <h2 id="filter-title" class="filters-title">
          Filter and sort
        </h2>
        {active > 0 ? (
          <span class="filter-count">
            {active} <span class="visually-hidden">{active === 1 ? 'filter' : 'filters'}</span> active
          </span>
        ) : null}
      </summary>
      <div class="filters-body">{children}</div>
    </details>
  );
}

export function BrowseFiltersForm({ filters, facets, categories }: BrowseFiltersFormProps) {
  const byCategory = new Map(facets.category.map((f) => [f.value, f.count]));
  const categoryValues = categories.map((c) => ({ value: c.slug, count: byCategory.get(c.slug) ?? 0 }));
  const names = new Map(categories.map((c) => [c.slug, c.name]));
  const inStockCount = facets.inStock[0]?.count ?? 0;
  const priced = filters.minPrice !== undefined || filters.maxPrice !== undefined;
  return (
    <form class="browse-filters" method="get" action="/products" aria-labelledby="filter-title">
      {filters.q ? <input type="hidden" name="q" value={filters.q} /> : null}
      <label class="sort">
        <span>Sort by</span>
        <select name="sort">
          {(Object.keys(SORT_LABELS) as Sort[]).map((sort) => (
            <option value={sort} selected={sort === filters.sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </label>
      <CheckboxGroup
        name="category"
        legend="Category"
        values={categoryValues}
        selected={filters.category}
        label={(slug) => names.get(slug) ?? slug}
        open
      />
      <CheckboxGroup name="size" legend="Size" values={withSelected(facets.size, filters.size)} selected={filters.size} />
      <CheckboxGroup name="colour" legend="Colour" values={withSelected(facets.colour, filters.colour)} selected={filters.colour} />
      <details class="facet" open={priced}>
        <summary>Price</summary>
        <fieldset class="price-range">
          <legend class="visually-hidden">Price</legend>
          <PriceSelect name="minPrice" value={filters.minPrice} label="From" />
          <PriceSelect name="maxPrice" value={filters.maxPrice} label="To" />
        </fieldset>
      </details>
      <label class="in-stock">
        <input type="checkbox" name="inStock" value="1" checked={filters.inStock} />
        <span>In stock only</span>
        <span class="muted"> {inStockCount}</span>
      </label>
      <button type="submit">Show results</button>
    </form>
  );
}

interface Chip {
  label: string;
  href: string;
}

/** One removable chip per active filter (sort is a choice, not a filter), each a link without it. */
function activeChips(filters: BrowseFilters, categories: Category[]): Chip[] {
  const names = new Map(categories.map((c) => [c.slug, c.name]));
  const chips: Chip[] = [];
  for (const name of ['category', 'size', 'colour'] as const) {
    for (const value of filters[name]) {
      const rest = { ...filters, [name]: filters[name].filter((v) => v !== value) };
      chips.push({ label: name === 'category' ? (names.get(value) ?? value) : value, href: productListUrl(rest) });
    }
  }
  const money = (amount: number) => formatMoney({ amount, currency: 'usd' });
  if (filters.minPrice !== undefined) chips.push({ label: `From ${money(filters.minPrice)}`, href: productListUrl({ ...filters, minPrice: undefined }) });
  if (filters.maxPrice !== undefined) chips.push({ label: `To ${money(filters.maxPrice)}`, href: productListUrl({ ...filters, maxPrice: undefined }) });
  if (filters.inStock) chips.push({ label: 'In stock', href: productListUrl({ ...filters, inStock: false }) });
  return chips;
}

/** How many filters are on: the number the phone's "Filter and sort" disclosure shows. */
export const activeFilterCount = (filters: BrowseFilters, categories: Category[]) => activeChips(filters, categories).length;

export function ActiveFilters({ filters, categories }: { filters: BrowseFilters; categories: Category[] }) {
  const chips = activeChips(filters, categories);
  if (chips.length === 0) return null;
  return (
    <ul class="active-filters" role="list" aria-label="Active filters">
      {chips.map((chip) => (
        <li>
          <a href={chip.href} aria-label={`Remove filter ${chip.label}`}>
            {chip.label} <span aria-hidden="true">×</span>
          </a>
        </li>
      ))}
      <li>
        <a class="clear" href={productListUrl({ q: filters.q, sort: filters.sort })}>
          Clear all
        </a>
      </li>
    </ul>
  );
}
