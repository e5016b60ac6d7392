export default {
  async fetch(request, env) {
    const spec = JSON.parse(request.headers.get('x-bench-sql'));
    const params = [...spec.params];
    if (spec.slugIndex >= 0) params[spec.slugIndex] = decodeURIComponent(new URL(request.url).pathname.split('/').pop());
    const stmt = env.DB.prepare(spec.sql).bind(...params);
    const out = spec.method === 'raw' ? await stmt.raw() : spec.method === 'first' ? await stmt.first() : await stmt.all();
    return new Response(out ? 'ok' : 'empty');
  },
}
