import { Hono } from 'hono';
import * as z from 'zod';
import { browseProducts, type BrowsePage } from '../catalog/browse';
import { FACET_NAMES, usesKeyset, type BrowseQuery } from '../catalog/browse-query';
import { encodeCursor } from '../catalog/cursor';
import { findProductDoc } from '../catalog/products';
import { listQuerySchema, slugSchema, type ListQuery } from '../catalog/schemas';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { ApiError, invalidRequest } from '../http/errors';
import { validate } from '../http/validate';
import type { EdgeCacheOptions } from '../cache/edge-cache';
import { edgeCache } from '../cache/edge-cache';
import { documented } from '../openapi/describe';
import { productPageSchema, productSchema } from '../openapi/responses';

const JSON_TYPE = { 'content-type': 'application/json' };

/** Query parameters that change a listing; the edge-cache key normalises their values. */
export const LIST_QUERY_PARAMS = ['limit', 'cursor', 'q', 'sort', 'minPrice', 'maxPrice', ...FACET_NAMES] as const;

/** A walk sorted by id continues below the last id; any other sort continues at an offset. */
function browseQueryOf(query: ListQuery): BrowseQuery {
  const { limit, cursor, ...filters } = query;
  if (cursor && 'after' in cursor) {
    if (!usesKeyset(filters)) throw invalidRequest('Invalid query', [{ path: 'cursor', message: 'a cursor of a different sort' }]);
    return { ...filters, limit, offset: 0, after: cursor.after };
  }
  return { ...filters, limit, offset: cursor?.offset ?? 0 };
}

function nextCursor(query: BrowseQuery, page: BrowsePage): string | null {
  if (!page.hasMore) return null;
  const last = page.ids.at(-1);
  if (usesKeyset(query) && last !== undefined) return encodeCursor({ v: 1, after: last });
  return encodeCursor({ v: 1, offset: query.offset + query.limit });
}

/** `{ items, nextCursor, total, facets }`, the items spliced in as stored without re-serialising them. */
const listJson = (page: BrowsePage, cursor: string | null) =>
  `{"items":[${page.docs.join(',')}],"nextCursor":${JSON.stringify(cursor)},"total":${page.total},"facets":${JSON.stringify(page.facets)}}`;

/** `GET /api/products` and `GET /api/products/:slug`, exactly as CONTRACT.md, edge-cached. */
export const catalogApi = (dispatch: EdgeCacheOptions['dispatch']) =>
  new Hono<AppEnv>()
    .get(
      '/products',
      documented('List and search products', { 200: productPageSchema }),
      validate('query', listQuerySchema),
      edgeCache({ dispatch, query: LIST_QUERY_PARAMS }),
      async (c) => {
        const query = browseQueryOf(c.req.valid('query'));
        const page = await browseProducts(database(c.env.DB), query);
        return c.body(listJson(page, nextCursor(query, page)), 200, JSON_TYPE);
      },
    )
    .get(
      '/products/:slug',
      documented('A product with its variants', { 200: productSchema }),
      validate('param', z.object({ slug: slugSchema })),
      edgeCache({ dispatch }),
      async (c) => {
        const doc = await findProductDoc(database(c.env.DB), c.req.valid('param').slug);
        if (doc === null) throw new ApiError('not_found', 'No product with that slug');
        return c.body(doc, 200, JSON_TYPE);
      },
    );
