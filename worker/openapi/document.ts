import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';

/** The paths the document covers: the JSON APIs (pages, webhooks and images are not for API clients). */
const API_PATH = /^\/(api|admin\/api)(\/|$)/;

/**
 * The OpenAPI 3.1 document of the app's JSON APIs, built from its registered routes: their
 * `validate(...)` middlewares (the very zod schemas that check requests) and `documented(...)`
 * (what they answer). Built once per isolate, on the first request for it.
 */
export async function openApiDocument(app: Hono<never>): Promise<Record<string, unknown>> {
  const spec = await generateSpecs(app as unknown as Hono, {
    documentation: {
      info: {
        title: 'Edgefront API',
        version: '1',
        description:
          'The shopper API (`/api`) and the admin API (`/admin/api`, `Authorization: Bearer <ADMIN_TOKEN>`) of an Edgefront store. Money is `{ amount, currency }` in integer minor units.',
      },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    },
    exclude: [/^(?!\/(api|admin\/api)(\/|$))/],
    excludeStaticFile: false,
    defaultValidationErrorResponse: false,
  });
  for (const [path, operations] of Object.entries(spec.paths ?? {})) {
    if (!API_PATH.test(path)) continue;
    const admin = path.startsWith('/admin/api');
    for (const operation of Object.values(operations ?? {}) as { tags?: string[]; security?: unknown }[]) {
      operation.tags ??= [admin ? 'admin' : (path.split('/')[2] ?? 'api')];
      if (admin) operation.security ??= [{ adminToken: [] }];
    }
  }
  return spec as unknown as Record<string, unknown>;
}
