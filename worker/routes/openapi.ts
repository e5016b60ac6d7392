import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { documented } from '../openapi/describe';
import { documentSchema } from '../openapi/responses';

let built: Promise<Record<string, unknown>> | undefined;

/**
 * `GET /api/openapi.json`, mounted at `/api`: the OpenAPI 3.1 document of every `/api` and
 * `/admin/api` route of `app`. The generator loads on the first request for it, never on a shopper's.
 */
export const openApi = (app: Hono<AppEnv>) =>
  new Hono<AppEnv>().get('/openapi.json', documented('This document (OpenAPI 3.1)', { 200: documentSchema }, { tags: ['reference'] }), async (c) => {
    built ??= import('../openapi/document')
      .then(({ openApiDocument }) => openApiDocument(app as unknown as Hono<never>))
      .catch((err: unknown) => {
        built = undefined;
        throw err;
      });
    return c.json(await built, 200, { 'cache-control': 'public, max-age=60' });
  });
