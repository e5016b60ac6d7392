import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchRetrying, isIdempotent } from '../public/js/shop/retry.js';

const busy = () => new Response(JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }), { status: 503, headers: { 'retry-after': '0' } });

/** The browser's fetch answering `answers` in turn, recording what was asked. */
function fetchAnswering(...answers: Response[]) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push(`${init.method ?? 'GET'} ${url}`);
    return answers.shift() ?? new Response('{}');
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('the storefront fetch helper', () => {
  it('retries a busy GET after Retry-After, up to 3 tries', async () => {
    const calls = fetchAnswering(busy(), busy(), new Response('{"ok":true}'));
    const res = await fetchRetrying('/api/cart');
    expect(res.status).toBe(200);
    expect(calls).toEqual(['GET /api/cart', 'GET /api/cart', 'GET /api/cart']);
    const gaveUp = fetchAnswering(busy(), busy(), busy(), busy());
    expect((await fetchRetrying('/api/cart')).status).toBe(503);
    expect(gaveUp).toHaveLength(3);
  });

  it('never retries a POST without an Idempotency-Key (a cart add would add twice), and retries one with a key', async () => {
    const add = fetchAnswering(busy(), new Response('{}'));
    expect((await fetchRetrying('/api/cart/items', { method: 'POST', body: '{}' })).status).toBe(503);
    expect(add).toEqual(['POST /api/cart/items']);
    const checkout = fetchAnswering(busy(), new Response('{}', { status: 201 }));
    expect((await fetchRetrying('/api/checkout', { method: 'POST', headers: { 'idempotency-key': 'k1' } })).status).toBe(201);
    expect(checkout).toHaveLength(2);
    expect(isIdempotent('DELETE', {})).toBe(false);
  });
});
