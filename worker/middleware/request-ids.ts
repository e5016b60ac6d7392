/**
 * Request ids for hono's `requestId` middleware. On Cloudflare every request already carries a unique
 * `cf-ray`, which also finds the request in Cloudflare's own logs, so it is the id. Elsewhere (local
 * runs), an id unique to this isolate plus a counter.
 */
let isolate: string | undefined; // made on first use: Workers allow no randomness at global scope
let counter = 0;

export const newRequestId = (request: Request): string =>
  request.headers.get('cf-ray') ?? `${(isolate ??= crypto.randomUUID().slice(0, 13))}-${(counter += 1).toString(36)}`;
