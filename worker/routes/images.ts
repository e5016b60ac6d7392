import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { ApiError, invalidRequest } from '../http/errors';
import { mimeType, outputFormat, parseImageOptions } from '../images/options';

const KEY = /^[\w-]+(?:\/[\w.-]+)*$/;
const ONE_YEAR = 31_536_000;

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
  const result = await c.env.IMAGES.input(original.body)
    .transform({ width: w, fit })
    .output({ format: mimeType(format), quality: q });
  const body = await result.response().arrayBuffer();
  const headers = {
    'content-type': mimeType(format),
    'cache-control': `public, max-age=${ONE_YEAR}, immutable`,
    vary: 'Accept',
    'x-cache': 'MISS',
  };
  c.executionCtx.waitUntil(caches.default.put(cacheKey, new Response(body, { headers: { ...headers, 'x-cache': 'HIT' } })));
  return c.body(body, 200, headers);
});
