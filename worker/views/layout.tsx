import { html, raw } from 'hono/html';
import { serializeJsonLd } from './json-ld';

/** Real-user vitals (public/js/rum.js), on every shopper page. */
const RUM_SCRIPT = '/js/rum.js';

export interface LayoutProps {
  title: string;
  description: string;
  /** Absolute URL of this page. */
  canonical: string;
  /** Absolute URL; crawlers ignore relative og:image values. */
  ogImage?: string;
  ogType?: 'website' | 'product';
  jsonLd?: object;
  /** Module script URLs; inline scripts are forbidden by the CSP. */
  scripts?: string[];
  /** Keeps the page out of search indexes (one shopper's cart, a checkout step): `<meta name="robots">`. */
  noindex?: boolean;
  /** Pre-fills the header search box on result pages. */
  q?: string;
  /** Reloads the page this often without JS (a `<noscript>` meta refresh: with JS the page polls instead). */
  refreshSeconds?: number;
  children: any;
}

const SITE_NAME = 'Edgefront';
/** Every page's enhancements: search suggestions, the cart count and drawer, add to cart in place. */
const SITE_SCRIPT = '/js/site.js';

/**
 * The document shell is a `hono/html` template rather than JSX: Hono's JSX treats `<head>`, `<meta>`,
 * `<link>`, `<title>` and `<script>` as components that can hoist themselves into the head (and after a
 * `<head>` every element looks up a namespace context): with the shell in JSX the renderer was ~21% of
 * an uncached product page's isolate samples, ~12.5% after (`npm run bench:profile -- page`,
 * bench/RESULTS.md). The template escapes every interpolated value the same way.
 * The header, identical on every page but search results, is rendered once per isolate.
 */
function SiteHeader({ q }: { q: string }) {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="wrap header-inner">
          <a class="brand" href="/">
            {SITE_NAME}
          </a>
          <nav aria-label="Main">
            <ul class="nav-list">
              <li>
                <a href="/">Home</a>
              </li>
              <li>
                <a href="/products">Shop</a>
              </li>
              <li>
                {/* The count is an island (/js/site.js asks GET /api/cart/count): this header is cached. */}
                <a href="/cart" class="cart-link" data-cart-link>
                  Cart <span class="cart-count" data-cart-count hidden></span>
                </a>
              </li>
            </ul>
          </nav>
          <form class="search" role="search" aria-label="Site" method="get" action="/products">
            <label for="site-search" class="visually-hidden">
              Search products
            </label>
            {/* /js/site.js turns this into a combobox with suggestions; without JS it is a plain GET form. */}
            <input id="site-search" type="search" name="q" value={q} placeholder="Search products" data-suggest="/api/search/suggest" />
            <button type="submit">Search</button>
          </form>
        </div>
      </header>
    </>
  );
}

/** The header of every page but search results (whose box shows the query). */
const PLAIN_HEADER = raw(String(<SiteHeader q="" />));

/**
 * The full HTML document around a page.
 * @example return c.html(<Layout title="Shop" description="…" canonical={url}>{page}</Layout>);
 */
export function Layout(props: LayoutProps) {
  const fullTitle = props.title === SITE_NAME ? SITE_NAME : `${props.title} · ${SITE_NAME}`;
  const ogImage = props.ogImage ? html`<meta property="og:image" content="${props.ogImage}"/>` : '';
  const refresh = props.refreshSeconds ? html`<noscript><meta http-equiv="refresh" content="${String(props.refreshSeconds)}"/></noscript>` : '';
  const robots = props.noindex ? html`<meta name="robots" content="noindex"/>` : '';
  const jsonLd = props.jsonLd ? html`<script type="application/ld+json">${raw(serializeJsonLd(props.jsonLd))}</script>` : '';
  const scripts = [SITE_SCRIPT, ...(props.scripts ?? []), RUM_SCRIPT].map((src) => html`<script type="module" src="${src}" defer=""></script>`);
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${fullTitle}</title><meta name="description" content="${props.description}"/>${robots}<link rel="canonical" href="${props.canonical}"/><meta property="og:site_name" content="${SITE_NAME}"/><meta property="og:title" content="${props.title}"/><meta property="og:description" content="${props.description}"/><meta property="og:url" content="${props.canonical}"/><meta property="og:type" content="${props.ogType ?? 'website'}"/>${ogImage}<meta name="twitter:card" content="${props.ogImage ? 'summary_large_image' : 'summary'}"/><meta name="color-scheme" content="light dark"/><link rel="icon" href="/favicon.svg" type="image/svg+xml"/><link rel="stylesheet" href="/styles.css"/>${refresh}${jsonLd}${scripts}</head><body>${props.q ? <SiteHeader q={props.q} /> : PLAIN_HEADER}<main id="main" class="wrap" tabindex="-1">${props.children}</main><footer class="site-footer"><div class="wrap"><p>© ${SITE_NAME}, an edge-first storefront. <a href="/products">Browse all products</a></p></div></footer></body></html>`;
}
