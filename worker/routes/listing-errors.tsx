import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodType } from 'zod';
import { Layout } from '../views/layout';
import { ListingErrorPage, type ListingErrorProps } from '../views/listing-error';

/** An HTML error page for a listing address, never cached (it says nothing about the catalog's future). */
export function renderListingError(c: Context, status: ContentfulStatusCode, props: ListingErrorProps) {
  c.header('cache-control', 'no-store');
  return c.html(
    <Layout title={props.title} description={props.message} canonical={`${new URL(c.req.url).origin}/products`}>
      <ListingErrorPage {...props} />
    </Layout>,
    status,
  );
}

/**
 * Validates a page's query like `validate()`, but a person gets a 400 page with what was wrong and
 * links on, not the API's JSON.
 */
export const validatePageQuery = <T extends ZodType>(schema: T) =>
  zValidator('query', schema, (result, c) => {
    if (result.success) return;
    const issues = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'query'}: ${issue.message}`);
    return renderListingError(c, 400, {
      title: 'We couldn’t read that filter',
      message: 'Part of this address is not a filter, sort or page the shop understands.',
      issues: issues.slice(0, 5),
      links: [{ href: '/products', label: 'Browse all products' }, { href: '/', label: 'Go to the home page' }],
    });
  });
