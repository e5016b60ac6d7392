import { Hono } from 'hono';
import * as z from 'zod';
import { docPageJson, findProductDoc, listProductDocs } from '../catalog/products';
import { listQuerySchema, slugSchema } from '../catalog/schemas';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import type { EdgeCacheOptions } from '../cache/edge-cache';
import { edgeCache } from '../cache/edge-cache';
import { documented } from '../openapi/describe';
import { productPageSchema, productSchema } from '../openapi/responses';

const JSON_TYPE = { 'content-type': 'application/json' };

/** `GET /api/products` and `GET /api/products/:slug`, exactly as CONTRACT.md, edge-cached. */
export const catalogApi = (dispatch: EdgeCacheOptions['dispatch']) =>
  new Hono<AppEnv>()
    .get(
      '/products',
      documented('List and search products', { 200: productPageSchema }),
      validate('query', listQuerySchema),
      edgeCache({ dispatch, query: ['limit', 'cursor', 'category', 'q'] }),
      async (c) => {
        const { limit, cursor, category, q } = c.req.valid('query');
        const page = await listProductDocs(database(c.env.DB), { limit, cursor, category, q });
        return c.body(docPageJson(page), 200, JSON_TYPE);
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
