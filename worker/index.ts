import { app } from './app';
import { replayHot } from './cache/hot-lane';
import { reconcile } from './orders/reconciler';
import { consume } from './queues';
import { flushEvents } from './telemetry/recorder';

export { Cart } from '../durable-objects/cart';
export { InventoryCounter } from '../durable-objects/inventory-counter';
export { DropQueue } from '../durable-objects/drop-queue';
export { DropGate } from '../durable-objects/drop-gate';

export default {
  fetch: (request, env, ctx) => replayHot(request, env, ctx) ?? app.fetch(request, env, ctx),
  queue: (batch, env) => consume(batch, env),
  scheduled: async (controller, env, ctx) => {
    ctx.waitUntil(
      reconcile(env, controller.scheduledTime).then((report) =>
        console.log(JSON.stringify({ msg: 'reconciled', cron: controller.cron, ...report })),
      ).finally(() => flushEvents(env)),
    );
  },
} satisfies ExportedHandler<Env>;
