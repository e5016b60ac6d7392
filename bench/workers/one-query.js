export default {
  async fetch(request, env) {
    await env.DB.prepare('select 1').first();
    return new Response('ok');
  },
}
