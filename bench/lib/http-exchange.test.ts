import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeFetch } from './http-exchange.mjs';
import { Shopper, untilNotBusy } from './shopper.mjs';

let server: Server;
let base = '';
/** Connection headers the server saw, in order. */
const seen: { connection: string | undefined; cookie: string | undefined; ip: string | undefined }[] = [];
let busyLeft = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ connection: req.headers.connection, cookie: req.headers.cookie, ip: req.headers['cf-connecting-ip'] as string | undefined });
      if (req.url === '/empty') return void res.writeHead(204).end();
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 1_000);
      if (req.url === '/api/checkout' && busyLeft-- > 0) return void res.writeHead(503, { 'retry-after': '0' }).end('{}');
      res.setHeader('set-cookie', ['cart=c1.sig; Path=/; HttpOnly', 'vid=v1; Path=/']);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body }));
    });
  });
  // An ephemeral port of the OS's choosing: nobody else's.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the benches’ HTTP client (one connection per request)', () => {
  it('carries the shopper: body, cookies both ways, client IP, `connection: close` on every request', async () => {
    const shopper = new Shopper({ base, ip: '10.9.8.7', fetch: exchangeFetch, timeoutMs: 5_000 });
    const posted = await shopper.timed('POST', '/items', { sku: 'A', quantity: 2 });
    expect(posted.status).toBe(201);
    expect(JSON.parse(posted.text)).toEqual({ method: 'POST', body: '{"sku":"A","quantity":2}' });
    expect(shopper.cookie).toBe('cart=c1.sig; vid=v1');
    expect((await shopper.timed('GET', '/again')).status).toBe(201);
    expect(seen.slice(-2)).toEqual([
      { connection: 'close', cookie: undefined, ip: '10.9.8.7' },
      { connection: 'close', cookie: 'cart=c1.sig; vid=v1', ip: '10.9.8.7' },
    ]);
    expect((await shopper.timed('GET', '/empty')).status).toBe(204);
  });

  it('answers a timeout or a refused connection as status 0 with its cause, never throwing', async () => {
    const shopper = new Shopper({ base, fetch: exchangeFetch, timeoutMs: 100 });
    const slow = await shopper.timed('GET', '/slow');
    expect(slow.status).toBe(0);
    expect(slow.text).toMatch(/abort|timeout/i);
    const closed = new Shopper({ base: 'http://127.0.0.1:1', fetch: exchangeFetch });
    expect((await closed.checkout()).body.error).toMatch(/^ECONNREFUSED/);
  });

  it('retries a busy answer as told, a bounded number of times', async () => {
    const shopper = new Shopper({ base, fetch: exchangeFetch, timeoutMs: 5_000 });
    busyLeft = 2;
    const answers = await untilNotBusy(() => shopper.checkout({ idempotencyKey: 'k1' }), { tries: 4 });
    expect(answers.map((a) => a.status)).toEqual([503, 503, 201]);
    busyLeft = 9;
    expect((await untilNotBusy(() => shopper.checkout({ idempotencyKey: 'k2' }), { tries: 3 })).map((a) => a.status)).toEqual([503, 503, 503]);
  });
});
