import { SearchForm } from './search-form';

export interface NotFoundPageProps {
  /** The path that was requested, shown back to the shopper. */
  path?: string;
}

/** A 404 page that offers a way on: search, the shop and home. */
export function NotFoundPage({ path }: NotFoundPageProps) {
  return (
    <section class="not-found" aria-labelledby="nf-title">
      <h1 id="nf-title">Page not found</h1>
      <p>
        {path ? (
          <>
            We couldn’t find <code>{path}</code>.
          </>
        ) : (
          'We couldn’t find that page.'
        )}{' '}
        It may have moved, or the link may be mistyped.
      </p>
      <SearchForm id="nf-search" />
      <ul class="links" role="list">
        <li>
          <a href="/">Go to the home page</a>
        </li>
        <li>
          <a href="/products">Browse all products</a>
        </li>
      </ul>
    </section>
  );
}
