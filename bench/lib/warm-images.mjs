// Warms a page's image transforms before it is audited: a cold transform answers the original JPEG
// with `X-Cache: WARMING` (worker/routes/images.ts) and would measure sharp on this box, not the page.
import { setTimeout as sleep } from 'node:timers/promises';

/** What Chromium sends for an <img>: the store picks AVIF / WebP / JPEG from it, one cache entry each. */
export const CHROME_IMAGE_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';

/** Every distinct `/img/...` URL an HTML page names in src, srcset, imagesrcset or href. */
export function imageUrlsIn(html) {
  const urls = new Set();
  for (const [, attr, value] of html.matchAll(/\b(src|srcset|imagesrcset|href)="([^"]*)"/g)) {
    // A srcset's URLs contain commas themselves (/img/w=400,q=75,...): candidates are split at
    // whitespace, and a candidate's trailing comma dropped, as the HTML spec parses them.
    const candidates = attr.endsWith('srcset') ? value.trim().split(/\s+/).map((token) => token.replace(/,$/, '')) : [value];
    for (const url of candidates) if (url.startsWith('/img/')) urls.add(url.replaceAll('&amp;', '&'));
  }
  return [...urls];
}

/**
 * Requests each image of `path` until the store answers it from its cache (`X-Cache: HIT`), at most
 * `timeoutMs` per image. Returns { images, cold } where `cold` lists the ones that never hit.
 */
export async function warmPageImages(base, path, { headers = {}, timeoutMs = 60_000, concurrency = 4 } = {}) {
  const html = await (await fetch(base + path, { headers })).text();
  const images = imageUrlsIn(html);
  const cold = [];
  const warm = async (url) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(base + url, { headers: { accept: CHROME_IMAGE_ACCEPT } });
      await res.arrayBuffer();
      if (res.headers.get('x-cache') === 'HIT') return;
      if (Date.now() > deadline) return void cold.push(url);
      await sleep(500);
    }
  };
  // A few at a time: each cold one is a sharp encode on the same two cores.
  const queue = [...images];
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    while (queue.length) await warm(queue.shift());
  }));
  return { images: images.length, cold };
}
