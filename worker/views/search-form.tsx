/** A large product search box, the way on from a page that found nothing. */
export function SearchForm({ id }: { id: string }) {
  return (
    <form class="search search-large" role="search" method="get" action="/products">
      <label for={id}>Search products</label>
      <input id={id} type="search" name="q" />
      <button type="submit">Search</button>
    </form>
  );
}
