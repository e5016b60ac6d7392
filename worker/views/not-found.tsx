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
      <form class="search search-large" role="search" method="get" action="/products">
        <label for="nf-search">Search products</label>
        <input id="nf-search" type="search" name="q" />
        <button type="submit">Search</button>
      </form>
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
