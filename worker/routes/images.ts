import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { ApiError, invalidRequest } from '../http/errors';
import { mimeType, outputFormat, parseImageOptions } from '../images/options';

const KEY = /^[\w-]+(?:\/[\w.-]+)*$/;
const ONE_YEAR = 31_536_000;
/**
 * How long a request waits for a cold transform before it is answered with the original instead.
 * Locally the Images binding is sharp on the dev machine: one cold AVIF took 9-19 s on 2 cores, so a
 * fresh store's first home page had a 20 s LCP. The transform carries on and is cached for the next
 * request; the fallback is marked `no-cache` so the browser asks again.
 */
const WARM_DEADLINE_MS = 800;
const warmDeadline = (env: Env) => Number((env as { IMAGE_WARM_DEADLINE_MS?: string }).IMAGE_WARM_DEADLINE_MS) || WARM_DEADLINE_MS;
/** Transforms under way in this isolate, so concurrent requests for one answer start one encode. */
const warming = new Set<string>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const transformHeaders = (format: Parameters<typeof mimeType>[0]) => ({
  'content-type': mimeType(format),
  'cache-control': `public, max-age=${ONE_YEAR}, immutable`,
  vary: 'Accept',
});

/**
 * `GET /img/:options/:key`: the R2 original, resized and re-encoded by the Images binding, cached at
 * the edge per (options, chosen format, key). Originals are immutable per key, so results are too.
 */
export const images = new Hono<AppEnv>().get('/:options/:key{.+}', async (c) => {
  const parsed = parseImageOptions(c.req.param('options'));
  if (!parsed.success) throw invalidRequest('Invalid image options', parsed.issues);
  const key = c.req.param('key');
  if (key.length > 200 || !KEY.test(key) || key.split('/').includes('..')) {
    throw invalidRequest('Invalid image key', [{ path: 'key', message: 'not an image key' }]);
  }
  const { w, q, fit } = parsed.options;
  const format = outputFormat(parsed.options.f, c.req.header('accept'));
  const cacheKey = `${new URL(c.req.url).origin}/__img/w=${w},q=${q},fit=${fit},f=${format}/${key}`;

  const hit = await caches.default.match(cacheKey);
  if (hit) return new Response(hit.body, hit);

  const original = await c.env.MEDIA.get(key);
  if (!original) throw new ApiError('not_found', 'No image with that key');
  const bytes = await original.arrayBuffer();
  const ready = () =>
    // The stored original (a JPEG) while the transform warms: a shopper never waits on an encoder.
    c.body(bytes, 200, {
      'content-type': original.httpMetadata?.contentType ?? 'image/jpeg',
      'cache-control': 'no-cache',
      vary: 'Accept',
      'x-cache': 'WARMING',
    });
  if (warming.has(cacheKey)) return ready();

  warming.add(cacheKey);
  const transformed = (async () => {
    const result = await c.env.IMAGES.input(new Blob([bytes]).stream())
      .transform({ width: w, fit })
      .output({ format: mimeType(format), quality: q });
    const body = await result.response().arrayBuffer();
    await caches.default.put(cacheKey, new Response(body, { headers: { ...transformHeaders(format), 'x-cache': 'HIT' } }));
    return body;
  })().finally(() => warming.delete(cacheKey));
  c.executionCtx.waitUntil(transformed.catch(() => undefined));
  const body = await Promise.race([transformed, sleep(warmDeadline(c.env)).then(() => null)]);
  return body ? c.body(body, 200, { ...transformHeaders(format), 'x-cache': 'MISS' }) : ready();
});
