import { SearchForm } from './search-form';

export interface ListingErrorProps {
  title: string;
  message: string;
  /** What was wrong with the address, one line each. */
  issues?: string[];
  /** Ways on, best first. */
  links: { href: string; label: string }[];
}

/** The answer to a listing address that cannot be shown (a bad filter, a page past the end). */
export function ListingErrorPage({ title, message, issues = [], links }: ListingErrorProps) {
  return (
    <section class="not-found" aria-labelledby="le-title">
      <h1 id="le-title">{title}</h1>
      <p>{message}</p>
      {issues.length > 0 ? (
        <ul class="issues">
          {issues.map((issue) => (
            <li>{issue}</li>
          ))}
        </ul>
      ) : null}
      <ul class="links" role="list">
        {links.map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
      <SearchForm id="le-search" />
    </section>
  );
}
