/**
 * Stands in for @standard-community/standard-json and standard-openapi in the Worker bundle (an
 * `alias` in wrangler.toml). hono-openapi imports them for its `resolver` and `validator`, which we
 * do not use (worker/openapi/schema-object.ts converts with zod's own `z.toJSONSchema`), and their
 * `import()` of every schema library they support would put all of zod, every locale included,
 * into the bundle (+65 KiB gzip).
 */
const unused = (): never => {
  throw new Error('Convert schemas with openApiSchemaOf (worker/openapi/schema-object.ts)');
};

export const loadVendor = unused;
export const toJsonSchema = unused;
export const toOpenAPISchema = unused;
