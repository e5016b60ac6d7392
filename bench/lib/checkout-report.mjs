// bench/checkout.mjs's report: medians over rounds, the table's columns, the checks, what it prints
// and the section it appends to bench/RESULTS.md.
import { tmpdir } from 'node:os';
import { RESULTS, ROOT, stateDirInfo } from './bench.mjs';
import { appendResults, commandLine, f0, f1, f2, machineLine, median, sectionHeading } from './report.mjs';
import { markdownTableOf, textTableOf } from './tables.mjs';

/** Medians (worst case for the counts that must be 0) over the rounds. @param {any[]} rounds */
export function aggregate(rounds) {
const med = (f) => median(rounds.map(f));
return {
  created: med((r) => r.created),
  paid: med((r) => r.paid),
  shipped: med((r) => r.shipped),
  oversold: Math.max(...rounds.map((r) => r.oversold)),
  dup: Math.max(...rounds.map((r) => r.dupTotal)),
  lost: Math.max(...rounds.map((r) => r.lost)),
  misCharged: Math.max(...rounds.map((r) => r.misCharged)),
  fiveXX: rounds.reduce((a, r) => a + r.fiveXX, 0),
  ordersPerSec: med((r) => r.ordersPerSec),
  checkoutP99: med((r) => r.checkoutP99),
  checkoutP50: med((r) => r.checkoutP50),
  e2eP99: med((r) => r.e2eP99),
  wall: med((r) => r.wall),
  cpuPerOrder: med((r) => r.cpuPerOrder),
};
}

/** The table's columns, one row per round. */
export const columns = [
  { head: 'run', get: (r) => r.label, left: true },
  { head: 'shoppers', get: (r) => r.shoppers },
  { head: 'created', get: (r) => r.created },
  { head: 'refused', get: (r) => r.refused },
  { head: 'other', get: (r) => r.otherAnswers },
  { head: 'paid (emulator)', get: (r) => r.paid },
  { head: 'store paid+', get: (r) => r.storePaid },
  { head: 'shipped', get: (r) => r.shipped },
  { head: 'oversold', get: (r) => r.oversold },
  { head: 'duplicates', get: (r) => r.dupTotal },
  { head: 'lost', get: (r) => r.lost },
  { head: 'counter onHand/reserved/committed', get: (r) => `${r.onHand}/${r.reserved}/${r.committed}` },
  { head: 'orders/s', get: (r) => f1(r.ordersPerSec) },
  { head: 'first checkout → last shipped s', get: (r) => f2(r.wall) },
  { head: 'checkout p50 ms', get: (r) => f1(r.checkoutP50) },
  { head: 'checkout p99 ms', get: (r) => f1(r.checkoutP99) },
  { head: 'end-to-end p50/p99 ms', get: (r) => `${f0(r.e2eP50)}/${f0(r.e2eP99)}` },
  {
    head: 'stages p50/p99 ms: pay→webhook, →warehouse, →shipped',
    get: (r) =>
      [r.stages.payToWebhook, r.stages.webhookToWarehouse, r.stages.warehouseToShipped].map((x) => `${f0(x.p50)}/${f0(x.p99)}`).join(', '),
  },
  { head: 'retries', get: (r) => r.retries },
  { head: 'CPU ms/order', get: (r) => f2(r.cpuPerOrder) },
  { head: 'foreign CPU', get: (r) => `${f0(r.foreignPct)}%` },
];

/** @param {any[]} rounds @param {ReturnType<typeof aggregate>} agg */
export function checksOf(rounds, agg) {
  return [
    { name: '0 oversold', pass: agg.oversold === 0, value: rounds.map((r) => r.oversold).join(', ') },
    { name: '0 duplicates', pass: agg.dup === 0, value: rounds.map((r) => JSON.stringify(r.duplicates)).join('; ') },
    { name: '0 lost', pass: agg.lost === 0, value: rounds.map((r) => r.lost).join(', ') },
    { name: 'every payment = its order’s total', pass: agg.misCharged === 0, value: `${rounds.map((r) => r.misCharged).join(', ')} differ` },
    { name: 'every paid order shipped within the wait', pass: rounds.every((r) => !r.timedOut && r.shipped === r.paid), value: rounds.map((r) => `${r.shipped}/${r.paid}`).join(', ') },
    { name: '0 5xx / network errors on checkout', pass: agg.fiveXX === 0, value: String(agg.fiveXX) },
  ];
}

/**
 * Prints the table, the medians and the checks (and workerd's tail when a check failed); true if one failed.
 * @param {{ rounds: any[], agg: ReturnType<typeof aggregate>, checks: ReturnType<typeof checksOf>, workerdTail: string[], settings: { SHOPPERS: number, STOCK: number, ROUNDS: number, ADDRESS: any, OPTION: string, CODE: string } }} r
 */
export function printReport({ rounds, agg, checks, workerdTail, settings: { SHOPPERS, STOCK, ROUNDS, ADDRESS, OPTION, CODE } }) {
  const table = textTableOf(columns, rounds);
  console.log('');
  console.log(
    `End-to-end checkout: ${SHOPPERS} shoppers, one hot SKU with stock ${STOCK}, address ${ADDRESS.region} ${ADDRESS.country}, ${OPTION}, ${CODE}; all checkouts at once, each winner pays at once`,
  );
  console.log(table);
  console.log('');
  console.log(
    `Medians over ${ROUNDS} round(s): created ${agg.created}, paid ${agg.paid}, shipped ${agg.shipped}, oversold ${agg.oversold}, duplicates ${agg.dup}, ` +
      `lost ${agg.lost}; ${f1(agg.ordersPerSec)} orders/s end to end (first checkout → last shipment ${f2(agg.wall)} s); ` +
      `checkout p50 ${f1(agg.checkoutP50)} ms, p99 ${f1(agg.checkoutP99)} ms; end-to-end p99 ${f0(agg.e2eP99)} ms; ${f2(agg.cpuPerOrder)} ms workerd CPU per created order`,
  );
  console.log('');
  console.log('Checks:');
  for (const c of checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);
  const bad = checks.some((c) => !c.pass);
  if (bad) console.log(`\nworkerd output (tail):\n  ${workerdTail.join('\n  ')}`);
  return bad;
}

/**
 * Appends the round's section to bench/RESULTS.md.
 * @param {{ rounds: any[], agg: ReturnType<typeof aggregate>, checks: ReturnType<typeof checksOf>, machine: any, settings: { SHOPPERS: number, STOCK: number, ROUNDS: number, WAIT_S: number, PRODUCTS: number, ADDRESS: any, OPTION: string, CODE: string }, log: (m: string) => void }} r
 */
export async function appendCheckoutResults({ rounds, agg, checks, machine, settings: { SHOPPERS, STOCK, ROUNDS, WAIT_S, PRODUCTS, ADDRESS, OPTION, CODE }, log }) {
  const section = [
    sectionHeading('End-to-end checkout', machine),
    '',
    commandLine(
      'bench:checkout',
      `${SHOPPERS} shoppers, stock ${STOCK}, ${ROUNDS} round(s) on a fresh hot SKU each, wait ≤ ${WAIT_S} s; ${PRODUCTS} products; ` +
        `every checkout with an address (${ADDRESS.city}, ${ADDRESS.region}), ${OPTION} and ${CODE}`,
      { withTmpdir: true },
    ),
    `- State: throwaway persist dirs under ${stateDirInfo(tmpdir())}`,
    await machineLine(machine, ROOT, ['wrangler', 'miniflare']),
    '',
    markdownTableOf(columns, rounds),
    '',
    `Medians over ${ROUNDS} round(s): created ${agg.created}, paid ${agg.paid}, shipped ${agg.shipped}, oversold ${agg.oversold}, duplicates ${agg.dup}, lost ${agg.lost}; ` +
      `**${f1(agg.ordersPerSec)} orders/s** end to end (first checkout → last shipment ${f2(agg.wall)} s, including the warehouse's 500 ms ship delay); ` +
      `**checkout p99 ${f1(agg.checkoutP99)} ms** (p50 ${f1(agg.checkoutP50)}); end-to-end p99 ${f0(agg.e2eP99)} ms; ${f2(agg.cpuPerOrder)} ms workerd CPU per created order (whole journey, losers' checkouts included).`,
    '',
    'Checks:',
    '',
    ...checks.map((c) => `- ${c.pass ? 'PASS' : 'FAIL'} ${c.name}: ${c.value}`),
  ].join('\n');
  await appendResults(RESULTS, section);
  log(`appended results to ${RESULTS}`);
}
