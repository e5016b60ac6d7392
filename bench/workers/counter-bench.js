let seq = 0;
const id = () => 'bench-' + (++seq).toString(36) + '-' + crypto.randomUUID();
const pct = (v, p) => v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] : null;
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const sku = url.searchParams.get('sku') ?? 'BENCH-HOT';
    const counter = env.INV.getByName(sku);
    switch (url.pathname) {
      case '/reserve': {
        const r = await counter.reserve(id(), 1, 3_600_000);
        return new Response(r.ok ? 'granted' : 'refused');
      }
      case '/burst': {
        const n = Number(url.searchParams.get('n') ?? 1000);
        const c = Number(url.searchParams.get('c') ?? 64);
        // release=1: what the store's reserveAll() does today when a hold is refused (holds.ts gives
        // back every line, the refused one included): one more call on the same hot object.
        const releaseRefused = url.searchParams.get('release') === '1';
        let next = 0, granted = 0, refused = 0, errors = 0;
        const lat = [];
        const worker = async () => {
          while (next < n) {
            next++;
            const t = Date.now();
            try {
              const rid = id();
              const r = await counter.reserve(rid, 1, 3_600_000);
              if (r.ok) granted++;
              else {
                refused++;
                if (releaseRefused) await counter.release(rid);
              }
            } catch { errors++; }
            lat.push(Date.now() - t);
          }
        };
        const t0 = Date.now();
        await Promise.all(Array.from({ length: Math.min(n, c) }, worker));
        const ms = Date.now() - t0;
        lat.sort((a, b) => a - b);
        return Response.json({ n, c, granted, refused, errors, ms, p50: pct(lat, 50), p99: pct(lat, 99) });
      }
      case '/set':
        return Response.json(await counter.setOnHand(Number(url.searchParams.get('n'))));
      case '/snapshot': {
        const s = await counter.snapshot();
        return Response.json({ ...s, reservations: s.reservations.length });
      }
      default:
        return new Response('not found', { status: 404 });
    }
  },
};
