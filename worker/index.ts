import { app } from './app';
import { replayHot } from './cache/hot-lane';
import { admit } from './http/load-shed';
import { reconcile } from './orders/reconciler';
import { consume } from './queues';
import { flushEvents } from './telemetry/recorder';
import { pruneEvents } from './telemetry/retention';

export { Cart } from '../durable-objects/cart';
export { InventoryCounter } from '../durable-objects/inventory-counter';
export { DropQueue } from '../durable-objects/drop-queue';
export { StockFeed } from '../durable-objects/stock-feed';
export { DropGate } from '../durable-objects/drop-gate';

export default {
  fetch: (request, env, ctx) => replayHot(request, env, ctx) ?? admit(request, env, ctx, () => app.fetch(request, env, ctx)),
  queue: (batch, env) => consume(batch, env),
  scheduled: async (controller, env, ctx) => {
    ctx.waitUntil(
      reconcile(env, controller.scheduledTime).then((report) =>
        console.log(JSON.stringify({ msg: 'reconciled', cron: controller.cron, ...report })),
      ).finally(() => flushEvents(env)),
    );
    // The events table's retention: a few small deletes a run, beside the reconciler.
    ctx.waitUntil(
      pruneEvents(env, controller.scheduledTime).then(
        (report) => report.deleted > 0 && env.LOG_LEVEL !== 'warn' && env.LOG_LEVEL !== 'error' && console.log(JSON.stringify({ msg: 'events pruned', cron: controller.cron, ...report })),
        (err: unknown) => console.warn(JSON.stringify({ msg: 'events pruning failed', error: String(err).slice(0, 300) })),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
