import store from '../../worker/index';
import { withFailingD1 } from './failing-d1';
import { faultApplies } from './faults';
import { faultRoutes } from './routes';

export * from '../../worker/index';

/**
 * The store with the drill's fault switch around it: a second entry module over the same wrangler.toml,
 * run only by `wrangler dev dev/fault-switch/worker.ts` (scripts/drill/store.ts). `wrangler deploy`
 * bundles `main` (worker/index.ts), which imports nothing from dev/, so no production build contains
 * the switch or reads its KV keys (scripts/drill/fault-switch.test.ts checks both).
 */
const CATALOG_READS = /^\/(?:products(?:\/[^/]+)?|api\/products(?:\/[^/]+)?|api\/search\/suggest)?\/?$/;
const THROWING_QUEUES = new Set(['edgefront-webhooks', 'edgefront-fulfillment', 'edgefront-email']);

async function dropsThisWebhook(request: Request, env: Env): Promise<boolean> {
  const body = await request.clone().text();
  let type: unknown;
  try {
    type = (JSON.parse(body) as { type?: unknown }).type;
  } catch {
    return false;
  }
  return type === 'checkout.session.completed' && (await faultApplies(env.CONFIG, 'drop-paid-webhook', body));
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/_dev/faults')) return faultRoutes.fetch(request, env, ctx);
    if (request.method === 'POST' && url.pathname === '/webhooks/stripe' && (await dropsThisWebhook(request, env))) {
      return Response.json({ received: true });
    }
    const catalogRead = request.method === 'GET' && CATALOG_READS.test(url.pathname);
    const faulty = catalogRead && (await faultApplies(env.CONFIG, 'd1-catalog')) ? withFailingD1(env) : env;
    return store.fetch(request, faulty, ctx);
  },
  async queue(batch, env) {
    if (THROWING_QUEUES.has(batch.queue) && (await faultApplies(env.CONFIG, 'queue-throws'))) {
      throw new Error(`injected by the dev fault switch: the ${batch.queue} consumer throws`);
    }
    return store.queue(batch, env);
  },
  scheduled: store.scheduled,
} satisfies ExportedHandler<Env>;
