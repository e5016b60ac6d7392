import { createExecutionContext, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, get, ORIGIN } from './helpers';

// A 400×300 PNG, so resizing to 200 wide is observable.
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAZAAAAEsCAMAAADaaRXwAAAAA1BMVEUzu2Yit9UNAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAi0lEQVR42u3BMQEAAADCoPVPbQlPoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA4GPV+wAB2A4yPQAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);

beforeAll(async () => {
  await env.MEDIA.put('products/test-pic/1.png', PNG, { httpMetadata: { contentType: 'image/png' } });
});

const widthOf = async (res: Response) => (await env.IMAGES.info(res.body!)) as { width: number; format: string };

describe('GET /img/:options/:key', () => {
  it.each([
    ['image/avif,image/webp,*/*', 'image/avif'],
    ['image/webp,*/*', 'image/webp'],
    ['*/*', 'image/jpeg'],
  ])('resizes the R2 original and picks the format from Accept %s', async (accept, type) => {
    const res = await get('/img/w=200,q=70,fit=cover,f=auto/products/test-pic/1.png', { headers: { accept } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('vary')).toBe('Accept');
    expect(res.headers.get('cache-control')).toContain('immutable');
    if (type === 'image/avif') {
      // The local Images binding's info() can't read AVIF back; check the container's brand instead.
      const head = new TextDecoder().decode((await res.arrayBuffer()).slice(0, 32));
      expect(head).toContain('ftypavif');
    } else {
      expect((await widthOf(res)).width).toBe(200);
    }
  });

  it('honours an explicit format and caches the result at the edge', async () => {
    const path = '/img/w=100,f=webp/products/test-pic/1.png';
    const first = await get(path);
    expect(first.headers.get('content-type')).toBe('image/webp');
    expect((await widthOf(first)).width).toBe(100);
    let cached = 'MISS';
    for (let i = 0; i < 50 && cached !== 'HIT'; i += 1) {
      const again = await get(path);
      cached = again.headers.get('x-cache') ?? '';
      await again.arrayBuffer();
      if (cached !== 'HIT') await new Promise((r) => setTimeout(r, 20));
    }
    expect(cached).toBe('HIT');
  });

  it('answers the original at once while a slow transform warms, then the transform from the cache', async () => {
    const { default: worker } = await import('../worker/index');
    // A deadline no encoder meets: the first answer must not wait for it.
    const impatient = { ...env, IMAGE_WARM_DEADLINE_MS: '1' };
    const fetchImg = () =>
      worker.fetch(
        new Request(`${ORIGIN}/img/w=400,q=60,fit=cover,f=auto/products/test-pic/1.png`, { headers: { accept: 'image/avif,*/*' } }) as Request<unknown, IncomingRequestCfProperties>,
        impatient,
        createExecutionContext(),
      );
    const first = await fetchImg();
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('WARMING');
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(PNG);
    let later = first;
    for (let i = 0; i < 100 && later.headers.get('x-cache') !== 'HIT'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      later = await fetchImg();
      if (later.headers.get('x-cache') !== 'HIT') await later.arrayBuffer();
    }
    expect(later.headers.get('x-cache')).toBe('HIT');
    expect(later.headers.get('content-type')).toBe('image/avif');
    expect(later.headers.get('cache-control')).toContain('immutable');
  });

  it.each([
    ['w=123', 'a width outside the allow-list'],
    ['w=200,x=1', 'an unknown option'],
    ['w=200,w=400', 'a repeated option'],
    ['w=200,q=5', 'a quality out of range'],
    ['w=200,fit=stretch', 'an unknown fit'],
    ['w=200,f=gif', 'an unknown format'],
    ['width', 'a malformed option'],
    ['w=' + '9'.repeat(400), 'a huge width'],
  ])('rejects %s (%s) with 400', async (options) => {
    await expectError(await get(`/img/${options}/products/test-pic/1.png`), 400, 'invalid_request');
  });

  it('rejects keys that try to leave their folder, and answers 404 for a missing original', async () => {
    await expectError(await get('/img/w=200/products/..%2F..%2Fsecret'), 400, 'invalid_request');
    await expectError(await get('/img/w=200/products/a%00b.png'), 400, 'invalid_request');
    await expectError(await get('/img/w=200/products/missing/1.jpg'), 404, 'not_found');
  });
});
