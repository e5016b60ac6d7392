import type { Hono } from 'hono';

/**
 * The methods the app answers at a path, from its own route table: turns "no such route" into the
 * right `405 Method Not Allowed` with an `Allow` header when the path exists under another method.
 * Built once, on the first miss, with workerd's URLPattern (Hono's `:param{regex}` is URLPattern's
 * `:param(regex)`).
 */
export function allowedMethods(app: Hono<any>): (path: string) => string[] {
  let table: { pattern: URLPattern; method: string }[] | undefined;
  return (path) => {
    table ??= app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => ({
        pattern: new URLPattern({ pathname: r.path.replace(/:(\w+)\{([^}]+)\}/g, ':$1($2)') }),
        method: r.method,
      }));
    const methods = new Set(table.filter((r) => r.pattern.test({ pathname: path })).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
