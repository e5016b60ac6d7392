// `node bench/micro-response.mjs`: what building a response costs in workerd, in isolation.
// Raw workers (no Hono, no store) in one Miniflare instance, each loaded with autocannon on
// 127.0.0.1 (1 s warm-up, BENCH_DURATION s, 32 connections, two rounds). Backs the header-count and
// header-form figures in bench/RESULTS.md ("Where the time goes").
import autocannon from 'autocannon';
import { Miniflare } from 'miniflare';

const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const body = JSON.stringify('x'.repeat(5900));
const pairs = (n) => JSON.stringify(Array.from({ length: n }, (_, i) => [`x-header-${i}`, `${'value-'.repeat(8)}${i}`]));

const variants = {
  'bare ok': `export default { fetch() { return new Response('ok') } }`,
  'ok + 6 headers': `const h = ${pairs(6)}; export default { fetch() { return new Response('ok', { headers: h }) } }`,
  'ok + 12 headers': `const h = ${pairs(12)}; export default { fetch() { return new Response('ok', { headers: h }) } }`,
  'ok + 22 headers': `const h = ${pairs(22)}; export default { fetch() { return new Response('ok', { headers: h }) } }`,
  'ok + randomUUID': `export default { fetch() { return new Response(crypto.randomUUID()) } }`,
  '6 KB, 10 headers as pairs': `const h = ${pairs(8)}; const b = ${body}; export default { fetch() { return new Response(b, { headers: [...h, ['x-request-id', 'a-1'], ['x-cache', 'HIT']] }) } }`,
  '6 KB, 10 headers as object': `const h = Object.fromEntries(${pairs(8)}); const b = ${body}; export default { fetch() { return new Response(b, { headers: { ...h, 'x-request-id': 'a-1', 'x-cache': 'HIT' } }) } }`,
  '6 KB, 10 headers, Headers copy': `const h = new Headers(${pairs(8)}); const b = ${body}; export default { fetch() { const x = new Headers(h); x.set('x-request-id', 'a-1'); x.set('x-cache', 'HIT'); return new Response(b, { headers: x }) } }`,
};

const names = Object.keys(variants);
const mf = new Miniflare({
  workers: names.map((name, i) => ({
    name: `w${i}`,
    modules: true,
    script: variants[name],
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
  })),
});
try {
  await mf.ready;
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < 2; round += 1) {
    for (const [i, name] of names.entries()) {
      const url = (await mf.unsafeGetDirectURL(`w${i}`)).toString();
      await autocannon({ url, connections: 32, duration: 1 });
      const r = await autocannon({ url, connections: 32, duration: DURATION });
      results[name].push(Math.round(r.requests.average));
    }
  }
  console.log(`node ${process.version}, ${DURATION} s × 32 connections, two rounds (req/s)`);
  for (const name of names) console.log(`${name.padEnd(32)} ${results[name].join('  ')}`);
} finally {
  await mf.dispose();
}
