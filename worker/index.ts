import { app } from './app';
import { replayHot } from './cache/hot-lane';

export { Cart } from '../durable-objects/cart';
export { InventoryCounter } from '../durable-objects/inventory-counter';

export default {
  fetch: (request, env, ctx) => replayHot(request, env, ctx) ?? app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
