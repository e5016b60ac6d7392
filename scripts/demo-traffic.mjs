#!/usr/bin/env node
// `npm run demo:traffic`: plays a few hundred shoppers through an A/B experiment against a running
// `npm run dev`, so /admin's Health and Experiment results show revenue and significance from data the
// store recorded. Each shopper is a cookie jar: views the home page (the page the `hero` experiment
// shapes) and a product or two, maybe adds to the cart, maybe checks out and pays on the local Stripe
// emulator, which delivers the webhook. The `bold` hero is made to sell better, so the results show a
// winner once enough shoppers have played.
//
// Options: --base-url (http://127.0.0.1:$PORT or :8787), --emulator-url (:$STRIPE_EMULATOR_PORT or
// :12111), --shoppers N (400), --concurrency N (8), --token (ADMIN_TOKEN, else .dev.vars).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Shopper } from '../bench/lib/shopper.mjs';

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? '8787'}` },
    'emulator-url': { type: 'string', default: `http://127.0.0.1:${process.env.STRIPE_EMULATOR_PORT ?? '12111'}` },
    shoppers: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    token: { type: 'string' },
  },
});
const BASE = args['base-url'].replace(/\/$/, '');
const EMULATOR = args['emulator-url'].replace(/\/$/, '');
const SHOPPERS = Number(args.shoppers);
const CONCURRENCY = Number(args.concurrency);
/** The home page's hero experiment (its variants are the ones worker/views/home.tsx renders), shared with the tests. */
const EXPERIMENT = JSON.parse(readFileSync(new URL('../worker/experiments/hero-experiment.json', import.meta.url), 'utf8'));
/** How each variant's shoppers behave: the chance to add to the cart, then to buy what they added. */
const BEHAVIOUR = { control: { add: 0.3, buy: 0.35 }, bold: { add: 0.4, buy: 0.55 } };
const ADDRESS = { name: 'Demo Shopper', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' };

function adminToken() {
  if (args.token ?? process.env.ADMIN_TOKEN) return args.token ?? process.env.ADMIN_TOKEN;
  const file = existsSync('.dev.vars') ? '.dev.vars' : '.dev.vars.example';
  return /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}

async function setUpExperiment(token) {
  for (let attempt = 1; ; attempt += 1) {
    const res = await fetch(`${BASE}/admin/api/experiments/hero`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(EXPERIMENT),
    });
    if (res.ok) return;
    // A store still seeding its stock may answer 503 for a moment.
    if (res.status !== 503 || attempt === 5) throw new Error(`could not save the experiment (${res.status}): is the admin token right?`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function catalogSkus() {
  const res = await fetch(`${BASE}/api/products?limit=40`);
  if (!res.ok) throw new Error(`GET /api/products answered ${res.status}: is npm run dev running at ${BASE}?`);
  const { items } = await res.json();
  return items.flatMap((p) => p.variants.map((v) => ({ slug: p.slug, sku: v.sku })));
}

async function play(skus, n, tally) {
  // The HTTP shopper the benches and tests share (bench/lib/shopper.mjs): a cookie jar over fetch.
  const s = new Shopper({ base: BASE, email: `demo-${n}@example.com`, checkoutDetails: { shippingAddress: ADDRESS } });
  const home = await s.fetch('GET', '/');
  await home.arrayBuffer();
  const variant = /hero=([a-z0-9-]+)/.exec(home.headers.get('x-experiments') ?? '')?.[1] ?? 'control';
  const pick = skus[Math.floor(Math.random() * skus.length)];
  await (await s.fetch('GET', `/products/${pick.slug}`)).arrayBuffer();
  const odds = BEHAVIOUR[variant] ?? BEHAVIOUR.control;
  tally[variant] ??= { shoppers: 0, added: 0, paid: 0 };
  tally[variant].shoppers += 1;
  if (Math.random() >= odds.add) return;
  const added = await s.add(pick.sku, 1);
  await added.arrayBuffer();
  if (added.status !== 200) return;
  tally[variant].added += 1;
  if (Math.random() >= odds.buy) return;
  const checkout = await s.checkout();
  if (checkout.status !== 201) return;
  const session = /\/c\/pay\/([A-Za-z0-9_]+)/.exec(checkout.body.checkoutUrl)?.[1];
  if (!session) return;
  const paid = await fetch(`${EMULATOR}/_emulator/sessions/${session}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (paid.ok) tally[variant].paid += 1;
}

async function main() {
  const token = adminToken();
  if (!token) throw new Error('no admin token: pass --token or set ADMIN_TOKEN');
  await setUpExperiment(token);
  const skus = await catalogSkus();
  const tally = {};
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SHOPPERS) {
        const n = next++;
        await play(skus, n, tally).catch((err) => console.warn(`shopper ${n}: ${err.message}`));
        done += 1;
        if (done % 50 === 0) console.log(`demo:traffic: ${done}/${SHOPPERS} shoppers`);
      }
    }),
  );
  for (const [variant, t] of Object.entries(tally)) console.log(`demo:traffic: ${variant}: ${t.shoppers} shoppers, ${t.added} added to cart, ${t.paid} paid`);
  console.log(`demo:traffic: open ${BASE}/admin (events land within a few seconds)`);
}

main().catch((err) => {
  console.error(`demo:traffic: ${err.message}`);
  process.exit(1);
});
