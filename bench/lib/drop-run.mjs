// The shoppers of bench/drop.mjs and the tally of what they got.
import { setTimeout as sleep } from 'node:timers/promises';
import { DropShopper, TURNSTILE_TEST_TOKEN, limiter } from './drop-shopper.mjs';
import { exchange } from './http-exchange.mjs';
import { pct } from './store-harness.mjs';

const ADDRESS = { name: 'Drop Shopper', line1: '1 Main Street', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' };

/** 10.x.y.z, distinct per shopper. */
const ipOf = (i) => `10.200.${(i >> 8) & 255}.${i & 255}`;

/**
 * One shopper's drop: join (Turnstile test token) → poll until admitted (waiting what the answer's
 * etaSeconds says, at least 0.5 s and at most `pollS`) → add to cart → checkout → pay.
 */
async function journey(s, { dropId, sku, emulatorUrl, pollS, startsAt }) {
  const j = { admitted: false, admittedSeenAt: null, polls: [], added: null, checkout: null, paid: false };
  // Joining is idempotent per visitor (one place however often; docs/drops.md), so a busy answer is retried.
  const joined = await s.idempotent('join', 'POST', `/api/drops/${dropId}/queue`, { turnstileToken: TURNSTILE_TEST_TOKEN }, {}, 6);
  if (joined.status !== 200) return { ...j, joinStatus: joined.status };
  let status = joined.body;
  j.joined = true;
  // A sold-out answer (the waiting room admits nobody once every unit is held) ends the wait.
  while (!status.admitted && !status.soldOut && performance.now() < s.deadline) {
    const untilStart = Math.max(0, startsAt - Date.now()) / 1000;
    await sleep(1000 * Math.min(pollS, Math.max(0.5, status.etaSeconds ?? 1, Math.min(untilStart, pollS))));
    const r = await s.idempotent('poll', 'GET', `/api/drops/${dropId}/queue?ticket=${encodeURIComponent(status.ticket)}`);
    j.polls.push(r.ms);
    if (r.status !== 200) return { ...j, pollStatus: r.status };
    status = r.body;
  }
  if (!status.admitted) return { ...j, soldOut: status.soldOut === true };
  j.admitted = true;
  j.admittedSeenAt = Date.now();
  // A cart add is not idempotent: a busy answer is not retried (the shopper would see the wait).
  const add = await s.request('add', 'POST', '/api/cart/items', { sku, quantity: 1 });
  j.added = add.status;
  if (add.status !== 200) return j;
  const key = `drop-${crypto.randomUUID()}`;
  const co = await s.idempotent('checkout', 'POST', '/api/checkout', { email: s.email, shippingAddress: ADDRESS, turnstileToken: TURNSTILE_TEST_TOKEN }, { 'idempotency-key': key }, 8);
  j.checkout = { status: co.status, code: co.body?.error?.code ?? null, orderId: co.body?.orderId ?? null, at: Date.now() };
  if (co.status !== 201) return j;
  const session = /\/c\/pay\/(cs_[A-Za-z0-9_]+)/.exec(co.body.checkoutUrl ?? '')?.[1];
  if (!session) return j;
  const pay = await s.limited(() =>
    exchange(`${emulatorUrl}/_emulator/sessions/${session}/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(
      (r) => r.status,
      () => 0,
    ),
    0,
  );
  j.paid = pay === 200;
  return j;
}

/** `shoppers` arrive uniformly over `arrivalS` seconds from 2 s before the start; all run to the end. */
export async function runDrop({ base, emulatorUrl, dropId, sku, startsAt, shoppers, arrivalS, inFlight, pollS, deadlineS, log }) {
  const limited = limiter(inFlight);
  const t0 = startsAt - 2_000;
  const deadline = performance.now() + deadlineS * 1000;
  const crowd = Array.from({ length: shoppers }, (_, i) => new DropShopper(base, ipOf(i), `drop-${i}@bench.test`, limited, deadline));
  let done = 0;
  const count = (what) => crowd.reduce((n, s) => n + s.log.filter((a) => a.what === what && a.status > 0).length, 0);
  const ticker = setInterval(
    () => log(`  … ${done}/${shoppers} shoppers done; answers so far: join ${count('join')}, poll ${count('poll')}, add ${count('add')}, checkout ${count('checkout')}`),
    15_000,
  );
  try {
    const journeys = await Promise.all(
      crowd.map(async (s) => {
        const at = t0 + Math.random() * arrivalS * 1000;
        await sleep(Math.max(0, at - Date.now()));
        const j = await journey(s, { dropId, sku, emulatorUrl, pollS, startsAt });
        done++;
        return { ...j, log: s.log };
      }),
    );
    return { journeys };
  } finally {
    clearInterval(ticker);
  }
}

/** What the shoppers got, from their answers, the shards' ledgers and D1's orders. */
export async function tallyDrop({ run, db, benchUrl, sku, stock, limit, startsAt, shardBench, log }) {
  const { journeys } = run;
  const answers = {};
  const fiveXXKinds = {};
  const samples = {};
  for (const j of journeys) {
    for (const a of j.log) {
      const k = `${a.what} ${a.status}${a.code ? ` ${a.code}` : ''}`;
      answers[k] = (answers[k] ?? 0) + 1;
      if (a.status >= 500 || a.status === 0) samples[k] ??= a.message ?? a.code;
      if (a.status === -1) continue;
      if (a.status >= 500) fiveXXKinds[k] = (fiveXXKinds[k] ?? 0) + 1;
    }
  }
  const created = journeys.filter((j) => j.checkout?.status === 201);
  const paid = created.filter((j) => j.paid).length;
  // Payments are committed by the webhook consumer: wait (bounded) until the shards say so.
  let audit = await shardBench(benchUrl, `/audit?sku=${encodeURIComponent(sku)}&k=8`);
  for (let waited = 0; audit.committed < paid && waited < 120; waited++) {
    await sleep(1000);
    audit = await shardBench(benchUrl, `/audit?sku=${encodeURIComponent(sku)}&k=8`);
  }
  const sold = await db
    .prepare(
      `select coalesce(sum(l.quantity), 0) as units, count(distinct o.id) as orders from orders o join order_lines l on l.order_id = o.id
       where l.sku = ? and o.status in ('paid', 'fulfilling', 'shipped')`,
    )
    .bind(sku)
    .first();
  const overLimit = await db
    .prepare(
      `select count(*) as n from (select o.email, sum(l.quantity) as units from orders o join order_lines l on l.order_id = o.id
       where l.sku = ? and o.status in ('paid', 'fulfilling', 'shipped') group by o.email having units > ?)`,
    )
    .bind(sku, limit)
    .first();
  const invariant = audit.onHand + audit.inFlight === stock - audit.committed && audit.minUnreserved >= 0;
  // Sold = committed in the shards' ledgers and paid in D1; held = live holds. Neither may pass the stock.
  const oversold = Math.max(0, audit.reserved + audit.committed - stock, (sold?.units ?? 0) - stock, -audit.minUnreserved);
  const grantedAt = created.map((j) => j.checkout.at).sort((a, b) => a - b);
  const soldOutS = grantedAt.length >= stock ? (grantedAt[stock - 1] - startsAt) / 1000 : null;
  const polls = journeys.flatMap((j) => j.polls);
  if (Object.keys(samples).length) log(`tally: failures, one message each: ${JSON.stringify(samples)}`);
  log(`tally: audit ${JSON.stringify({ ...audit, shards: undefined })}; D1 ${JSON.stringify(sold)}`);
  return {
    joined: journeys.filter((j) => j.joined).length,
    abandoned: journeys.reduce((n, j) => n + j.log.filter((a) => a.status === -1).length, 0),
    admitted: journeys.filter((j) => j.admitted).length,
    toldSoldOut: journeys.filter((j) => j.soldOut).length,
    orders: created.length,
    paid,
    oversold,
    fiveXX: Object.values(fiveXXKinds).reduce((a, b) => a + b, 0),
    fiveXXKinds,
    limitViolations: overLimit?.n ?? 0,
    invariant,
    audit: { onHand: audit.onHand, reserved: audit.reserved, committed: audit.committed, inFlight: audit.inFlight, minUnreserved: audit.minUnreserved },
    soldOutS,
    pollP50: pct(polls, 50),
    pollP99: pct(polls, 99),
    answers,
  };
}
