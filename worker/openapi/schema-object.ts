import type { JSONSchema7 } from 'json-schema';
import type { resolver } from 'hono-openapi';
import * as z from 'zod';

const toJson = (schema: z.ZodType): JSONSchema7 => {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return json as JSONSchema7;
};

/**
 * A zod schema as hono-openapi reads one (its `resolver`'s shape), converted by zod's own
 * `z.toJSONSchema` (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect). Not hono-openapi's
 * `resolver`: see worker/openapi/no-schema-vendors.ts.
 */
export const openApiSchemaOf = (schema: z.ZodType): ReturnType<typeof resolver> => ({
  vendor: 'zod',
  validate: schema['~standard'].validate,
  toJSONSchema: () => toJson(schema),
  // The OpenAPI 3.1 schema object is JSON Schema 2020-12; hono-openapi types it as 3.0's.
  toOpenAPISchema: async () => ({ schema: toJson(schema) as never, components: undefined }),
});
