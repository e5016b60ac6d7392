import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { invalidRequest } from './errors';

/**
 * `zValidator` whose failures become the contract's 400 `invalid_request` with `issues`, thrown so
 * the single `onError` renders them.
 *
 * @example
 * app.get('/api/products', validate('query', listQuery), (c) => c.json(c.req.valid('query')));
 */
export const validate = <T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      const issues = result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.') || target,
        message: issue.message,
      }));
      throw invalidRequest(`Invalid ${target}`, issues);
    }
  });
