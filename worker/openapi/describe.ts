import { describeRoute } from 'hono-openapi';
import type { ZodType } from 'zod';
import { errorSchema } from './responses';
import { openApiSchemaOf } from './schema-object';

/** A status's answer: a JSON body's schema, or `null` for one with no body (204, a redirect). */
/** A zod schema for a JSON body, `'html'` for an HTML fragment, null for no body. */
export type Answers = Record<number, ZodType | 'html' | null>;

const json = (schema: ZodType) => ({ 'application/json': { schema: openApiSchemaOf(schema) } });

const REASONS: Record<number, string> = { 101: 'Switching to a WebSocket', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

/**
 * Describes a route in the OpenAPI document (`GET /api/openapi.json`): what it does and what it
 * answers. Its inputs need no annotation: the document takes them from the route's `validate(...)`
 * middlewares. Every route also answers the contract's error shape on failure.
 *
 * @example
 * .get('/stock/:sku', documented('A SKU’s counter', { 200: stockSnapshotSchema }), validate('param', skuParamSchema), handler)
 */
export const documented = (summary: string, answers: Answers, more: { description?: string; tags?: string[] } = {}) =>
  describeRoute({
    summary,
    ...more,
    responses: {
      ...Object.fromEntries(
        Object.entries(answers).map(([status, schema]) => [
          status,
          { description: REASONS[Number(status)] ?? summary, ...(schema === 'html' ? { content: { 'text/html': { schema: { type: 'string' as const } } } } : schema ? { content: json(schema) } : {}) },
        ]),
      ),
      default: { description: 'The contract’s error shape, with the status of its code', content: json(errorSchema) },
    },
  });
