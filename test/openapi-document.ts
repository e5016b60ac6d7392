import { Validator, type Schema } from '@cfworker/json-schema';
import { expect } from 'vitest';
import { get } from './helpers';

/** The parts of an OpenAPI 3.1 document these checks read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}
export interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: Schema }> }>;
}

export async function fetchDocument(): Promise<OpenApiDocument> {
  const res = await get('/api/openapi.json');
  expect(res.status).toBe(200);
  return (await res.json()) as OpenApiDocument;
}

/** The document's path template a concrete path falls under (`/api/products/abc` → `/api/products/{slug}`). */
export function templateOf(doc: OpenApiDocument, path: string): string | undefined {
  const matches = Object.keys(doc.paths).filter((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  // A literal segment beats a parameter: `/admin/api/stock` before `/admin/api/stock/{sku}`.
  return matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
}

/**
 * Expects a real answer to match what the document says the route answers with that status (or its
 * `default`), body validated against the response schema. Use it on any `/api` or `/admin/api` answer.
 */
export async function expectDocumented(doc: OpenApiDocument, method: string, path: string, res: Response): Promise<void> {
  const { pathname } = new URL(path, 'http://store.test');
  const template = templateOf(doc, pathname);
  expect(template, `${method} ${pathname} is in the document`).toBeDefined();
  const operation = doc.paths[template!]![method.toLowerCase()];
  expect(operation, `${method} ${template} is in the document`).toBeDefined();
  const answer = operation!.responses[String(res.status)] ?? operation!.responses.default;
  expect(answer, `${method} ${template} documents status ${res.status}`).toBeDefined();
  const schema = answer!.content?.['application/json']?.schema;
  if (!schema) {
    expect(await res.clone().text(), `${method} ${template} ${res.status} has no documented body`).toBe('');
    return;
  }
  const body: unknown = await res.clone().json();
  const result = new Validator(schema, '2020-12', false).validate(body);
  expect(result.errors.map((e) => `${e.instanceLocation}: ${e.error}`), `${method} ${pathname} ${res.status} vs the document`).toEqual([]);
}
