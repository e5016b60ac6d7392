import { DurableObject } from 'cloudflare:workers';
export class FreshObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec('create table if not exists lines (sku text primary key, quantity integer not null)');
    });
  }
  async add(sku) {
    this.ctx.storage.sql.exec('insert into lines (sku, quantity) values (?, 1) on conflict(sku) do update set quantity = quantity + 1', sku);
    return this.ctx.storage.sql.exec('select sku, quantity from lines').toArray();
  }
  async ping() {
    return 1;
  }
}
let n = 0;
export default {
  // /: a new object per request, one write. /existing: one of 128 objects (made during the warm-up),
  // one write. /ping: one of 128 objects, a method that touches nothing: the cost of the call itself.
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (path === '/ping') return Response.json(await env.FRESH.getByName('existing_' + (n++ % 128)).ping());
    const name = path === '/existing' ? 'existing_' + (n++ % 128) : 'cart_' + crypto.randomUUID();
    return Response.json(await env.FRESH.getByName(name).add('SKU-1'));
  },
};
