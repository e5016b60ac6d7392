import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { uniqueSymbol } from 'hono-openapi';
import type { ZodType } from 'zod';
import { openApiSchemaOf } from '../openapi/schema-object';
import { invalidRequest } from './errors';

/**
 * `zValidator` whose failures become the contract's 400 `invalid_request` with `issues`, thrown so
 * the single `onError` renders them. It also carries its schema for the OpenAPI document
 * (worker/openapi/), as hono-openapi's own `validator` does: the document's parameters and
 * request bodies are the schemas requests are checked with, so the two cannot drift.
 *
 * @example
 * app.get('/api/products', validate('query', listQuery), (c) => c.json(c.req.valid('query')));
 */
export const validate = <T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) =>
  Object.assign(
    zValidator(target, schema, (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.') || target,
          message: issue.message,
        }));
        throw invalidRequest(`Invalid ${target}`, issues);
      }
    }),
    { [uniqueSymbol]: { target, ...openApiSchemaOf(schema) } },
  );
