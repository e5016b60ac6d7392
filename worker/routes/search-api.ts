import { Hono } from 'hono';
import type { EdgeCacheOptions } from '../cache/edge-cache';
import { edgeCache } from '../cache/edge-cache';
import { database } from '../db/client';
import type { AppEnv } from '../http/app-env';
import { validate } from '../http/validate';
import { documented } from '../openapi/describe';
import { suggestionsSchema } from '../openapi/responses';
import { searchable, suggestQuerySchema } from '../search/schemas';
import { suggestProducts } from '../search/suggest';
import { imageUrl } from '../views/format';

/** Suggestion thumbnails are shown at 40 CSS px: the smallest allowed width (100) covers 2x screens. */
const THUMB_WIDTH = 100;

/**
 * `GET /api/search/suggest?q=` -> `{ items: [{ title, slug, image }] }` (at most 8), mounted at `/api`
 * and edge-cached like the other catalog reads (keyed by catalog version and `q`), so typing the same
 * prefix anywhere at a location costs D1 nothing.
 */
export const searchApi = (dispatch: EdgeCacheOptions['dispatch']) =>
  new Hono<AppEnv>().get(
    '/search/suggest',
    documented('Title suggestions for the search box (at most 8)', { 200: suggestionsSchema }),
    validate('query', suggestQuerySchema),
    edgeCache({ dispatch, query: ['q'] }),
    async (c) => {
      const { q } = c.req.valid('query');
      const found = searchable(q) ? await suggestProducts(database(c.env.DB), q) : [];
      const items = found.map(({ title, slug, imageKey }) => ({
        title,
        slug,
        image: imageKey === null ? null : imageUrl(imageKey, { w: THUMB_WIDTH }),
      }));
      return c.json({ items });
    },
  );
